using System.Net;
using AiGateway.Client.Catalog;
using AiGateway.Client.Errors;
using AiGateway.Client.Routing;

namespace AiGateway.Client.Tests.Middleware.Failover;

/// <summary>
/// Builds the exceptions the leaf throws, through the same code it uses (<see cref="ErrorResponseReader"/> for HTTP
/// errors; the leaf's own shapes for connection failures and HTTP client timeouts).
/// </summary>
public static class GatewayErrors
{
    public static AiGatewayException Status(int status, TimeSpan? retryAfter = null, GatewayKind gateway = GatewayKind.Vercel, string? code = null, string? message = null) =>
        ErrorResponseReader.Build(status, code, message ?? "upstream trouble", "req_test_1", retryAfter, RouteOn(gateway), suggestModels: null, inner: null);

    public static AiGatewayException ModelNotFound(GatewayKind gateway = GatewayKind.Vercel) =>
        ErrorResponseReader.Build(404, "model_not_found", "The model `openai/gpt-9` does not exist", "req_test_2", null, RouteOn(gateway), suggestModels: null, inner: null);

    /// <summary>What the leaf throws when the connection fails before a response (HttpRequestException wrapped, transient).</summary>
    public static AiGatewayException ConnectionFailed(GatewayKind gateway = GatewayKind.Vercel) =>
        new ProviderUnavailableException("Could not reach the gateway: Connection refused (gateway.test:443).", new HttpRequestException("Connection refused"))
            .SetDetails(gateway, ChatDialect.ChatCompletions, null, null, null, null, null, "openai/gpt-5", isTransient: true);

    /// <summary>What the leaf throws when the HTTP client's timeout elapses before the response headers.</summary>
    public static AiGatewayException HttpClientTimeout(GatewayKind gateway = GatewayKind.Vercel) =>
        new ProviderUnavailableException("The gateway did not answer within the HTTP client's timeout (100s).", new TaskCanceledException())
            .SetDetails(gateway, ChatDialect.ChatCompletions, HttpStatusCode.RequestTimeout, null, null, null, null, "openai/gpt-5", isTransient: true);

    public static Route RouteOn(GatewayKind gateway, string modelId = "openai/gpt-5")
    {
        var profile = new KindGateway(gateway);
        var model = new ModelCatalog([]).Resolve(modelId);
        var endpoint = profile.GetEndpoint(ChatDialect.ChatCompletions, model, model.Name, streaming: false);
        return new Route(ChatDialect.ChatCompletions, endpoint, endpoint, model.Name, model, profile);
    }
}
