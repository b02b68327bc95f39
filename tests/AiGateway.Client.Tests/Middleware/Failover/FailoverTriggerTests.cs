using AiGateway.Client.Middleware.Failover;
using static AiGateway.Client.Tests.Middleware.Failover.FailoverTestHost;
using AiGateway.Client.Tests.TestSupport;

namespace AiGateway.Client.Tests.Middleware.Failover;

public class FailoverTriggerTests
{
    public static TheoryData<int> TransientStatuses => [408, 409, 429, 500, 502, 503, 504, 529];

    public static TheoryData<int> PermanentStatuses => [400, 401, 402, 403, 404, 413, 422];

    [Theory]
    [MemberData(nameof(TransientStatuses))]
    public async Task Transient_status_is_retried_on_the_same_target(int status)
    {
        var (client, inner, _) = Create();
        inner.Enqueue(Step.Fail(GatewayErrors.Status(status)), Step.Reply("second try"));

        var response = await client.GetResponseAsync(Messages, Model("openai/gpt-5"));

        Assert.Equal("second try", response.Text);
        Assert.Equal(["openai/gpt-5", "openai/gpt-5"], inner.Calls.Select(c => c.ModelId));
    }

    [Theory]
    [MemberData(nameof(TransientStatuses))]
    public async Task Transient_status_fails_over_to_the_next_target_when_retries_are_spent(int status)
    {
        var (client, inner, _) = Create(o =>
        {
            o.MaxAttemptsPerTarget = 2;
            o.Targets.Add(FailoverTarget.ForModel("anthropic/claude-sonnet-4.5"));
        });
        inner.Enqueue(Step.Fail(GatewayErrors.Status(status)), Step.Fail(GatewayErrors.Status(status)), Step.Reply("fallback"));

        var response = await client.GetResponseAsync(Messages, Model("openai/gpt-5"));

        Assert.Equal("fallback", response.Text);
        Assert.Equal(["openai/gpt-5", "openai/gpt-5", "anthropic/claude-sonnet-4.5"], inner.Calls.Select(c => c.ModelId));
    }

    [Theory]
    [MemberData(nameof(PermanentStatuses))]
    public async Task Permanent_status_is_neither_retried_nor_failed_over(int status)
    {
        var (client, inner, _) = Create(o => o.Targets.Add(FailoverTarget.ForModel("anthropic/claude-sonnet-4.5")));
        var error = GatewayErrors.Status(status);
        inner.Enqueue(Step.Fail(error));

        var thrown = await Assert.ThrowsAnyAsync<AiGatewayException>(() => client.GetResponseAsync(Messages, Model("openai/gpt-5")));

        Assert.Same(error, thrown);
        Assert.Single(inner.Calls);
    }

    [Fact]
    public async Task Neon_429_without_retry_after_is_permanent()
    {
        var (client, inner, _) = Create(o => o.Targets.Add(FailoverTarget.ForModel("anthropic/claude-sonnet-4.5")));
        inner.Enqueue(Step.Fail(GatewayErrors.Status(429, retryAfter: null, GatewayKind.Neon, code: "REQUEST_LIMIT_EXCEEDED")));

        await Assert.ThrowsAsync<RateLimitExceededException>(() => client.GetResponseAsync(Messages, Model("openai/gpt-5")));

        Assert.Single(inner.Calls);
    }

    [Fact]
    public async Task Neon_429_with_retry_after_is_retried()
    {
        var (client, inner, _) = Create();
        inner.Enqueue(Step.Fail(GatewayErrors.Status(429, TimeSpan.FromSeconds(2), GatewayKind.Neon, code: "REQUEST_LIMIT_EXCEEDED")), Step.Reply("ok"));

        var response = await client.GetResponseAsync(Messages, Model("openai/gpt-5"));

        Assert.Equal("ok", response.Text);
        Assert.Equal(2, inner.Calls.Count);
    }

