using AiGateway.Client.Testing;
using AiGateway.Client.Tests.EndToEnd;
using AiGateway.Client.Tests.TestSupport;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace AiGateway.Client.Tests.Gateways;

/// <summary>Cloudflare's per-request options: copies, validation, the cf-aig-* headers, the cache status, other gateways.</summary>
public sealed class CloudflareChatOptionsExtensionsTests
{
    private static Task<FakeRequest> SendToCloudflare(Func<ChatOptions, ChatOptions> configure) =>
        LeafRequests.CaptureAsync(GatewaySetups.CloudflareAuthenticated.Environment, "gpt-5.4", ChatDialect.ChatCompletions, configure: configure);

    [Fact]
    public void Each_helper_returns_a_copy_and_leaves_the_callers_options_alone()
    {
        var original = new ChatOptions { ModelId = "gpt-5.4", AdditionalProperties = new() { ["x"] = 1 } };

        var copy = original
            .WithCloudflareCacheTtl(TimeSpan.FromHours(1))
            .WithCloudflareSkipCache()
            .WithCloudflareCacheKey("faq:1")
            .WithCloudflareRequestTimeout(TimeSpan.FromSeconds(5))
            .WithCloudflareRetries(3, TimeSpan.FromMilliseconds(500), CloudflareBackoff.Exponential)
            .WithCloudflareCollectLog(false)
            .WithCloudflareNoWholesale();

        Assert.NotSame(original, copy);
        Assert.Equal(["x"], original.AdditionalProperties.Keys);
        Assert.Equal(10, copy.AdditionalProperties!.Count);
    }

    [Fact]
    public async Task Each_option_becomes_its_Cloudflare_request_header()
    {
        var sent = await SendToCloudflare(o => o
            .WithCloudflareCacheTtl(TimeSpan.FromHours(1))
            .WithCloudflareSkipCache()
            .WithCloudflareCacheKey("faq:shipping:v2")
            .WithCloudflareRequestTimeout(TimeSpan.FromSeconds(5))
            .WithCloudflareRetries(3, TimeSpan.FromMilliseconds(500), CloudflareBackoff.Exponential)
            .WithCloudflareCollectLog(false)
            .WithCloudflareNoWholesale());

        Assert.Equal("3600", sent.Headers["cf-aig-cache-ttl"]);
        Assert.Equal("true", sent.Headers["cf-aig-skip-cache"]);
        Assert.Equal("faq:shipping:v2", sent.Headers["cf-aig-cache-key"]);
        Assert.Equal("5000", sent.Headers["cf-aig-request-timeout"]);
        Assert.Equal("3", sent.Headers["cf-aig-max-attempts"]);
        Assert.Equal("500", sent.Headers["cf-aig-retry-delay"]);
        Assert.Equal("exponential", sent.Headers["cf-aig-backoff"]);
        Assert.Equal("false", sent.Headers["cf-aig-collect-log"]);
        Assert.Equal("true", sent.Headers["cf-aig-no-wholesale"]);
    }

    [Fact]
    public async Task A_call_without_options_sends_no_Cloudflare_option_header()
    {
        var sent = await SendToCloudflare(o => o);

        Assert.DoesNotContain(sent.Headers.Keys, h => h.StartsWith("cf-aig-", StringComparison.OrdinalIgnoreCase) && h != "cf-aig-authorization");
    }

