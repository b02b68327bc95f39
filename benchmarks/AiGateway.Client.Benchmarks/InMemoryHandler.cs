namespace AiGateway.Client.Benchmarks;

/// <summary>
/// Answers every request with the same recorded body, so only client-side work is measured. The request body is
/// written out (to <see cref="Stream.Null"/>) as a real transport would: clients that serialise lazily, when the
/// transport asks for the content, would otherwise skip that work here and look cheaper than they are.
/// </summary>
internal sealed class InMemoryHandler(byte[] body, string contentType) : HttpMessageHandler
{
    private int _requestCount;

    /// <summary>Gets how many requests were answered (setup checks that nothing was retried).</summary>
    public int RequestCount => Volatile.Read(ref _requestCount);

    /// <summary>Gets or sets a value indicating whether the next request bodies are kept in <see cref="LastRequestBody"/> (setup checks only; off while measuring).</summary>
    public bool CaptureRequests { get; set; }

    /// <summary>Gets the body of the last request seen while <see cref="CaptureRequests"/> was on.</summary>
    public byte[]? LastRequestBody { get; private set; }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _requestCount);
        if (request.Content is { } content)
        {
            if (CaptureRequests)
            {
                LastRequestBody = await content.ReadAsByteArrayAsync(cancellationToken);
            }
            else
            {
                await content.CopyToAsync(Stream.Null, cancellationToken);
            }
        }

        var response = new HttpResponseMessage(System.Net.HttpStatusCode.OK) { Content = new ByteArrayContent(body), RequestMessage = request };
        response.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return response;
    }
}
