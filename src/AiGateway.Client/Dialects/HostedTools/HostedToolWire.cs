using System.Text.Json;
using AiGateway.Client.Dialects.Json;
using Microsoft.Extensions.AI;

namespace AiGateway.Client.Dialects.HostedTools;

/// <summary>
/// Keeps the wire JSON of a hosted-tool call or result (an Anthropic server-tool block, a Responses output item, a
/// Gemini part) on the MEAI content made from it, under a key naming the dialect, so that the content can be sent back
/// as history in the same dialect exactly as the provider wrote it (encrypted search results, container file ids and
/// the like have no MEAI property). The value is a string, so it survives a JSON save and reload of the messages.
/// </summary>
internal static class HostedToolWire
{
    /// <summary>The key of an Anthropic Messages block (<c>server_tool_use</c>, <c>*_tool_result</c>).</summary>
    public const string MessagesBlockKey = "aigateway.messages.block";

    /// <summary>The key of an OpenAI Responses output item (<c>web_search_call</c>, <c>code_interpreter_call</c>).</summary>
    public const string ResponsesItemKey = "aigateway.responses.item";

    /// <summary>The key of a Gemini generateContent part (<c>executableCode</c>, <c>codeExecutionResult</c>).</summary>
    public const string GenerateContentPartKey = "aigateway.gemini.part";

    /// <summary>Stores <paramref name="json"/> on <paramref name="content"/> under <paramref name="key"/>.</summary>
    public static T Keep<T>(T content, string key, string json)
        where T : AIContent
    {
        (content.AdditionalProperties ??= [])[key] = json;
        return content;
    }

    /// <summary>Gets the kept wire JSON, or <see langword="null"/> when the content did not come from that dialect.</summary>
    public static string? Get(AIContent content, string key) => AdditionalPropertyValues.GetString(content.AdditionalProperties, key);

    /// <summary>Writes kept wire JSON as the next value; it was written by the provider and read by us, so it is valid JSON.</summary>
    public static bool TryWrite(Utf8JsonWriter writer, AIContent content, string key)
    {
        if (Get(content, key) is not { } json)
        {
            return false;
        }

        writer.WriteRawValue(json, skipInputValidation: false);
        return true;
    }
}
