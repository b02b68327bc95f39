namespace AiGateway.Client.Gateways;

/// <summary>Each dialect's path relative to a dialect base URL, as the providers' own SDKs build them (docs/gateways.md, "Dialects").</summary>
internal static class DialectPaths
{
    public const string ChatCompletions = "chat/completions";
    public const string Responses = "responses";
    public const string Messages = "v1/messages";
    public const string Models = "models";

    /// <summary>
    /// <c>v1beta/models/{model}:generateContent</c>, or <c>…:streamGenerateContent?alt=sse</c> when streaming: without
    /// <c>alt=sse</c> Gemini streams one JSON array instead of server-sent events
    /// (https://ai.google.dev/api/generate-content#method:-models.streamgeneratecontent).
    /// </summary>
    public static string GenerateContent(string wireModelId, bool streaming) =>
        "v1beta/" + GenerateContentMethod(wireModelId, streaming);

    /// <summary><c>models/{model}:generateContent</c> (or the streaming method), for bases that already end in the version.</summary>
    public static string GenerateContentMethod(string wireModelId, bool streaming)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(wireModelId);
        if (wireModelId.AsSpan().IndexOfAny("?# \r\n") >= 0)
        {
            throw new ArgumentException($"The Gemini model id '{wireModelId}' goes into the URL path and must not contain '?', '#' or whitespace.", nameof(wireModelId));
        }

        return streaming
            ? $"models/{wireModelId}:streamGenerateContent?alt=sse"
            : $"models/{wireModelId}:generateContent";
    }
}
