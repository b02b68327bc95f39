namespace AiGateway.Client.Dialects.ChatCompletions;

/// <summary>Keys the Chat Completions dialect puts in <c>AdditionalProperties</c>.</summary>
internal static class ChatCompletionsPropertyKeys
{
    /// <summary>
    /// On a <see cref="Microsoft.Extensions.AI.FunctionCallContent"/>: the raw JSON text of the tool call's
    /// <c>extra_content</c> object, exactly as received. Google's OpenAI-compatible endpoint (and gateways that route
    /// Gemini over Chat Completions) put Gemini 3's thought signature there,
    /// <c>{"google":{"thought_signature":"…"}}</c>, and answer 400 when the next request of a tool loop does not send it
    /// back on the same call (https://ai.google.dev/gemini-api/docs/thought-signatures, "OpenAI compatibility"). The
    /// writer sends it back verbatim; a JSON-deserialized history may hold it as a <see cref="System.Text.Json.JsonElement"/>.
    /// </summary>
    public const string ExtraContent = "aigateway.chat_completions.extra_content";
}
