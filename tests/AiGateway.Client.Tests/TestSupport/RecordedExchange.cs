using System.Net;
using System.Text;
using System.Text.Json;

namespace AiGateway.Client.Tests.TestSupport;

/// <summary>One recorded HTTP call from a fixture file: the request as sent and the response as received.</summary>
public sealed record RecordedExchange(
    string Method,
    Uri Uri,
    JsonElement? RequestBody,
    int StatusCode,
    string ContentType,
    string ResponseBody,
    IReadOnlyDictionary<string, string> ResponseHeaders)
{
    public bool IsEventStream => ContentType.StartsWith("text/event-stream", StringComparison.OrdinalIgnoreCase);

    /// <summary>Builds the response exactly as recorded (body bytes, status, content type, headers that HttpClient accepts).</summary>
    public HttpResponseMessage ToResponse()
    {
        var response = new HttpResponseMessage((HttpStatusCode)StatusCode)
        {
            Content = new ByteArrayContent(Encoding.UTF8.GetBytes(ResponseBody)),
        };
        response.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
        foreach (var (name, value) in ResponseHeaders)
        {
            if (!name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase) && !name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)
                && !name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
            {
                response.Headers.TryAddWithoutValidation(name, value);
            }
        }

        return response;
    }
}
