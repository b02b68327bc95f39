using System.Net;
using System.Text;
using AiGateway.Client.Gateways;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Time.Testing;

namespace AiGateway.Client.Tests.Catalog;

public sealed class BackgroundCatalogRefreshTests
{
    private const string ModelList = """{"object":"list","data":[{"id":"acme/brand-new-model","owned_by":"acme","type":"language","pricing":{"input":"0.000001","output":"0.000002"}}]}""";

    /// <summary>Answers the model list on GET …/models and 503 on anything else; counts model-list requests.</summary>
    private sealed class ModelListHandler(HttpStatusCode listStatus) : HttpMessageHandler
    {
        public int ListRequests;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Method == HttpMethod.Get && request.RequestUri!.AbsolutePath.EndsWith("/models", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref ListRequests);
                return Task.FromResult(new HttpResponseMessage(listStatus) { Content = new StringContent(ModelList, Encoding.UTF8, "application/json") });
            }

            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.ServiceUnavailable) { Content = new StringContent("{}") });
        }
    }

    private static AiGatewayChatClient Create(ModelListHandler handler, FakeTimeProvider clock, bool refresh) => new(
        new AiGatewayOptions
        {
            Environment = EnvironmentSource.FromDictionary([new("AI_GATEWAY_API_KEY", "test-vercel-key")]),
            DefaultModel = "openai/gpt-5-mini",
            RefreshCatalogInBackground = refresh,
            CatalogRefreshTtl = TimeSpan.FromMinutes(10),
            TimeProvider = clock,
        },
        new HttpClient(handler));

    [Fact]
    public async Task FirstRequestStartsARefreshThatTeachesTheCatalogNewModels()
    {
        var handler = new ModelListHandler(HttpStatusCode.OK);
        using var client = Create(handler, new FakeTimeProvider(), refresh: true);

        await Assert.ThrowsAnyAsync<Exception>(() => client.GetResponseAsync("hi"));
        Assert.True(await client.LastCatalogRefresh!);

        Assert.True(client.Catalog.TryFind("acme/brand-new-model", out var model));
        Assert.True(model.IsKnown);
        Assert.Equal(1, handler.ListRequests);
    }

    [Fact]
    public async Task NoSecondRefreshUntilTheIntervalPasses()
    {
        var handler = new ModelListHandler(HttpStatusCode.OK);
        var clock = new FakeTimeProvider();
        using var client = Create(handler, clock, refresh: true);

        await Assert.ThrowsAnyAsync<Exception>(() => client.GetResponseAsync("hi"));
        var first = client.LastCatalogRefresh!;
        await first;
        await Assert.ThrowsAnyAsync<Exception>(() => client.GetResponseAsync("hi"));
        Assert.Same(first, client.LastCatalogRefresh);

        clock.Advance(TimeSpan.FromMinutes(11));
        await Assert.ThrowsAnyAsync<Exception>(() => client.GetResponseAsync("hi"));
        await client.LastCatalogRefresh!;

        Assert.NotSame(first, client.LastCatalogRefresh);
        Assert.Equal(2, handler.ListRequests);
    }

    [Fact]
    public async Task AFailedRefreshDoesNotChangeTheRequestOutcome()
    {
        var handler = new ModelListHandler(HttpStatusCode.InternalServerError);
        using var client = Create(handler, new FakeTimeProvider(), refresh: true);

        var ex = await Assert.ThrowsAsync<AiGateway.Client.ProviderUnavailableException>(() => client.GetResponseAsync("hi"));

        Assert.False(await client.LastCatalogRefresh!);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ex.StatusCode);
    }

    [Fact]
    public async Task OffByDefault()
    {
        var handler = new ModelListHandler(HttpStatusCode.OK);
        using var client = Create(handler, new FakeTimeProvider(), refresh: false);

        await Assert.ThrowsAnyAsync<Exception>(() => client.GetResponseAsync("hi"));

        Assert.Null(client.LastCatalogRefresh);
        Assert.Equal(0, handler.ListRequests);
    }
}