    [Theory]
    [InlineData(59)]
    [InlineData(30 * 24 * 3600 + 1)]
    public void A_cache_ttl_outside_60_seconds_to_a_month_is_refused(int seconds)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new ChatOptions().WithCloudflareCacheTtl(TimeSpan.FromSeconds(seconds)));

        Assert.Contains("cf-aig-cache-ttl", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cache_ttl_with_a_fraction_of_a_second_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ChatOptions().WithCloudflareCacheTtl(TimeSpan.FromSeconds(60.5)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(6)]
    public void Max_attempts_outside_1_to_5_are_refused(int attempts)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ChatOptions().WithCloudflareRetries(attempts, TimeSpan.Zero, CloudflareBackoff.Constant));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(5001)]
    public void A_retry_delay_outside_0_to_5_seconds_is_refused(int milliseconds)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ChatOptions().WithCloudflareRetries(2, TimeSpan.FromMilliseconds(milliseconds), CloudflareBackoff.Linear));
    }

    [Fact]
    public void A_request_timeout_that_is_not_positive_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ChatOptions().WithCloudflareRequestTimeout(TimeSpan.Zero));
    }

    [Theory]
    [InlineData("line\nbreak")]
    [InlineData("non-ascii-é")]
    public void A_cache_key_that_cannot_travel_in_a_header_is_refused(string key)
    {
        Assert.Throws<ArgumentException>(() => new ChatOptions().WithCloudflareCacheKey(key));
    }

    [Fact]
    public async Task The_cache_status_header_is_on_the_response()
    {
        using var client = CloudflareClient(new CacheStatusHandler(new FakeGateway(), "HIT"));

        var response = await client.GetResponseAsync("ping", new ChatOptions { ModelId = "gpt-5.4" });

        Assert.Equal("HIT", response.GetCloudflareCacheStatus());
        Assert.Equal("HIT", response.AdditionalProperties![AiGatewayPropertyKeys.CloudflareCacheStatus]);
    }

    [Fact]
    public async Task The_cache_status_header_is_on_the_first_streamed_update()
    {
        using var client = CloudflareClient(new CacheStatusHandler(new FakeGateway(), "MISS"));

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in client.GetStreamingResponseAsync("ping", new ChatOptions { ModelId = "gpt-5.4" }))
        {
            updates.Add(update);
        }

        Assert.Equal("MISS", updates[0].GetCloudflareCacheStatus());
    }

    [Fact]
    public async Task Without_the_header_there_is_no_cache_status()
    {
        using var client = CloudflareClient(new FakeGateway());

        var response = await client.GetResponseAsync("ping", new ChatOptions { ModelId = "gpt-5.4" });

        Assert.Null(response.GetCloudflareCacheStatus());
    }

    [Fact]
    public async Task Cloudflare_options_on_a_call_to_another_gateway_are_ignored_with_one_debug_line()
    {
        var logs = new ListLogger();
        using var loggerFactory = LoggerFactory.Create(b => b.AddProvider(new OneLoggerProvider(logs)).SetMinimumLevel(LogLevel.Debug));
        var fake = new FakeGateway();
        using var client = new AiGatewayChatClient(GatewaySetups.VercelKeyed.Options(), new HttpClient(fake), loggerFactory);

        await client.GetResponseAsync("ping", new ChatOptions { ModelId = "gpt-5.4" }.WithCloudflareSkipCache().WithCloudflareCacheTtl(TimeSpan.FromMinutes(5)));

        var sent = Assert.Single(fake.Requests);
        Assert.DoesNotContain(sent.Headers.Keys, h => h.StartsWith("cf-aig-", StringComparison.OrdinalIgnoreCase));
        var line = Assert.Single(logs.Entries, e => e.EventId == 63);
        Assert.Equal(LogLevel.Debug, line.Level);
        Assert.Contains("aigateway.cloudflare.skip_cache", line.Message, StringComparison.Ordinal);
        Assert.Contains("Vercel", line.Message, StringComparison.Ordinal);
    }

    private static AiGatewayChatClient CloudflareClient(HttpMessageHandler handler) =>
        new(GatewaySetups.CloudflareAuthenticated.Options(), new HttpClient(handler));

    private sealed class OneLoggerProvider(ILogger logger) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => logger;

        public void Dispose()
        {
        }
    }

    /// <summary>Adds Cloudflare's cache-status response header to whatever the fake answers.</summary>
    private sealed class CacheStatusHandler(HttpMessageHandler inner, string status) : DelegatingHandler(inner)
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            response.Headers.TryAddWithoutValidation("cf-aig-cache-status", status);
            return response;
        }
    }
}
