using System.Net;
using System.Text;
using AiGateway.Client.Catalog;
using AiGateway.Client.Routing;
using AiGateway.Client.Tests.Routing;
using AiGateway.Client.Tests.TestSupport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace AiGateway.Client.Tests.Catalog;

/// <summary>
/// Live refresh from recorded-style model-list bodies. Vercel's shape follows its REST API reference
/// (https://vercel.com/docs/ai-gateway/sdks-and-apis/rest-api): OpenAI's list envelope plus name, context_window,
/// max_tokens, type, tags and pricing as decimal strings in USD per token (with *_tiers for long-context prices).
/// </summary>
public sealed class ModelCatalogRefreshTests
{
    private const string VercelList = """
        {"object":"list","data":[
          {"id":"anthropic/claude-sonnet-4.5","object":"model","created":1755815280,"owned_by":"anthropic","name":"Claude Sonnet 4.5 (live)",
           "description":"…","context_window":1000000,"max_tokens":64000,"type":"language","tags":["file-input","reasoning","tool-use","vision"],
           "pricing":{"input":"0.0000033","output":"0.0000165","input_cache_read":"0.00000033","input_cache_write":"0.000004125"}},
          {"id":"openai/gpt-5.4","object":"model","owned_by":"openai","name":"GPT-5.4","context_window":1050000,"max_tokens":128000,"type":"language",
           "pricing":{"input":"0.0000025","output":"0.000015","input_cache_read":"0.00000025",
                      "input_tiers":[{"cost":"0.0000025","min":0,"max":272001},{"cost":"0.000005","min":272001}],
                      "output_tiers":[{"cost":"0.000015","min":0,"max":272001},{"cost":"0.0000225","min":272001}],
                      "input_cache_read_tiers":[{"cost":"0.00000025","min":0,"max":272001},{"cost":"0.0000005","min":272001}]}},
          {"id":"xai/grok-4.2","object":"model","owned_by":"xai","name":"Grok 4.2","context_window":256000,"max_tokens":32000,"type":"language",
           "tags":["reasoning","tool-use"],"pricing":{"input":"0.000003","output":"0.000015"}},
          {"id":"openai/text-embedding-9-small","object":"model","owned_by":"openai","type":"embedding","pricing":{"input":"0.00000002"}},
          {"id":"google/gemini-3-pro","object":"model","owned_by":"google","name":"Gemini 3 Pro","type":"language","pricing":{"input":"0.000002","output":"0.000012"}}
        ]}
        """;

    private const string NeonList = """
        {"object":"list","data":[
          {"id":"claude-sonnet-4-5","object":"model","owned_by":"databricks","enabled":true,"pricing":null},
          {"id":"gpt-oss-120b","object":"model","owned_by":"databricks","enabled":false,"pricing":null},
          {"id":"gemini-3-5-flash","object":"model","owned_by":"databricks","enabled":true,"pricing":null},
          {"id":"qwen3-next-80b-a3b-instruct","object":"model","owned_by":"databricks","enabled":true,"pricing":null}
        ]}
        """;

    private const string OpenAIList = """
        {"object":"list","data":[
          {"id":"gpt-5","object":"model","created":1754425777,"owned_by":"system"},
          {"id":"gpt-5-2025-08-07","object":"model","created":1754425867,"owned_by":"system"},
          {"id":"gpt-5.9","object":"model","created":1790000000,"owned_by":"system"},
          {"id":"text-embedding-9-large","object":"model","created":1705953180,"owned_by":"system"},
          {"id":"whisper-1","object":"model","created":1677532384,"owned_by":"openai-internal"}
        ]}
        """;

    private const string RebyteList = """{"object":"list","data":[{"id":"claude-sonnet-4.5","object":"model"},{"id":"kimi-k2","object":"model","owned_by":"moonshot"}]}""";

    private static readonly Uri ModelsUri = new("https://models.gateway.test/v1/models");

    [Fact]
    public async Task Vercel_prices_in_usd_per_token_strings_replace_the_embedded_per_million_prices()
    {
        var catalog = await RefreshedAsync(GatewayKind.Vercel, VercelList);

        var pricing = catalog.Resolve("claude-sonnet-4-5").Pricing!;
        Assert.Equal((3.3m, 16.5m, 0.33m, 4.125m), (pricing.InputPerMillion, pricing.OutputPerMillion, pricing.CachedInputPerMillion, pricing.CacheWritePerMillion));
    }

    [Fact]
    public async Task Vercel_names_and_limits_win_over_the_embedded_ones()
    {
        var model = (await RefreshedAsync(GatewayKind.Vercel, VercelList)).Resolve("anthropic/claude-sonnet-4.5");

        Assert.Equal(("Claude Sonnet 4.5 (live)", 1_000_000, 64_000), (model.DisplayName, model.ContextWindow, model.MaxOutputTokens));
    }

