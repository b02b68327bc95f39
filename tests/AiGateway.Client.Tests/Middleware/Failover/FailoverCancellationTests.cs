using static AiGateway.Client.Tests.Middleware.Failover.FailoverTestHost;
using AiGateway.Client.Tests.TestSupport;

namespace AiGateway.Client.Tests.Middleware.Failover;

public class FailoverCancellationTests
{
    [Fact]
    public async Task Caller_cancellation_during_a_call_is_not_retried_or_failed_over()
    {
        var (client, inner, clock) = Create(o => o.Targets.Add(FailoverTarget.ForModel("anthropic/claude-sonnet-4.5")));
        var recording = new RecordingFailoverChatClient(inner, client.Options);
        var hang = Step.Hang();
        inner.Enqueue(hang);
        using var cts = new CancellationTokenSource();

        var call = recording.GetResponseAsync(Messages, Model("openai/gpt-5"), cts.Token);
        await hang.Started.Task;
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.Single(inner.Calls);
        Assert.Empty(clock.RequestedDelays);
        var update = Assert.Single(recording.Updates);
        Assert.True(update.IsTerminal);
        Assert.IsAssignableFrom<OperationCanceledException>(update.Attempt!.Exception);
    }

    [Fact]
    public async Task Caller_cancellation_during_the_backoff_delay_ends_the_request()
    {
        var clock = new TestClock { AutoAdvance = false };
        var (client, inner, _) = Create(clock: clock);
        inner.Enqueue(Step.Fail(GatewayErrors.Status(503)), Step.Reply("never"));
        using var cts = new CancellationTokenSource();

        var call = client.GetResponseAsync(Messages, Model("openai/gpt-5"), cts.Token);
        await clock.TimerSet.WaitAsync();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.Single(inner.Calls);
    }

    [Fact]
    public async Task Caller_cancellation_of_a_stream_before_its_first_update_is_not_retried()
    {
        var (client, inner, _) = Create(o => o.Targets.Add(FailoverTarget.ForModel("anthropic/claude-sonnet-4.5")));
        var hang = Step.Hang();
        inner.Enqueue(hang);
        using var cts = new CancellationTokenSource();

        var read = ReadAllAsync(client.GetStreamingResponseAsync(Messages, Model("openai/gpt-5"), cts.Token));
        await hang.Started.Task;
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => read);
        Assert.Single(inner.Calls);
    }

    [Fact]
    public async Task A_token_cancelled_before_the_call_never_reaches_another_target()
    {
        var (client, inner, _) = Create(o => o.Targets.Add(FailoverTarget.ForModel("anthropic/claude-sonnet-4.5")));
        inner.Enqueue(Step.Hang());
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetResponseAsync(Messages, Model("openai/gpt-5"), cts.Token));

        Assert.DoesNotContain(inner.Calls, c => c.ModelId == "anthropic/claude-sonnet-4.5");
    }
}
