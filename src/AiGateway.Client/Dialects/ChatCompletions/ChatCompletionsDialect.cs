using System.Text.Json;
using AiGateway.Client.Routing;
using Microsoft.Extensions.AI;

namespace AiGateway.Client.Dialects.ChatCompletions;

/// <summary>The OpenAI Chat Completions dialect (being written).</summary>
internal sealed class ChatCompletionsDialect : IChatDialect
{
    public static ChatCompletionsDialect Instance { get; } = new();

    public ChatDialect Dialect => ChatDialect.ChatCompletions;

    public void WriteRequest(Utf8JsonWriter writer, DialectRequest request) => throw new NotSupportedException();

    public ChatResponse ReadResponse(ReadOnlySpan<byte> body, DialectResponseContext context) => throw new NotSupportedException();

    public IAsyncEnumerable<ChatResponseUpdate> ReadStreamAsync(Stream body, DialectResponseContext context, CancellationToken cancellationToken) => throw new NotSupportedException();
}