    [Fact]
    public async Task Vercel_price_tiers_become_tiers_above_the_token_count_before_their_minimum()
    {
        var pricing = (await RefreshedAsync(GatewayKind.Vercel, VercelList)).Resolve("gpt-5.4").Pricing!;

        var tier = Assert.Single(pricing.Tiers);
        Assert.Equal((272_000L, 5m, 22.5m, (decimal?)0.5m), (tier.AboveInputTokens, tier.InputPerMillion, tier.OutputPerMillion, tier.CachedInputPerMillion));
    }

    [Fact]
    public async Task Unknown_vercel_model_becomes_a_known_model_with_its_prices_and_capabilities()
    {
        var catalog = await RefreshedAsync(GatewayKind.Vercel, VercelList);

        var model = catalog.Resolve("xai/grok-4.2");
        Assert.True(model.IsKnown);
        Assert.Equal((3m, 15m), (model.Pricing!.InputPerMillion, model.Pricing.OutputPerMillion));
        Assert.Equal(ModelCapabilities.Reasoning | ModelCapabilities.Tools, model.Capabilities);
        Assert.Equal(("Grok 4.2", 256_000), (model.DisplayName, model.ContextWindow));
    }

    [Fact]
    public async Task Non_language_models_in_a_list_are_not_added()
    {
        var catalog = await RefreshedAsync(GatewayKind.Vercel, VercelList);

        // An embedding model only the list knows (the catalog's own embedding models carry their dimensions).
        Assert.False(catalog.TryFind("openai/text-embedding-9-small", out _));
    }

    [Fact]
    public async Task A_creator_prefixed_id_matches_only_its_own_canonical_id_not_another_models_short_alias()
    {
        var catalog = await RefreshedAsync(GatewayKind.Vercel, VercelList);

        Assert.Equal("google/gemini-3-pro", catalog.Resolve("google/gemini-3-pro").Id);
        Assert.Equal("google/gemini-3-pro-preview", catalog.Resolve("gemini-3-pro").Id);
        Assert.Equal(2m, catalog.Resolve("google/gemini-3-pro-preview").Pricing!.InputPerMillion);
    }

    [Fact]
    public async Task Neon_null_prices_keep_the_embedded_prices()
    {
        var catalog = await RefreshedAsync(GatewayKind.Neon, NeonList);

        Assert.Equal(3m, catalog.Resolve("claude-sonnet-4-5").Pricing!.InputPerMillion);
    }

    [Fact]
    public async Task Neon_disabled_model_is_no_longer_listed_by_neon()
    {
        var catalog = await RefreshedAsync(GatewayKind.Neon, NeonList);

        Assert.True(ModelCatalog.CreateDefault().Resolve("gpt-oss-120b").IsListedBy(GatewayKind.Neon));
        Assert.False(catalog.Resolve("gpt-oss-120b").IsListedBy(GatewayKind.Neon));
    }

    [Fact]
    public async Task Neon_ids_the_catalog_does_not_know_become_known_models_routed_with_the_listed_id()
    {
        var catalog = await RefreshedAsync(GatewayKind.Neon, NeonList);

        var gemini = catalog.Resolve("gemini-3.5-flash");
        var route = Router.Default.Route(gemini, new RecordingGateway(GatewayKind.Neon));
        Assert.True(gemini.IsKnown);
        Assert.Equal("google/gemini-3.5-flash", gemini.Id);
        Assert.Equal((ChatDialect.ChatCompletions, "gemini-3-5-flash"), (route.Dialect, route.WireModelId));
        Assert.True(catalog.Resolve("qwen3-next-80b-a3b-instruct").IsListedBy(GatewayKind.Neon));
    }

    [Fact]
    public async Task Openai_list_adds_new_chat_models_and_skips_embedding_and_speech_models()
    {
        var catalog = await RefreshedAsync(GatewayKind.Direct, OpenAIList);

        Assert.True(catalog.Resolve("gpt-5.9").IsKnown);
        // An embedding model only the list knows (the catalog carries its embedding models with their dimensions).
        Assert.False(catalog.TryFind("text-embedding-9-large", out _));
        Assert.False(catalog.TryFind("whisper-1", out _));
    }

    [Fact]
    public async Task A_dated_snapshot_in_a_list_does_not_replace_the_id_that_is_sent()
    {
        var catalog = await RefreshedAsync(GatewayKind.Direct, OpenAIList);

        Assert.Equal("gpt-5", Router.Default.Route(catalog.Resolve("gpt-5"), new RecordingGateway(GatewayKind.Direct)).WireModelId);
    }

    [Fact]
    public async Task Rebyte_plain_list_makes_a_new_model_routable_under_its_listed_id()
    {
        var catalog = await RefreshedAsync(GatewayKind.Rebyte, RebyteList);

        var kimi = catalog.Resolve("kimi-k2");
        var route = Router.Default.Route(kimi, new RecordingGateway(GatewayKind.Rebyte));
        Assert.Equal("moonshotai/kimi-k2", kimi.Id);
        Assert.Equal((ChatDialect.ChatCompletions, "kimi-k2"), (route.Dialect, route.WireModelId));
        Assert.True(kimi.IsListedBy(GatewayKind.Rebyte));
    }

