using System.Text.Json;
using Microsoft.Extensions.AI;

namespace AiGateway.Client.Dialects;

/// <summary>
/// One wire format: writes a request body from messages and options, and reads a response or a stream back
/// into Microsoft.Extensions.AI types. Stateless and thread-safe; one instance serves every call.
/// </summary>
internal interface IChatDialect
{
    /// <summary>Gets which dialect this is.</summary>
    ChatDialect Dialect { get; }

    /// <summary>Writes the whole JSON request body (root object included).</summary>
    void WriteRequest(Utf8JsonWriter writer, DialectRequest request);

    /// <summary>Reads a complete (non-streaming) response body.</summary>
    ChatResponse ReadResponse(ReadOnlySpan<byte> body, DialectResponseContext context);

    /// <summary>
    /// Reads a streamed response body. Throws <see cref="MalformedResponseException"/> when the stream
    /// ends without its terminal event, and the mapped exception for a mid-stream error event.
    /// </summary>
    IAsyncEnumerable<ChatResponseUpdate> ReadStreamAsync(Stream body, DialectResponseContext context, CancellationToken cancellationToken);
}
