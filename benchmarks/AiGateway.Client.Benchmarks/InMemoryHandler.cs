namespace AiGateway.Client.Benchmarks;

/// <summary>Answers every request with the same recorded body, so only client-side work is measured.</summary>
internal sealed class InMemoryHandler(byte[] body, string contentType) : HttpMessageHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = new HttpResponseMessage(System.Net.HttpStatusCode.OK) { Content = new ByteArrayContent(body), RequestMessage = request };
        response.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return Task.FromResult(response);
    }
}
