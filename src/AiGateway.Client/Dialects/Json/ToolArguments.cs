using System.Text.Json;
using Microsoft.Extensions.AI;

namespace AiGateway.Client.Dialects.Json;

/// <summary>Parses and writes function-call arguments and function results, the same way in every dialect.</summary>
internal static class ToolArguments
{
    // AIJsonUtilities.DefaultOptions writes indented JSON; arguments and results sent as text are billed as tokens,
    // so they are written compact.
    private static readonly JsonSerializerOptions CompactOptions = CreateCompactOptions();

    /// <summary>
    /// Builds a <see cref="FunctionCallContent"/> from the arguments JSON a model produced. Empty text means no
    /// arguments; invalid JSON does not throw: the content carries the parse exception (as Microsoft.Extensions.AI does)
    /// so a tool loop can report it back to the model.
    /// </summary>
    public static FunctionCallContent CreateCall(string callId, string name, string? argumentsJson) =>
        FunctionCallContent.CreateFromParsedArguments(
            string.IsNullOrWhiteSpace(argumentsJson) ? "{}" : argumentsJson,
            callId,
            name,
            static json => JsonSerializer.Deserialize(json, DialectJsonContext.Default.DictionaryStringObject));

    /// <summary>Builds a <see cref="FunctionCallContent"/> from an already parsed JSON object (Messages <c>input</c>, Gemini <c>args</c>).</summary>
    public static FunctionCallContent CreateCall(string callId, string name, JsonElement arguments) =>
        new(callId, name, arguments.ValueKind == JsonValueKind.Object
            ? arguments.Deserialize(DialectJsonContext.Default.DictionaryStringObject)
            : null);

    /// <summary>
    /// Builds a <see cref="FunctionCallContent"/> from an already parsed JSON object, as
    /// <see cref="CreateCall(string, string, JsonElement)"/> does (JSON <c>null</c> values read as <see langword="null"/>,
    /// others as <see cref="JsonElement"/>s) but with elements of the same document instead of a new document per value:
    /// for arguments that arrive whole in streamed chunks (Gemini), where that parse is most of a chunk's cost.
    /// </summary>
    /// <param name="callId">The call's id.</param>
    /// <param name="name">The function's name.</param>
    /// <param name="arguments">The arguments object.</param>
    /// <param name="names">A stream's cache of argument names, so each name is allocated once per stream (null: none).</param>
    public static FunctionCallContent CreateCallFromElements(string callId, string name, JsonElement arguments, JsonPropertyNameCache? names = null)
    {
        if (arguments.ValueKind != JsonValueKind.Object)
        {
            return new(callId, name, null);
        }

        var values = new Dictionary<string, object?>();
        foreach (var property in arguments.EnumerateObject())
        {
            values[names is null ? property.Name : names.Read(property)] = property.Value.ValueKind == JsonValueKind.Null ? null : property.Value;
        }

        return new(callId, name, values);
    }

    /// <summary>Writes the arguments of a call as a JSON object value.</summary>
    public static void WriteObject(Utf8JsonWriter writer, IDictionary<string, object?>? arguments)
    {
        if (arguments is null)
        {
            writer.WriteStartObject();
            writer.WriteEndObject();
            return;
        }

        JsonSerializer.Serialize(writer, arguments, AIJsonUtilities.DefaultOptions.GetTypeInfo(typeof(IDictionary<string, object?>)));
    }

    /// <summary>Gets the arguments of a call as JSON text (Chat Completions and Responses send them as a string).</summary>
    public static string ToJsonString(IDictionary<string, object?>? arguments) =>
        arguments is null ? "{}" : JsonSerializer.Serialize(arguments, CompactOptions.GetTypeInfo(typeof(IDictionary<string, object?>)));

    /// <summary>Writes a function result as JSON text: a string as is, anything else serialized.</summary>
    public static string ResultToString(object? result) => result switch
    {
        null => string.Empty,
        string s => s,
        JsonElement e when e.ValueKind == JsonValueKind.String => e.GetString() ?? string.Empty,
        JsonElement e => e.GetRawText(),
        _ => JsonSerializer.Serialize(result, CompactOptions.GetTypeInfo(result.GetType())),
    };

    /// <summary>Writes a function result as a JSON value (Gemini <c>functionResponse.response</c> wants an object).</summary>
    public static void WriteResultValue(Utf8JsonWriter writer, object? result)
    {
        switch (result)
        {
            case null:
                writer.WriteNullValue();
                break;
            case string s:
                writer.WriteStringValue(s);
                break;
            case JsonElement e:
                e.WriteTo(writer);
                break;
            default:
                JsonSerializer.Serialize(writer, result, AIJsonUtilities.DefaultOptions.GetTypeInfo(result.GetType()));
                break;
        }
    }

    private static JsonSerializerOptions CreateCompactOptions()
    {
        var options = new JsonSerializerOptions(AIJsonUtilities.DefaultOptions) { WriteIndented = false };
        options.MakeReadOnly();
        return options;
    }
}
