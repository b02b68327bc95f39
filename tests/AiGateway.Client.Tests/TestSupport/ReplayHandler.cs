using System.Collections.Concurrent;

namespace AiGateway.Client.Tests.TestSupport;

/// <summary>Answers requests with recorded responses in order and keeps what was sent, for request-shape assertions.</summary>
public sealed class ReplayHandler : HttpMessageHandler
{
    private readonly Queue<Func<HttpResponseMessage>> _responses = new();
    private readonly ConcurrentQueue<SentRequest> _sent = new();

    public ReplayHandler(params RecordedExchange[] exchanges)
    {
        foreach (var exchange in exchanges)
        {
            _responses.Enqueue(exchange.ToResponse);
        }
    }

    public ReplayHandler(IEnumerable<Func<HttpResponseMessage>> responses)
    {
        foreach (var response in responses)
        {
            _responses.Enqueue(response);
        }
    }

    public IReadOnlyList<SentRequest> Sent => _sent.ToArray();

    public static ReplayHandler Body(string body, string contentType, int status = 200) =>
        new([() => new RecordedExchange("POST", new Uri("https://x.test/"), null, status, contentType, body, new Dictionary<string, string>()).ToResponse()]);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? string.Empty : await request.Content.ReadAsStringAsync(cancellationToken);
        var headers = request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => string.Join(", ", h.Value));
        _sent.Enqueue(new SentRequest(request.Method, request.RequestUri!, headers, body));
        Func<HttpResponseMessage> next;
        lock (_responses)
        {
            if (!_responses.TryDequeue(out next!))
            {
                throw new InvalidOperationException($"ReplayHandler has no more recorded responses for {request.Method} {request.RequestUri}.");
            }
        }

        var response = next();
        response.RequestMessage = request;
        return response;
    }
}

/// <summary>A request as it left the client.</summary>
public sealed record SentRequest(HttpMethod Method, Uri Uri, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public System.Text.Json.JsonElement Json => System.Text.Json.JsonDocument.Parse(Body).RootElement;
}
