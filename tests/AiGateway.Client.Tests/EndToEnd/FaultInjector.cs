using System.Net;
using System.Text;
using System.Text.Json;
using AiGateway.Client.Testing;

namespace AiGateway.Client.Tests.EndToEnd;

/// <summary>What <see cref="FaultInjector"/> does to the calls that pass through it.</summary>
internal enum Fault
{
    /// <summary>Nothing: <see cref="FakeGateway"/> answers.</summary>
    None,

    /// <summary>401 whose provider message quotes the credential the request carried (as some gateways and proxies do).</summary>
    UnauthorizedEchoingKey,

    /// <summary>429 with <c>Retry-After</c>.</summary>
    RateLimited,

    /// <summary>500 with a plain-text body that quotes the credential.</summary>
    ServerErrorEchoingKey,

    /// <summary>402 (out of credits).</summary>
    PaymentRequired,

    /// <summary>The connection fails before any response.</summary>
    ConnectionFailure,

    /// <summary>200 with a body (or stream event) that is not valid JSON and quotes the credential.</summary>
    MalformedEchoingKey,

    /// <summary>A stream that stops before its terminal event.</summary>
    TruncatedStream,
}

/// <summary>
/// Sits in front of <see cref="FakeGateway"/> (as the HTTP client's primary handler) and breaks calls on demand, in
/// the ways real gateways and networks do. Echoing faults put the request's own credential into the answer, so a
/// test can check that the client never repeats what a gateway sends back.
/// </summary>
internal sealed class FaultInjector(FakeGateway fake, IEnumerable<string> credentialHeaders) : DelegatingHandler(fake)
{
    private readonly string[] _credentialHeaders = credentialHeaders.ToArray();

    public Fault Fault { get; set; }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var fault = Fault;
        switch (fault)
        {
            case Fault.None:
                return await base.SendAsync(request, cancellationToken);
            case Fault.ConnectionFailure:
                throw new HttpRequestException(
                    HttpRequestError.ConnectionError, $"Connection refused ({request.RequestUri!.Host}:{request.RequestUri.Port})", new IOException("Connection refused"));
            case Fault.RateLimited:
                await base.SendAsync(request, cancellationToken); // Recorded like any other request.
                return Respond(request, HttpStatusCode.TooManyRequests, """{"error":{"message":"Rate limit reached.","type":"requests","code":"rate_limit_exceeded"}}""", "application/json", retryAfter: true);
            case Fault.PaymentRequired:
                await base.SendAsync(request, cancellationToken);
                return Respond(request, HttpStatusCode.PaymentRequired, """{"error":{"message":"Insufficient credits.","type":"insufficient_funds","code":"insufficient_funds"}}""", "application/json");
            case Fault.TruncatedStream:
                fake.Enqueue(FakeReply.WithTruncatedStream("this answer will be cut short"));
                return await base.SendAsync(request, cancellationToken);
        }

        await base.SendAsync(request, cancellationToken);
        var echoed = string.Join(" and ", Credentials(request));
        return fault switch
        {
            Fault.UnauthorizedEchoingKey => Respond(
                request, HttpStatusCode.Unauthorized,
                JsonSerializer.Serialize(new Dictionary<string, Dictionary<string, string>>
                {
                    ["error"] = new() { ["message"] = $"Incorrect API key provided: {echoed}.", ["type"] = "invalid_request_error", ["code"] = "invalid_api_key" },
                }),
                "application/json"),
            Fault.ServerErrorEchoingKey => Respond(request, HttpStatusCode.InternalServerError, $"upstream failed for credential {echoed}", "text/plain"),
            _ => IsStreaming(request)
                ? Respond(request, HttpStatusCode.OK, $"event: message_start\ndata: {{\"oops\": \"{echoed}\n\n", "text/event-stream")
                : Respond(request, HttpStatusCode.OK, $"{{\"oops\": \"{echoed}", "application/json"),
        };
    }

    private static bool IsStreaming(HttpRequestMessage request) =>
        request.Headers.Accept.Any(a => a.MediaType == "text/event-stream");

    private static HttpResponseMessage Respond(HttpRequestMessage request, HttpStatusCode status, string body, string mediaType, bool retryAfter = false)
    {
        var response = new HttpResponseMessage(status)
        {
            Content = new StringContent(body, Encoding.UTF8, mediaType),
            RequestMessage = request,
        };
        if (retryAfter)
        {
            response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(1));
        }

        return response;
    }

    /// <summary>The raw credential values the request carried (without a <c>Bearer</c> prefix, as providers quote keys).</summary>
    private IEnumerable<string> Credentials(HttpRequestMessage request)
    {
        foreach (var name in _credentialHeaders)
        {
            if (request.Headers.TryGetValues(name, out var values))
            {
                foreach (var value in values)
                {
                    yield return value.StartsWith("Bearer ", StringComparison.Ordinal) ? value["Bearer ".Length..] : value;
                }
            }
        }
    }
}
