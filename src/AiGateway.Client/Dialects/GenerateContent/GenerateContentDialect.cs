using System.Text.Json;
using Microsoft.Extensions.AI;

namespace AiGateway.Client.Dialects.GenerateContent;

/// <summary>
/// The Google Gemini generateContent dialect (<c>POST v1beta/models/{model}:generateContent</c>, streaming
/// <c>…:streamGenerateContent?alt=sse</c>; the gateway profile builds both URLs, since the model is in the path).
/// Request: <see cref="GenerateContentRequestWriter"/>; thinking knobs: <see cref="GenerateContentThinking"/>;
/// messages: <see cref="GenerateContentMessageWriter"/>; response: <see cref="GenerateContentResponseReader"/>; stream:
/// <see cref="GenerateContentStreamReader"/>. Thought signatures round-trip through
/// <c>TextReasoningContent.ProtectedData</c> (text parts) and <c>FunctionCallContent.AdditionalProperties["thoughtSignature"]</c>
/// (function-call parts).
/// </summary>
internal sealed class GenerateContentDialect : IChatDialect
{
    public static GenerateContentDialect Instance { get; } = new();

    public ChatDialect Dialect => ChatDialect.GenerateContent;

    public void WriteRequest(Utf8JsonWriter writer, DialectRequest request) => GenerateContentRequestWriter.Write(writer, request);

    public ChatResponse ReadResponse(ReadOnlySpan<byte> body, DialectResponseContext context) => GenerateContentResponseReader.Read(body, context);

    public IAsyncEnumerable<ChatResponseUpdate> ReadStreamAsync(Stream body, DialectResponseContext context, CancellationToken cancellationToken) =>
        GenerateContentStreamReader.ReadAsync(body, context, cancellationToken);
}
