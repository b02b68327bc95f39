using AiGateway.Client.Errors;
using static AiGateway.Client.Tests.Middleware.Failover.FailoverTestHost;
using AiGateway.Client.Tests.TestSupport;

namespace AiGateway.Client.Tests.Middleware.Failover;

public class FailoverBackoffTests
{
    [Fact]
    public async Task Retry_after_seconds_is_the_delay_before_the_retry()
    {
        var (client, inner, clock) = Create(o => o.BackoffBase = TimeSpan.FromMilliseconds(100));
        var recording = new RecordingFailoverChatClient(inner, client.Options);
        inner.Enqueue(Step.Fail(GatewayErrors.Status(429, TimeSpan.FromSeconds(7), code: "rate_limit_exceeded")), Step.Reply("ok"));

        await recording.GetResponseAsync(Messages, Model("openai/gpt-5"));

        Assert.Equal([TimeSpan.FromSeconds(7)], clock.RequestedDelays);
        Assert.Equal(TimeSpan.FromSeconds(7), recording.Attempts[0].RetryDelay);
    }

    [Fact]
    public async Task Retry_after_from_the_response_headers_is_honoured()
    {
        // retry-after-ms as OpenAI and Anthropic send it, read by the same reader the leaf uses.
        using var response = new HttpResponseMessage(System.Net.HttpStatusCode.ServiceUnavailable);
        response.Headers.TryAddWithoutValidation("retry-after-ms", "1500");
        var error = ErrorResponseReader.Create(response.StatusCode, response.Headers, "{}"u8, GatewayErrors.RouteOn(AiGateway.Client.GatewayKind.Vercel), TimeProvider.System);
        var (client, inner, clock) = Create();
        inner.Enqueue(Step.Fail(error), Step.Reply("ok"));

        await client.GetResponseAsync(Messages, Model("openai/gpt-5"));

        Assert.Equal([TimeSpan.FromMilliseconds(1500)], clock.RequestedDelays);
    }

    [Fact]
    public async Task Retry_after_as_an_http_date_is_honoured()
    {
        var clock = new TestClock();
        using var response = new HttpResponseMessage(System.Net.HttpStatusCode.TooManyRequests);
        response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(clock.GetUtcNow().AddSeconds(12));
        var error = ErrorResponseReader.Create(response.StatusCode, response.Headers, "{}"u8, GatewayErrors.RouteOn(AiGateway.Client.GatewayKind.Vercel), clock);
        var (client, inner, _) = Create(clock: clock);
        inner.Enqueue(Step.Fail(error), Step.Reply("ok"));

        await client.GetResponseAsync(Messages, Model("openai/gpt-5"));

        Assert.Equal([TimeSpan.FromSeconds(12)], clock.RequestedDelays);
    }

    [Fact]
    public async Task Retry_after_longer_than_max_retry_after_moves_to_the_next_target_without_waiting()
    {
        var (client, inner, clock) = Create(o =>
        {
            o.MaxRetryAfter = TimeSpan.FromSeconds(10);
            o.Targets.Add(FailoverTarget.ForModel("anthropic/claude-sonnet-4.5"));
        });
        inner.Enqueue(Step.Fail(GatewayErrors.Status(429, TimeSpan.FromSeconds(60))), Step.Reply("fallback"));

        var response = await client.GetResponseAsync(Messages, Model("openai/gpt-5"));

        Assert.Equal("fallback", response.Text);
        Assert.Equal(["openai/gpt-5", "anthropic/claude-sonnet-4.5"], inner.Calls.Select(c => c.ModelId));
        Assert.Empty(clock.RequestedDelays);
    }

    [Fact]
    public async Task Backoff_without_a_hint_doubles_from_the_base()
    {
        var (client, inner, clock) = Create(o =>
        {
            o.MaxAttemptsPerTarget = 4;
            o.BackoffBase = TimeSpan.FromSeconds(1);
        });
        inner.Enqueue(Step.Fail(GatewayErrors.Status(503)), Step.Fail(GatewayErrors.Status(503)), Step.Fail(GatewayErrors.Status(503)), Step.Reply("ok"));

        await client.GetResponseAsync(Messages, Model("openai/gpt-5"));

        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4)], clock.RequestedDelays);
    }

    [Fact]
    public async Task Backoff_is_capped_at_backoff_max()
    {
        var (client, inner, clock) = Create(o =>
        {
            o.MaxAttemptsPerTarget = 4;
            o.BackoffBase = TimeSpan.FromSeconds(1);
            o.BackoffMax = TimeSpan.FromSeconds(1.5);
        });
        inner.Enqueue(Step.Fail(GatewayErrors.Status(503)), Step.Fail(GatewayErrors.Status(503)), Step.Fail(GatewayErrors.Status(503)), Step.Reply("ok"));

        await client.GetResponseAsync(Messages, Model("openai/gpt-5"));

        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(1.5)], clock.RequestedDelays);
    }

    [Fact]
    public async Task Jittered_backoff_stays_within_backoff_max()
    {
        var (client, inner, clock) = Create(o =>
        {
            o.UseJitter = true;
            o.UseCircuitBreaker = false; // five failures in a row would open it
            o.MaxAttemptsPerTarget = 6;
            o.BackoffBase = TimeSpan.FromSeconds(1);
            o.BackoffMax = TimeSpan.FromSeconds(3);
        });
        for (var i = 0; i < 5; i++)
        {
            inner.Enqueue(Step.Fail(GatewayErrors.Status(500)));
        }

        inner.Enqueue(Step.Reply("ok"));

        await client.GetResponseAsync(Messages, Model("openai/gpt-5"));

        Assert.Equal(5, clock.RequestedDelays.Count);
        Assert.All(clock.RequestedDelays, d => Assert.InRange(d, TimeSpan.FromTicks(1), TimeSpan.FromSeconds(3)));
    }

    [Fact]
    public async Task One_attempt_per_target_never_waits()
    {
        var (client, inner, clock) = Create(o =>
        {
            o.MaxAttemptsPerTarget = 1;
            o.Targets.Add(FailoverTarget.ForModel("anthropic/claude-sonnet-4.5"));
        });
        inner.Enqueue(Step.Fail(GatewayErrors.Status(503)), Step.Reply("fallback"));

        await client.GetResponseAsync(Messages, Model("openai/gpt-5"));

        Assert.Equal(2, inner.Calls.Count);
        Assert.Empty(clock.RequestedDelays);
    }
}
