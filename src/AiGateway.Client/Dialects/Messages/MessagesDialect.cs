using System.Text.Json;
using AiGateway.Client.Routing;
using Microsoft.Extensions.AI;

namespace AiGateway.Client.Dialects.Messages;

/// <summary>The Messages dialect (not implemented yet: the request fails before anything is sent).</summary>
internal sealed class MessagesDialect : IChatDialect
{
    public static MessagesDialect Instance { get; } = new();

    public ChatDialect Dialect => ChatDialect.Messages;

    public void WriteRequest(Utf8JsonWriter writer, DialectRequest request) => throw NotYet();

    public ChatResponse ReadResponse(ReadOnlySpan<byte> body, DialectResponseContext context) => throw NotYet();

    public IAsyncEnumerable<ChatResponseUpdate> ReadStreamAsync(Stream body, DialectResponseContext context, CancellationToken cancellationToken) => throw NotYet();

    private static NotSupportedException NotYet() => new("The Messages dialect is not implemented yet; pass options.WithDialect(ChatDialect.ChatCompletions) where the gateway serves it.");
}
