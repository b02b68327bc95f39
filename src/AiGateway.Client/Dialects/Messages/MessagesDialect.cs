using System.Text.Json;
using Microsoft.Extensions.AI;

namespace AiGateway.Client.Dialects.Messages;

/// <summary>
/// The Anthropic Messages dialect (<c>POST v1/messages</c>; https://docs.claude.com/en/api/messages). The gateway
/// profile adds <c>anthropic-version</c> and the auth header; this class writes and reads the bodies.
/// </summary>
internal sealed class MessagesDialect : IChatDialect
{
    public static MessagesDialect Instance { get; } = new();

    public ChatDialect Dialect => ChatDialect.Messages;

    public void WriteRequest(Utf8JsonWriter writer, DialectRequest request) => MessagesRequestWriter.Write(writer, request);

    public ChatResponse ReadResponse(ReadOnlySpan<byte> body, DialectResponseContext context) => MessagesResponseReader.Read(body, context);

    public IAsyncEnumerable<ChatResponseUpdate> ReadStreamAsync(Stream body, DialectResponseContext context, CancellationToken cancellationToken) =>
        MessagesStreamReader.ReadAsync(body, context, cancellationToken);
}