    [Fact]
    public async Task Refresh_gets_the_models_endpoint_with_the_gateways_authentication()
    {
        var handler = Answering(RebyteList);
        var catalog = ModelCatalog.CreateDefault();

        Assert.True(await catalog.RefreshAsync(Gateway(GatewayKind.Rebyte), new HttpClient(handler)));

        var sent = Assert.Single(handler.Sent);
        Assert.Equal((HttpMethod.Get, ModelsUri), (sent.Method, sent.Uri));
        Assert.True(sent.Headers.ContainsKey(RecordingGateway.AuthHeader));
    }

    [Fact]
    public async Task A_second_refresh_within_the_ttl_reuses_the_list_without_asking_again()
    {
        var clock = new FakeTimeProvider();
        var handler = new ReplayHandler([() => Ok(RebyteList), () => Ok(RebyteList)]);
        var catalog = ModelCatalog.CreateDefault(refreshTtl: TimeSpan.FromMinutes(10), timeProvider: clock);
        using var http = new HttpClient(handler);
        var gateway = Gateway(GatewayKind.Rebyte);

        await catalog.RefreshAsync(gateway, http);
        clock.Advance(TimeSpan.FromMinutes(9));
        Assert.True(await catalog.RefreshAsync(gateway, http));
        Assert.Single(handler.Sent);

        clock.Advance(TimeSpan.FromMinutes(2));
        Assert.True(await catalog.RefreshAsync(gateway, http));
        Assert.Equal(2, handler.Sent.Count);
    }

    [Fact]
    public async Task Failed_refresh_returns_false_logs_a_warning_and_leaves_the_catalog_unchanged()
    {
        var logger = new ListLogger();
        var catalog = ModelCatalog.CreateDefault(logger: logger);
        var before = catalog.Models;

        var refreshed = await catalog.RefreshAsync(Gateway(GatewayKind.Vercel), new HttpClient(Answering("""{"error":{"message":"boom"}}""", HttpStatusCode.InternalServerError)));

        Assert.False(refreshed);
        Assert.Same(before, catalog.Models);
        Assert.Contains(logger.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("500", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_body_that_is_not_a_model_list_fails_the_refresh()
    {
        var catalog = ModelCatalog.CreateDefault();

        Assert.False(await catalog.RefreshAsync(Gateway(GatewayKind.Vercel), new HttpClient(Answering("<html>maintenance</html>"))));
        Assert.False(await catalog.RefreshAsync(Gateway(GatewayKind.Vercel), new HttpClient(Answering("""{"object":"list"}"""))));
    }

    [Fact]
    public async Task A_network_failure_fails_the_refresh_without_throwing()
    {
        var catalog = ModelCatalog.CreateDefault();
        var handler = new ReplayHandler([() => throw new HttpRequestException("connection refused")]);

        Assert.False(await catalog.RefreshAsync(Gateway(GatewayKind.Vercel), new HttpClient(handler)));
    }

    [Fact]
    public async Task A_failed_refresh_is_retried_on_the_next_call_rather_than_cached()
    {
        var handler = new ReplayHandler([() => new HttpResponseMessage(HttpStatusCode.BadGateway), () => Ok(RebyteList)]);
        var catalog = ModelCatalog.CreateDefault();
        using var http = new HttpClient(handler);

        Assert.False(await catalog.RefreshAsync(Gateway(GatewayKind.Rebyte), http));
        Assert.True(await catalog.RefreshAsync(Gateway(GatewayKind.Rebyte), http));
    }

    [Fact]
    public async Task A_gateway_without_a_models_endpoint_is_not_refreshed()
    {
        var handler = new ReplayHandler();

        Assert.False(await ModelCatalog.CreateDefault().RefreshAsync(new RecordingGateway(GatewayKind.Netlify), new HttpClient(handler)));
        Assert.Empty(handler.Sent);
    }

    [Fact]
    public async Task Caller_cancellation_is_not_swallowed()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            ModelCatalog.CreateDefault().RefreshAsync(Gateway(GatewayKind.Vercel), new HttpClient(Answering(VercelList)), cancelled.Token));
    }

    private static async Task<ModelCatalog> RefreshedAsync(GatewayKind kind, string body)
    {
        var catalog = ModelCatalog.CreateDefault();
        Assert.True(await catalog.RefreshAsync(Gateway(kind), new HttpClient(Answering(body))));
        return catalog;
    }

    private static RecordingGateway Gateway(GatewayKind kind) => new(kind, modelsEndpoint: ModelsUri);

    private static ReplayHandler Answering(string body, HttpStatusCode status = HttpStatusCode.OK) =>
        new([() => new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") }]);

    private static HttpResponseMessage Ok(string body) => new(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
}