    [Fact]
    public async Task Model_not_found_moves_to_the_next_target_without_a_retry()
    {
        var (client, inner, clock) = Create(o => o.Targets.Add(FailoverTarget.ForModel("anthropic/claude-sonnet-4.5")));
        inner.Enqueue(Step.Fail(GatewayErrors.ModelNotFound()), Step.Reply("fallback"));

        var response = await client.GetResponseAsync(Messages, Model("openai/gpt-9"));

        Assert.Equal("fallback", response.Text);
        Assert.Equal(["openai/gpt-9", "anthropic/claude-sonnet-4.5"], inner.Calls.Select(c => c.ModelId));
        Assert.Empty(clock.RequestedDelays);
    }

    [Fact]
    public async Task Model_not_found_on_the_last_target_goes_to_the_caller()
    {
        var (client, inner, _) = Create();
        inner.Enqueue(Step.Fail(GatewayErrors.ModelNotFound()));

        await Assert.ThrowsAsync<ModelNotFoundException>(() => client.GetResponseAsync(Messages, Model("openai/gpt-9")));

        Assert.Single(inner.Calls);
    }

    [Fact]
    public async Task Connection_failure_is_retried()
    {
        var (client, inner, _) = Create();
        inner.Enqueue(Step.Fail(GatewayErrors.ConnectionFailed()), Step.Reply("reconnected"));

        var response = await client.GetResponseAsync(Messages, Model("openai/gpt-5"));

        Assert.Equal("reconnected", response.Text);
        Assert.Equal(2, inner.Calls.Count);
    }

    [Fact]
    public async Task Raw_network_failure_from_a_foreign_inner_client_is_retried()
    {
        var (client, inner, _) = Create();
        inner.Enqueue(Step.Fail(new HttpRequestException("Connection reset by peer")), Step.Reply("ok"));

        var response = await client.GetResponseAsync(Messages, Model("openai/gpt-5"));

        Assert.Equal("ok", response.Text);
        Assert.Equal(2, inner.Calls.Count);
    }

    [Fact]
    public async Task Http_client_timeout_is_retried()
    {
        var (client, inner, _) = Create();
        inner.Enqueue(Step.Fail(GatewayErrors.HttpClientTimeout()), Step.Reply("ok"));

        var response = await client.GetResponseAsync(Messages, Model("openai/gpt-5"));

        Assert.Equal("ok", response.Text);
        Assert.Equal(2, inner.Calls.Count);
    }

    [Fact]
    public async Task Attempt_timeout_turns_a_hung_call_into_a_transient_timeout_and_retries()
    {
        var attempts = new List<FailoverAttempt>();
        var (client, inner, clock) = Create(o => o.AttemptTimeout = TimeSpan.FromSeconds(20));
        var recording = new RecordingFailoverChatClient(inner, client.Options, attempts);
        inner.Enqueue(Step.Hang(), Step.Reply("ok"));

        var response = await recording.GetResponseAsync(Messages, Model("openai/gpt-5"));

        Assert.Equal("ok", response.Text);
        var timedOut = Assert.IsType<ProviderUnavailableException>(attempts[0].Exception);
        Assert.Equal(System.Net.HttpStatusCode.RequestTimeout, timedOut.StatusCode);
        Assert.True(timedOut.IsTransient);
        Assert.Contains(TimeSpan.FromSeconds(20), clock.RequestedDelays);
    }

    [Fact]
    public async Task Unknown_exception_goes_to_the_caller_unretried()
    {
        var (client, inner, _) = Create(o => o.Targets.Add(FailoverTarget.ForModel("anthropic/claude-sonnet-4.5")));
        inner.Enqueue(Step.Fail(new InvalidOperationException("a bug in a tool")));

        await Assert.ThrowsAsync<InvalidOperationException>(() => client.GetResponseAsync(Messages, Model("openai/gpt-5")));

        Assert.Single(inner.Calls);
    }

    [Fact]
    public async Task When_every_target_fails_the_last_failure_goes_to_the_caller()
    {
        var (client, inner, _) = Create(o =>
        {
            o.MaxAttemptsPerTarget = 1;
            o.Targets.Add(FailoverTarget.ForModel("anthropic/claude-sonnet-4.5"));
        });
        var last = GatewayErrors.Status(502);
        inner.Enqueue(Step.Fail(GatewayErrors.Status(503)), Step.Fail(last));

        var thrown = await Assert.ThrowsAsync<ProviderUnavailableException>(() => client.GetResponseAsync(Messages, Model("openai/gpt-5")));

        Assert.Same(last, thrown);
    }
}
