using AiGateway.Client.Catalog;
using AiGateway.Client.Gateways;
using AiGateway.Client.Testing;
using Microsoft.Extensions.AI;

namespace AiGateway.Client.Tests.Gateways;

/// <summary>An environment a test can change between requests (rotated tokens).</summary>
public sealed class MutableEnvironment(params (string Name, string Value)[] variables) : IEnvironmentSource
{
    private readonly Dictionary<string, string> _variables = variables.ToDictionary(v => v.Name, v => v.Value, StringComparer.Ordinal);

    public string? this[string name]
    {
        set
        {
            if (value is null)
            {
                _variables.Remove(name);
            }
            else
            {
                _variables[name] = value;
            }
        }
    }

    public string? Get(string name) => _variables.TryGetValue(name, out var value) && value.Length > 0 ? value : null;
}

/// <summary>Models of each family, and helpers that detect, route and capture requests.</summary>
internal static class GatewayTestSupport
{
    public static readonly CatalogModel OpenAIModel = new("openai/gpt-5.4");
    public static readonly CatalogModel AnthropicModel = new("anthropic/claude-sonnet-4.5");
    public static readonly CatalogModel GoogleModel = new("google/gemini-2.5-flash");
    public static readonly CatalogModel WorkersAIModel = new ModelCatalog([]).Resolve("@cf/meta/llama-3.1-8b-instruct");
    public static readonly CatalogModel OtherModel = new("meta/llama-3.1-8b-instruct");

    /// <summary>The auth headers of every dialect; a request must carry only its own dialect's.</summary>
    public static readonly string[] AuthHeaders = ["authorization", "x-api-key", "x-goog-api-key", "cf-aig-authorization"];

    public static IEnvironmentSource Env(params (string Name, string Value)[] variables) =>
        EnvironmentSource.FromDictionary(variables.Select(v => new KeyValuePair<string, string?>(v.Name, v.Value)));

    public static AiGatewayOptions Options(params (string Name, string Value)[] variables) => new() { Environment = Env(variables) };

    public static GatewayEnvironment Detect(params (string Name, string Value)[] variables) => GatewayEnvironment.Detect(Options(variables));

    public static GatewayDiagnosis Diagnose(params (string Name, string Value)[] variables) => GatewayEnvironment.Diagnose(Options(variables));

    /// <summary>Runs Detect and returns the configuration error it throws.</summary>
    public static AiGateway.Client.GatewayConfigurationException DetectError(params (string Name, string Value)[] variables) =>
        Assert.Throws<AiGateway.Client.GatewayConfigurationException>(() => Detect(variables));

    /// <summary>A request built by a profile alone: endpoint, then auth (the leaf's order).</summary>
    public static HttpRequestMessage Authenticated(GatewayProfile profile, ChatDialect dialect, CatalogModel model, string wireModelId = "m", bool streaming = false)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, profile.GetEndpoint(dialect, model, wireModelId, streaming));
        profile.ApplyAuthentication(request, dialect, model);
        return request;
    }

    public static string? Header(HttpRequestMessage request, string name) =>
        request.Headers.TryGetValues(name, out var values) ? string.Join(", ", values) : null;

    /// <summary>The auth headers present on a request, lower-cased.</summary>
    public static string[] PresentAuthHeaders(HttpRequestMessage request) =>
        AuthHeaders.Where(h => request.Headers.Contains(h)).ToArray();

    public static string[] PresentAuthHeaders(FakeRequest request) =>
        AuthHeaders.Where(request.Headers.ContainsKey).ToArray();
}

/// <summary>
/// Sends one real call through the leaf <see cref="AiGatewayChatClient"/> (gateway detection, catalog, router, dialect
/// writer, gateway headers and auth, HTTP) to a <see cref="FakeGateway"/>, and returns the request as it arrived.
/// </summary>
internal static class LeafRequests
{
    public static async Task<FakeRequest> CaptureAsync(AiGatewayOptions options, string modelId, ChatDialect dialect, bool streaming = false, Func<ChatOptions, ChatOptions>? configure = null)
    {
        var fake = new FakeGateway();
        using var client = new AiGatewayChatClient(options, new HttpClient(fake));
        var chatOptions = new ChatOptions { ModelId = modelId }.WithDialect(dialect);
        chatOptions = configure?.Invoke(chatOptions) ?? chatOptions;
        if (streaming)
        {
            var updates = new List<ChatResponseUpdate>();
            await foreach (var update in client.GetStreamingResponseAsync("ping", chatOptions))
            {
                updates.Add(update);
            }

            Assert.NotEmpty(updates.ToChatResponse().Text);
        }
        else
        {
            Assert.NotEmpty((await client.GetResponseAsync("ping", chatOptions)).Text);
        }

        var sent = Assert.Single(fake.Requests);
        Assert.Equal(dialect, sent.Dialect);
        return sent;
    }

    public static Task<FakeRequest> CaptureAsync(IEnvironmentSource environment, string modelId, ChatDialect dialect, bool streaming = false, Func<ChatOptions, ChatOptions>? configure = null) =>
        CaptureAsync(new AiGatewayOptions { Environment = environment }, modelId, dialect, streaming, configure);
}
