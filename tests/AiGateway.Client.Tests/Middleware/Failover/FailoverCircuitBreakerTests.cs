using AiGateway.Client.Middleware.Failover;
using static AiGateway.Client.Tests.Middleware.Failover.FailoverTestHost;
using AiGateway.Client.Tests.TestSupport;

namespace AiGateway.Client.Tests.Middleware.Failover;

public class FailoverCircuitBreakerTests
{
    private static readonly FailoverTarget Primary = FailoverTarget.ForModel("openai/gpt-5");

    private static (GatewayFailoverChatClient Client, ScriptedChatClient Inner, TestClock Clock, List<FailoverCircuitStateChangedEventArgs> Events) CreateWithBreaker(bool withFallback = true)
    {
        var (client, inner, clock) = Create(o =>
        {
            o.MaxAttemptsPerTarget = 1;
            o.CircuitBreakerMinimumThroughput = 2;
            o.CircuitBreakerFailureRatio = 0.5;
            o.CircuitBreakerBreakDuration = TimeSpan.FromSeconds(30);
            if (withFallback)
            {
                o.Targets.Add(FailoverTarget.ForModel("anthropic/claude-sonnet-4.5"));
            }
        });
        var events = new List<FailoverCircuitStateChangedEventArgs>();
        client.CircuitStateChanged += (_, e) =>
        {
            lock (events)
            {
                events.Add(e);
            }
        };
        return (client, inner, clock, events);
    }

    [Fact]
    public async Task Repeated_failures_open_the_circuit_and_say_so()
    {
        var (client, inner, _, events) = CreateWithBreaker();
        inner.Enqueue(Step.Fail(GatewayErrors.Status(503)), Step.Reply("fb1"), Step.Fail(GatewayErrors.Status(503)), Step.Reply("fb2"));

        await client.GetResponseAsync(Messages, Model("openai/gpt-5"));
        Assert.Equal(FailoverCircuitState.Closed, client.GetCircuitState(Primary));
        await client.GetResponseAsync(Messages, Model("openai/gpt-5"));

        Assert.Equal(FailoverCircuitState.Open, client.GetCircuitState(Primary));
        var opened = Assert.Single(events);
        Assert.Equal(FailoverCircuitState.Open, opened.State);
        Assert.Equal("openai/gpt-5", opened.Target.ModelId);
        Assert.Equal(TimeSpan.FromSeconds(30), opened.BreakDuration);
    }

    [Fact]
    public async Task An_open_circuit_skips_its_target()
    {
        var (client, inner, _, _) = CreateWithBreaker();
        inner.Enqueue(Step.Fail(GatewayErrors.Status(503)), Step.Reply("fb1"), Step.Fail(GatewayErrors.Status(503)), Step.Reply("fb2"), Step.Reply("fb3"));
        await client.GetResponseAsync(Messages, Model("openai/gpt-5"));
        await client.GetResponseAsync(Messages, Model("openai/gpt-5"));

        var response = await client.GetResponseAsync(Messages, Model("openai/gpt-5"));

        Assert.Equal("fb3", response.Text);
        Assert.Equal("anthropic/claude-sonnet-4.5", inner.Calls[^1].ModelId);
        Assert.Equal(5, inner.Calls.Count);
    }

    [Fact]
    public async Task The_circuit_closes_after_the_break_when_the_trial_call_succeeds()
    {
        var (client, inner, clock, events) = CreateWithBreaker();
        inner.Enqueue(Step.Fail(GatewayErrors.Status(503)), Step.Reply("fb1"), Step.Fail(GatewayErrors.Status(503)), Step.Reply("fb2"));
        await client.GetResponseAsync(Messages, Model("openai/gpt-5"));
        await client.GetResponseAsync(Messages, Model("openai/gpt-5"));

        clock.Advance(TimeSpan.FromSeconds(31));
        inner.Enqueue(Step.Reply("primary is back"));
        var response = await client.GetResponseAsync(Messages, Model("openai/gpt-5"));

        Assert.Equal("primary is back", response.Text);
        Assert.Equal(FailoverCircuitState.Closed, client.GetCircuitState(Primary));
        Assert.Equal([FailoverCircuitState.Open, FailoverCircuitState.HalfOpen, FailoverCircuitState.Closed], events.Select(e => e.State));
    }

    [Fact]
    public async Task A_failed_trial_call_opens_the_circuit_again()
    {
        var (client, inner, clock, _) = CreateWithBreaker();
        inner.Enqueue(Step.Fail(GatewayErrors.Status(503)), Step.Reply("fb1"), Step.Fail(GatewayErrors.Status(503)), Step.Reply("fb2"));
        await client.GetResponseAsync(Messages, Model("openai/gpt-5"));
        await client.GetResponseAsync(Messages, Model("openai/gpt-5"));

        clock.Advance(TimeSpan.FromSeconds(31));
        inner.Enqueue(Step.Fail(GatewayErrors.Status(503)), Step.Reply("fb3"));
        await client.GetResponseAsync(Messages, Model("openai/gpt-5"));

        Assert.Equal(FailoverCircuitState.Open, client.GetCircuitState(Primary));
    }

