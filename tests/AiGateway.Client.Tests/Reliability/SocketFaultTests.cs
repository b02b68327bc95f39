using System.Net;
using AiGateway.Client.Gateways;
using AiGateway.Client.Middleware.Failover;
using AiGateway.Client.Tests.Reliability.Sockets;
using AiGateway.Client.Tests.TestSupport;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Time.Testing;
using static AiGateway.Client.Tests.Reliability.Sockets.RawHttpServer;

namespace AiGateway.Client.Tests.Reliability;

/// <summary>
/// Socket-level faults from a real server on 127.0.0.1, through the real leaf client over a real
/// <see cref="SocketsHttpHandler"/> with short bounds (HTTP timeout 2 s, <see cref="AiGatewayOptions.StreamIdleTimeout"/>
/// 1 s), and through failover where retrying is the point. Every call runs under a 30 s guard, so a missing bound
/// fails the test instead of hanging it.
/// </summary>
public sealed class SocketFaultTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);
    private static readonly ChatOptions Options = new ChatOptions().WithDialect(ChatDialect.ChatCompletions);
    private static readonly string Whole = WireBodies.WholeWithFinishReason(ChatDialect.ChatCompletions, "stop");
    private static readonly string Stream = WireBodies.StreamWithFinishReason(ChatDialect.ChatCompletions, "stop");

    private static (AiGatewayChatClient Client, HttpClient Http) Leaf(RawHttpServer server, TimeProvider? clock = null)
    {
        var http = new HttpClient(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(5) }) { Timeout = TimeSpan.FromSeconds(2) };
        var client = new AiGatewayChatClient(
            new AiGatewayOptions
            {
                DefaultModel = "openai/gpt-4o-mini",
                Environment = EnvironmentSource.FromDictionary([]),
                StreamIdleTimeout = TimeSpan.FromSeconds(1),
                TimeProvider = clock,
            },
            GatewayEnvironment.FromProfiles(new TestGateway(server.BaseUri)),
            http);
        return (client, http);
    }

    private static GatewayFailoverChatClient WithFailover(IChatClient leaf) =>
        new(leaf, new FailoverOptions { UseJitter = false, BackoffBase = TimeSpan.FromMilliseconds(10), BackoffMax = TimeSpan.FromMilliseconds(10), UseCircuitBreaker = false });

    private static Task<ChatResponse> GetAsync(IChatClient client) => client.GetResponseAsync("Hi", Options).WaitAsync(Guard);

    private static Task<List<ChatResponseUpdate>> StreamAsync(IChatClient client) => client.GetStreamingResponseAsync("Hi", Options).ToListAsync().AsTask().WaitAsync(Guard);

    [Fact]
    public async Task A_reset_before_headers_is_a_transient_provider_failure()
    {
        await using var server = new RawHttpServer(ResetBeforeHeaders());
        var (client, http) = Leaf(server);
        using var _ = http;

        var ex = await Assert.ThrowsAsync<ProviderUnavailableException>(() => GetAsync(client));

        Assert.True(ex.IsTransient);
        Assert.Null(ex.StatusCode);
    }

    [Fact]
    public async Task A_reset_before_headers_of_a_stream_is_a_transient_provider_failure()
    {
        await using var server = new RawHttpServer(ResetBeforeHeaders());
        var (client, http) = Leaf(server);
        using var _ = http;

        var ex = await Assert.ThrowsAsync<ProviderUnavailableException>(() => StreamAsync(client));

        Assert.True(ex.IsTransient);
    }

    [Fact]
    public async Task A_reset_after_the_headers_of_a_whole_answer_is_a_transient_provider_failure()
    {
        await using var server = new RawHttpServer(ResetAfterHeaders());
        var (client, http) = Leaf(server);
        using var _ = http;

        var ex = await Assert.ThrowsAsync<ProviderUnavailableException>(() => GetAsync(client));

        Assert.True(ex.IsTransient);
    }

    [Fact]
    public async Task A_reset_after_the_headers_of_a_stream_is_a_transient_provider_failure()
    {
        await using var server = new RawHttpServer(ResetAfterHeaders("text/event-stream"));
        var (client, http) = Leaf(server);
        using var _ = http;

        var ex = await Assert.ThrowsAsync<ProviderUnavailableException>(() => StreamAsync(client));

        Assert.True(ex.IsTransient);
    }

    [Fact]
    public async Task A_reset_in_the_middle_of_a_whole_body_is_a_transient_provider_failure()
    {
        await using var server = new RawHttpServer(ResetMidBody(Whole, Whole.Length / 2));
        var (client, http) = Leaf(server);
        using var _ = http;

        var ex = await Assert.ThrowsAsync<ProviderUnavailableException>(() => GetAsync(client));

        Assert.True(ex.IsTransient);
    }

    [Fact]
    public async Task A_reset_in_the_middle_of_a_stream_is_a_transient_provider_failure()
    {
        await using var server = new RawHttpServer(ResetMidBody(Stream, Stream.IndexOf("data: [DONE]", StringComparison.Ordinal) - 10, "text/event-stream"));
        var (client, http) = Leaf(server);
        using var _ = http;

        var ex = await Assert.ThrowsAsync<ProviderUnavailableException>(() => StreamAsync(client));

        Assert.True(ex.IsTransient);
    }

    [Fact]
    public async Task A_server_that_never_sends_headers_times_out_as_a_transient_failure()
    {
        await using var server = new RawHttpServer(StallBeforeHeaders());
        var (client, http) = Leaf(server);
        using var _ = http;

        var ex = await Assert.ThrowsAsync<ProviderUnavailableException>(() => GetAsync(client));

        Assert.True(ex.IsTransient);
        Assert.Equal(HttpStatusCode.RequestTimeout, ex.StatusCode);
    }

    [Fact]
    public async Task A_stream_that_goes_quiet_is_abandoned_as_stalled()
    {
        await using var server = new RawHttpServer(StallMidBody(Stream, Stream.IndexOf("\n\n", StringComparison.Ordinal) + 2, "text/event-stream"));
        var (client, http) = Leaf(server);
        using var _ = http;

        var ex = await Assert.ThrowsAsync<ProviderUnavailableException>(() => StreamAsync(client));

        Assert.True(ex.IsTransient);
        Assert.Contains("stalled", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_whole_body_that_goes_quiet_is_abandoned_as_stalled()
    {
        await using var server = new RawHttpServer(StallMidBody(Whole, 10, "application/json"));
        var (client, http) = Leaf(server);
        using var _ = http;

        var ex = await Assert.ThrowsAsync<ProviderUnavailableException>(() => GetAsync(client));

        Assert.Contains("stalled", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unterminated_chunked_whole_body_is_a_transient_provider_failure()
    {
        await using var server = new RawHttpServer(UnterminatedChunked(Whole, Whole.Length - 5, "application/json"));
        var (client, http) = Leaf(server);
        using var _ = http;

        var ex = await Assert.ThrowsAsync<ProviderUnavailableException>(() => GetAsync(client));

        Assert.True(ex.IsTransient);
    }

    [Fact]
    public async Task An_unterminated_chunked_stream_is_a_transient_provider_failure()
    {
        await using var server = new RawHttpServer(UnterminatedChunked(Stream, Stream.IndexOf("data: [DONE]", StringComparison.Ordinal), "text/event-stream"));
        var (client, http) = Leaf(server);
        using var _ = http;

        var ex = await Assert.ThrowsAsync<ProviderUnavailableException>(() => StreamAsync(client));

        Assert.True(ex.IsTransient);
    }

    [Fact]
    public async Task A_429_with_retry_after_seconds_says_how_long_to_wait()
    {
        await using var server = new RawHttpServer(Respond(429, """{"error":{"message":"slow down"}}""", "application/json", ("Retry-After", "7")));
        var (client, http) = Leaf(server);
        using var _ = http;

        var ex = await Assert.ThrowsAsync<RateLimitExceededException>(() => GetAsync(client));

        Assert.Equal(TimeSpan.FromSeconds(7), ex.RetryAfter);
        Assert.True(ex.IsTransient);
    }

    [Fact]
    public async Task A_429_with_a_retry_after_date_says_how_long_to_wait_by_the_clients_clock()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 4, 12, 0, 0, TimeSpan.Zero));
        await using var server = new RawHttpServer(Respond(429, """{"error":{"message":"slow down"}}""", "application/json", ("Retry-After", clock.GetUtcNow().AddSeconds(45).ToString("r"))));
        var (client, http) = Leaf(server, clock);
        using var _ = http;

        var ex = await Assert.ThrowsAsync<RateLimitExceededException>(() => GetAsync(client));

        Assert.Equal(TimeSpan.FromSeconds(45), ex.RetryAfter);
    }

    [Fact]
    public async Task A_429_with_retry_after_ms_says_how_long_to_wait()
    {
        await using var server = new RawHttpServer(Respond(429, """{"error":{"message":"slow down"}}""", "application/json", ("retry-after-ms", "1500")));
        var (client, http) = Leaf(server);
        using var _ = http;

        var ex = await Assert.ThrowsAsync<RateLimitExceededException>(() => GetAsync(client));

        Assert.Equal(TimeSpan.FromMilliseconds(1500), ex.RetryAfter);
    }

    [Fact]
    public async Task A_429_with_google_retry_info_says_how_long_to_wait()
    {
        await using var server = new RawHttpServer(Respond(429, Fixtures.ReadText("generate-content/google-429-retry-info.json")));
        var (client, http) = Leaf(server);
        using var _ = http;

        var ex = await Assert.ThrowsAsync<RateLimitExceededException>(() => GetAsync(client));

        Assert.NotNull(ex.RetryAfter);
        Assert.True(ex.RetryAfter > TimeSpan.Zero);
    }

    [Fact]
    public async Task A_429_with_an_endless_retry_after_ms_is_a_rate_limit_capped_at_a_day()
    {
        await using var server = new RawHttpServer(Respond(429, """{"error":{"message":"slow down"}}""", "application/json", ("retry-after-ms", "1e300")));
        var (client, http) = Leaf(server);
        using var _ = http;

        var ex = await Assert.ThrowsAsync<RateLimitExceededException>(() => GetAsync(client));

        Assert.Equal(TimeSpan.FromDays(1), ex.RetryAfter);
    }

    [Fact]
    public async Task Failover_waits_out_a_short_retry_after_ms_and_retries()
    {
        await using var server = new RawHttpServer(
            Respond(429, """{"error":{"message":"slow down"}}""", "application/json", ("retry-after-ms", "20")),
            Respond(200, Whole));
        var (leaf, http) = Leaf(server);
        using var _ = http;
        using var client = WithFailover(leaf);

        var response = await GetAsync(client);

        Assert.Equal("Hi", response.Text);
        Assert.Equal(2, server.Requests);
    }

    [Fact]
    public async Task Failover_retries_a_503_and_returns_the_answer_that_follows()
    {
        await using var server = new RawHttpServer(Respond(503, """{"error":{"message":"overloaded"}}"""), Respond(200, Whole));
        var (leaf, http) = Leaf(server);
        using var _ = http;
        using var client = WithFailover(leaf);

        var response = await GetAsync(client);

        Assert.Equal("Hi", response.Text);
        Assert.Equal(2, server.Requests);
    }

    [Fact]
    public async Task Failover_retries_a_stream_reset_before_headers()
    {
        await using var server = new RawHttpServer(ResetBeforeHeaders(), Respond(200, Stream, "text/event-stream"));
        var (leaf, http) = Leaf(server);
        using var _ = http;
        using var client = WithFailover(leaf);

        var updates = await StreamAsync(client);

        Assert.Equal("Hi", updates.ToChatResponse().Text);
        Assert.Equal(2, server.Requests);
    }

    [Fact]
    public async Task Failover_retries_a_whole_body_reset_midway()
    {
        await using var server = new RawHttpServer(ResetMidBody(Whole, Whole.Length / 2), Respond(200, Whole));
        var (leaf, http) = Leaf(server);
        using var _ = http;
        using var client = WithFailover(leaf);

        var response = await GetAsync(client);

        Assert.Equal("Hi", response.Text);
        Assert.Equal(2, server.Requests);
    }

    [Fact]
    public async Task Failover_retries_a_503_whose_body_is_not_utf8()
    {
        await using var server = new RawHttpServer(Respond(503, [.. "{\"error\":{\"message\":\""u8, 0xFF, 0xC3, .. "\"}}"u8]), Respond(200, Whole));
        var (leaf, http) = Leaf(server);
        using var _ = http;
        using var client = WithFailover(leaf);

        var response = await GetAsync(client);

        Assert.Equal("Hi", response.Text);
    }
}
