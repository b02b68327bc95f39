using System.Text.Json;
using Microsoft.Extensions.AI;

namespace AiGateway.Client.Dialects;

/// <summary>
/// The one strict-schema rule of both OpenAI dialects, as Microsoft.Extensions.AI's OpenAI client applies it
/// (dotnet/extensions, <c>OpenAIChatClient.ToOpenAIChatTool</c> and <c>OpenAIResponsesChatClient</c>): a function's own
/// <c>strictJsonSchema</c> flag in <see cref="AITool.AdditionalProperties"/>, else the request's in
/// <see cref="ChatOptions.AdditionalProperties"/>; a JSON-schema response format takes the request's flag.
/// <see langword="null"/> when neither decides, and then each writer sends the wire form of "not strict"
/// (docs/gateways.md, "Strict schemas").
/// </summary>
internal static class StrictJsonSchema
{
    /// <summary>
    /// The <see cref="ChatOptions.AdditionalProperties"/> (or <see cref="AITool.AdditionalProperties"/>) key that turns on
    /// <c>strict</c> for a function (or a JSON-schema response format). The key Microsoft.Extensions.AI.OpenAI reads.
    /// </summary>
    public const string Key = "strictJsonSchema";

    /// <summary>Gets the strictness of <paramref name="function"/> in a request with <paramref name="options"/>.</summary>
    public static bool? ForTool(AIFunctionDeclaration function, ChatOptions options) =>
        Read(function.AdditionalProperties) ?? Read(options.AdditionalProperties);

    /// <summary>Gets the strictness of the request's JSON-schema response format.</summary>
    public static bool? ForResponseFormat(ChatOptions options) => Read(options.AdditionalProperties);

    /// <summary>
    /// Reads the flag: a <see cref="bool"/> as Microsoft.Extensions.AI sets it, and also the JSON or string forms a
    /// value bound from configuration or copied from JSON takes. Anything else decides nothing.
    /// </summary>
    private static bool? Read(IReadOnlyDictionary<string, object?>? properties) =>
        properties is not null && properties.TryGetValue(Key, out var value) ? value switch
        {
            bool b => b,
            JsonElement { ValueKind: JsonValueKind.True } => true,
            JsonElement { ValueKind: JsonValueKind.False } => false,
            string s when bool.TryParse(s, out var parsed) => parsed,
            _ => null,
        } : null;
}
