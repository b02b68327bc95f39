using System.Net.Http.Headers;
using AiGateway.Client.Catalog;
using AiGateway.Client.Gateways;
using AiGateway.Client.Routing;

namespace AiGateway.Client.Tests.TestSupport;

/// <summary>
/// A gateway profile for dialect tests: serves all four dialects under one root with Netlify-style paths and each
/// dialect's native auth header (Bearer, x-api-key + anthropic-version, x-goog-api-key).
/// </summary>
public sealed class TestGateway(Uri? root = null, string key = TestGateway.Key) : GatewayProfile(GatewayKind.OpenAICompatible, root ?? new Uri("https://gateway.test/"))
{
    public const string Key = "test-key-0123456789";

    public override string Name => "Test gateway";

    public override IReadOnlyCollection<ChatDialect> Dialects { get; } = Enum.GetValues<ChatDialect>();

    public override bool CanServe(ChatDialect dialect, CatalogModel model) => true;

    public override Uri GetEndpoint(ChatDialect dialect, CatalogModel model, string wireModelId, bool streaming) => dialect switch
    {
        ChatDialect.ChatCompletions => new Uri(BaseUri, "chat/completions"),
        ChatDialect.Responses => new Uri(BaseUri, "responses"),
        ChatDialect.Messages => new Uri(BaseUri, "v1/messages"),
        _ => new Uri(BaseUri, streaming ? $"v1beta/models/{wireModelId}:streamGenerateContent?alt=sse" : $"v1beta/models/{wireModelId}:generateContent"),
    };

    public override void ApplyAuthentication(HttpRequestMessage request, ChatDialect dialect, CatalogModel model)
    {
        switch (dialect)
        {
            case ChatDialect.Messages:
                request.Headers.TryAddWithoutValidation("x-api-key", key);
                request.Headers.TryAddWithoutValidation("anthropic-version", "2023-06-01");
                break;
            case ChatDialect.GenerateContent:
                request.Headers.TryAddWithoutValidation("x-goog-api-key", key);
                break;
            default:
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
                break;
        }
    }

    /// <summary>A route to <paramref name="modelId"/> in <paramref name="dialect"/> on this gateway.</summary>
    public Route RouteFor(ChatDialect dialect, string modelId = "openai/gpt-4o-mini", string? wireModelId = null)
    {
        var model = new ModelCatalog([]).Resolve(modelId);
        var wire = wireModelId ?? model.Name;
        return new Route(dialect, GetEndpoint(dialect, model, wire, false), GetEndpoint(dialect, model, wire, true), wire, model, this);
    }

    /// <summary>A leaf client sending through <paramref name="handler"/> to this gateway.</summary>
    public AiGatewayChatClient CreateClient(HttpMessageHandler handler, string defaultModel = "openai/gpt-4o-mini", ChatDialect? dialect = null) =>
        new(new AiGatewayOptions { DefaultModel = defaultModel, PreferredDialect = dialect, Environment = EnvironmentSource.FromDictionary([]) },
            GatewayEnvironment.FromProfiles(this),
            new HttpClient(handler));
}
