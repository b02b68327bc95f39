using System.Text.Json;
using AiGateway.Client.Routing;
using Microsoft.Extensions.AI;

namespace AiGateway.Client.Dialects.GenerateContent;

/// <summary>The GenerateContent dialect (not implemented yet: the request fails before anything is sent).</summary>
internal sealed class GenerateContentDialect : IChatDialect
{
    public static GenerateContentDialect Instance { get; } = new();

    public ChatDialect Dialect => ChatDialect.GenerateContent;

    public void WriteRequest(Utf8JsonWriter writer, DialectRequest request) => throw NotYet();

    public ChatResponse ReadResponse(ReadOnlySpan<byte> body, DialectResponseContext context) => throw NotYet();

    public IAsyncEnumerable<ChatResponseUpdate> ReadStreamAsync(Stream body, DialectResponseContext context, CancellationToken cancellationToken) => throw NotYet();

    private static NotSupportedException NotYet() => new("The GenerateContent dialect is not implemented yet; pass options.WithDialect(ChatDialect.ChatCompletions) where the gateway serves it.");
}
