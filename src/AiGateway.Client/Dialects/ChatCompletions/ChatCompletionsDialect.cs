using System.Text.Json;
using Microsoft.Extensions.AI;

namespace AiGateway.Client.Dialects.ChatCompletions;

/// <summary>
/// The OpenAI Chat Completions dialect (<c>POST chat/completions</c>), spoken by OpenAI and by every gateway's
/// OpenAI-compatible endpoint: <see cref="ChatCompletionsRequestWriter"/> writes the body,
/// <see cref="ChatCompletionsResponseReader"/> and <see cref="ChatCompletionsStreamReader"/> read the answer.
/// </summary>
internal sealed class ChatCompletionsDialect : IChatDialect
{
    public static ChatCompletionsDialect Instance { get; } = new();

    public ChatDialect Dialect => ChatDialect.ChatCompletions;

    public void WriteRequest(Utf8JsonWriter writer, DialectRequest request)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(request);
        ChatCompletionsRequestWriter.Write(writer, request);
    }

    public ChatResponse ReadResponse(ReadOnlySpan<byte> body, DialectResponseContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return ChatCompletionsResponseReader.Read(body, context);
    }

    public IAsyncEnumerable<ChatResponseUpdate> ReadStreamAsync(Stream body, DialectResponseContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(context);
        return ChatCompletionsStreamReader.ReadAsync(body, context, cancellationToken);
    }
}
