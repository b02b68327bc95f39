using System.Text.Json;
using Microsoft.Extensions.AI;

namespace AiGateway.Client.Dialects.Responses;

/// <summary>
/// The OpenAI Responses dialect (<c>POST responses</c>), always stateless: <c>store: false</c> and the whole history
/// on every call. See https://platform.openai.com/docs/api-reference/responses.
/// </summary>
internal sealed class ResponsesDialect : IChatDialect
{
    public static ResponsesDialect Instance { get; } = new();

    public ChatDialect Dialect => ChatDialect.Responses;

    public void WriteRequest(Utf8JsonWriter writer, DialectRequest request) => ResponsesRequestWriter.Write(writer, request);

    public ChatResponse ReadResponse(ReadOnlySpan<byte> body, DialectResponseContext context) => ResponsesResponseReader.Read(body, context);

    public IAsyncEnumerable<ChatResponseUpdate> ReadStreamAsync(Stream body, DialectResponseContext context, CancellationToken cancellationToken) =>
        ResponsesStreamReader.ReadAsync(body, context, cancellationToken);
}