    [Fact]
    public async Task Permanent_errors_do_not_count_against_the_circuit()
    {
        var (client, inner, _, events) = CreateWithBreaker(withFallback: false);
        for (var i = 0; i < 4; i++)
        {
            inner.Enqueue(Step.Fail(GatewayErrors.Status(400)));
            await Assert.ThrowsAsync<InvalidRequestException>(() => client.GetResponseAsync(Messages, Model("openai/gpt-5")));
        }

        Assert.Equal(FailoverCircuitState.Closed, client.GetCircuitState(Primary));
        Assert.Empty(events);
    }

    [Fact]
    public async Task Every_target_cooling_off_is_a_clear_transient_error_without_a_call()
    {
        var (client, inner, _, _) = CreateWithBreaker(withFallback: false);
        var recording = new RecordingFailoverChatClient(inner, client.Options);
        inner.Enqueue(Step.Fail(GatewayErrors.Status(503)), Step.Fail(GatewayErrors.Status(503)));
        await Assert.ThrowsAsync<ProviderUnavailableException>(() => recording.GetResponseAsync(Messages, Model("openai/gpt-5")));
        await Assert.ThrowsAsync<ProviderUnavailableException>(() => recording.GetResponseAsync(Messages, Model("openai/gpt-5")));

        var thrown = await Assert.ThrowsAsync<ProviderUnavailableException>(() => recording.GetResponseAsync(Messages, Model("openai/gpt-5")));

        Assert.Contains("cooling off", thrown.Message, StringComparison.Ordinal);
        Assert.True(thrown.IsTransient);
        Assert.NotNull(thrown.RetryAfter);
        Assert.Equal(2, inner.Calls.Count);
        var last = recording.Updates[^1];
        Assert.Null(last.Attempt);
        Assert.True(last.IsTerminal);
    }

    [Fact]
    public async Task Retries_stop_once_the_circuit_opens()
    {
        var (client, inner, clock) = Create(o =>
        {
            o.MaxAttemptsPerTarget = 5;
            o.CircuitBreakerMinimumThroughput = 2;
            o.Targets.Add(FailoverTarget.ForModel("anthropic/claude-sonnet-4.5"));
        });
        inner.Enqueue(Step.Fail(GatewayErrors.Status(503)), Step.Fail(GatewayErrors.Status(503)), Step.Reply("fallback"));

        var response = await client.GetResponseAsync(Messages, Model("openai/gpt-5"));

        Assert.Equal("fallback", response.Text);
        Assert.Equal(["openai/gpt-5", "openai/gpt-5", "anthropic/claude-sonnet-4.5"], inner.Calls.Select(c => c.ModelId));
        Assert.Single(clock.RequestedDelays);
    }

    [Fact]
    public async Task Aliases_of_one_model_share_one_circuit()
    {
        var catalog = new AiGateway.Client.Catalog.ModelCatalog([new AiGateway.Client.Catalog.CatalogModel("openai/gpt-5") { Aliases = ["gpt-5"] }]);
        var inner = new ScriptedChatClient { Catalog = catalog };
        var (client, _, _) = Create(
            o =>
            {
                o.MaxAttemptsPerTarget = 1;
                o.CircuitBreakerMinimumThroughput = 2;
                o.Targets.Add(FailoverTarget.ForModel("anthropic/claude-sonnet-4.5"));
            },
            inner);
        inner.Enqueue(Step.Fail(GatewayErrors.Status(503)), Step.Reply("fb1"), Step.Fail(GatewayErrors.Status(503)), Step.Reply("fb2"));

        await client.GetResponseAsync(Messages, Model("gpt-5"));
        await client.GetResponseAsync(Messages, Model("openai/gpt-5"));

        Assert.Equal(FailoverCircuitState.Open, client.GetCircuitState(FailoverTarget.ForModel("GPT-5")));
    }

    [Fact]
    public async Task Without_a_circuit_breaker_a_failing_target_is_always_tried()
    {
        var (client, inner, _) = Create(o =>
        {
            o.UseCircuitBreaker = false;
            o.MaxAttemptsPerTarget = 1;
            o.Targets.Add(FailoverTarget.ForModel("anthropic/claude-sonnet-4.5"));
        });
        for (var i = 0; i < 4; i++)
        {
            inner.Enqueue(Step.Fail(GatewayErrors.Status(503)), Step.Reply("fb"));
            await client.GetResponseAsync(Messages, Model("openai/gpt-5"));
        }

        Assert.Equal(4, inner.Calls.Count(c => c.ModelId == "openai/gpt-5"));
        Assert.Equal(FailoverCircuitState.Closed, client.GetCircuitState(Primary));
    }
}
