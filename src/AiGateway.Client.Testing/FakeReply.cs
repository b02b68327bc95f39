using System.Net;

namespace AiGateway.Client.Testing;

/// <summary>
/// What <see cref="FakeGateway"/> answers to one request, rendered in whichever dialect the request used:
/// text, reasoning, tool calls, an image, an HTTP error, or a stream cut short.
/// </summary>
public sealed class FakeReply
{
    /// <summary>Gets the answer text.</summary>
    public string? Text { get; init; }

    /// <summary>Gets reasoning text sent before the answer (thinking / reasoning summary).</summary>
    public string? Reasoning { get; init; }

    /// <summary>Gets the tool calls to make (several = parallel calls).</summary>
    public IReadOnlyList<FakeToolCall> ToolCalls { get; init; } = [];

    /// <summary>Gets the hosted tool calls (web search, code execution) reported before the answer, with their results.</summary>
    public IReadOnlyList<FakeHostedToolCall> HostedToolCalls { get; init; } = [];

    /// <summary>Gets the sources the answer text cites.</summary>
    public IReadOnlyList<FakeCitation> Citations { get; init; } = [];

    /// <summary>Gets an image to return (Gemini <c>inlineData</c>; other dialects ignore it).</summary>
    public (byte[] Data, string MediaType)? Image { get; init; }

    /// <summary>
    /// Gets the vectors to answer an embeddings request with, one per input in order (OpenAI <c>embeddings</c>, Gemini
    /// <c>embedContent</c>/<c>batchEmbedContents</c>); <see langword="null"/> computes deterministic vectors from the texts
    /// (see <see cref="FakeGateway.EmbedText"/>).
    /// </summary>
    public IReadOnlyList<float[]>? Embeddings { get; init; }

    /// <summary>Gets the images an images request (<c>images/generations</c>, <c>images/edits</c>) answers with; <see langword="null"/> answers with <see cref="Image"/> or <see cref="FakeGateway.SampleImage"/>.</summary>
    public IReadOnlyList<(byte[] Data, string MediaType)>? Images { get; init; }

    /// <summary>Gets the HTTP status; anything but 200 sends <see cref="ErrorBody"/>.</summary>
    public HttpStatusCode StatusCode { get; init; } = HttpStatusCode.OK;

    /// <summary>Gets the error body; <see langword="null"/> renders the dialect's own error envelope.</summary>
    public string? ErrorBody { get; init; }

    /// <summary>Gets the <c>Retry-After</c> to send with an error.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>Gets a value indicating whether a streamed answer stops before its terminal event.</summary>
    public bool TruncateStream { get; init; }

    /// <summary>Gets the finish reason in the dialect's words; <see langword="null"/> picks the natural one.</summary>
    public string? FinishReason { get; init; }

    /// <summary>Gets the input token count to report; <see langword="null"/> estimates it from the request size.</summary>
    public int? InputTokens { get; init; }

    /// <summary>Gets the output token count to report; <see langword="null"/> estimates it from the answer.</summary>
    public int? OutputTokens { get; init; }

    /// <summary>
    /// Gets the cost the gateway reports, in USD, sent as Vercel sends it: <c>provider_metadata.gateway.cost</c> as a
    /// decimal string (Chat Completions on the message or the last chunk, Responses on the response object, Messages on
    /// the message or <c>message_delta</c>). generateContent has no such field and ignores it.
    /// </summary>
    public decimal? Cost { get; init; }

    /// <summary>Gets how many pieces a streamed text is cut into (at least 1).</summary>
    public int StreamChunks { get; init; } = 4;

    /// <summary>Gets an extra delay before answering (to test timeouts and cancellation).</summary>
    public TimeSpan Delay { get; init; }

    /// <summary>Answers with text.</summary>
    /// <param name="text">The answer.</param>
    /// <returns>The reply.</returns>
    public static FakeReply WithText(string text) => new() { Text = text };

    /// <summary>Answers an embeddings request with these vectors (one per input, in order).</summary>
    /// <param name="vectors">The vectors.</param>
    /// <returns>The reply.</returns>
    public static FakeReply WithEmbeddings(params float[][] vectors) => new() { Embeddings = vectors };

    /// <summary>Answers with an image (Gemini <c>inlineData</c>, OpenAI <c>b64_json</c>).</summary>
    /// <param name="data">The image bytes.</param>
    /// <param name="mediaType">The media type, for example <c>image/png</c>.</param>
    /// <returns>The reply.</returns>
    public static FakeReply WithImage(byte[] data, string mediaType = "image/png") => new() { Image = (data, mediaType) };

    /// <summary>Answers with tool calls (several are parallel calls).</summary>
    /// <param name="calls">The calls.</param>
    /// <returns>The reply.</returns>
    public static FakeReply WithToolCalls(params FakeToolCall[] calls) => new() { ToolCalls = calls };

    /// <summary>Answers with an HTTP error.</summary>
    /// <param name="status">The status.</param>
    /// <param name="retryAfter">The <c>Retry-After</c> to send.</param>
    /// <param name="body">The body; <see langword="null"/> renders the dialect's own error envelope.</param>
    /// <returns>The reply.</returns>
    public static FakeReply WithError(HttpStatusCode status, TimeSpan? retryAfter = null, string? body = null) =>
        new() { StatusCode = status, RetryAfter = retryAfter, ErrorBody = body };

    /// <summary>Streams the start of <paramref name="text"/> and then ends the stream without its terminal event.</summary>
    /// <param name="text">The text to start sending.</param>
    /// <returns>The reply.</returns>
    public static FakeReply WithTruncatedStream(string text) => new() { Text = text, TruncateStream = true };
}
