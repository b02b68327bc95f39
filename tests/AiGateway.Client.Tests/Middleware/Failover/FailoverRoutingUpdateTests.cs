using AiGateway.Client.Middleware.Failover;
using Microsoft.Extensions.AI;
using static AiGateway.Client.Tests.Middleware.Failover.FailoverTestHost;
using AiGateway.Client.Tests.TestSupport;

namespace AiGateway.Client.Tests.Middleware.Failover;

public class FailoverRoutingUpdateTests
{
    [Fact]
    public async Task Every_call_is_reported_and_only_the_last_is_terminal()
    {
        var (client, inner, _) = Create(o =>
        {
            o.MaxAttemptsPerTarget = 2;
            o.Targets.Add(FailoverTarget.ForModel("anthropic/claude-sonnet-4.5"));
        });
        var recording = new RecordingFailoverChatClient(inner, client.Options);
        inner.Enqueue(Step.Fail(GatewayErrors.Status(503)), Step.Fail(GatewayErrors.Status(503)), Step.Reply("ok"));

        await recording.GetResponseAsync(Messages, Model("openai/gpt-5"));

        Assert.Equal([false, false, true], recording.Updates.Select(u => u.IsTerminal));
        Assert.Equal([1, 2, 3], recording.Attempts.Select(a => a.AttemptNumber));
        Assert.Equal([1, 2, 1], recording.Attempts.Select(a => a.TargetAttemptNumber));
        Assert.Equal(["openai/gpt-5", "openai/gpt-5", "anthropic/claude-sonnet-4.5"], recording.Attempts.Select(a => a.Target.ModelId));
        Assert.All(recording.Attempts, a => Assert.Same(inner, a.Client));
    }

    [Fact]
    public async Task A_retried_attempt_carries_its_retry_delay_and_a_failed_over_one_does_not()
    {
        var (client, inner, _) = Create(o =>
        {
            o.MaxAttemptsPerTarget = 2;
            o.BackoffBase = TimeSpan.FromSeconds(3);
            o.Targets.Add(FailoverTarget.ForModel("anthropic/claude-sonnet-4.5"));
        });
        var recording = new RecordingFailoverChatClient(inner, client.Options);
        inner.Enqueue(Step.Fail(GatewayErrors.Status(503)), Step.Fail(GatewayErrors.Status(503)), Step.Reply("ok"));

        await recording.GetResponseAsync(Messages, Model("openai/gpt-5"));

        Assert.Equal([TimeSpan.FromSeconds(3), null, null], recording.Attempts.Select(a => a.RetryDelay));
    }

    [Fact]
    public async Task A_completed_response_is_reported_as_completed_without_output_commitment()
    {
        var (client, inner, _) = Create();
        var recording = new RecordingFailoverChatClient(inner, client.Options);
        inner.Enqueue(Step.Reply("ok"));

        await recording.GetResponseAsync(Messages, Model("openai/gpt-5"));

        var attempt = Assert.Single(recording.Attempts);
        Assert.True(attempt.ResponseCompleted);
        Assert.False(attempt.OutputCommitted);
        Assert.Null(attempt.Exception);
        Assert.Null(attempt.TimeToFirstUpdate);
    }

    [Fact]
    public async Task A_permanent_failure_is_one_terminal_update()
    {
        var (client, inner, _) = Create(o => o.Targets.Add(FailoverTarget.ForModel("anthropic/claude-sonnet-4.5")));
        var recording = new RecordingFailoverChatClient(inner, client.Options);
        inner.Enqueue(Step.Fail(GatewayErrors.Status(401)));

        await Assert.ThrowsAsync<AuthenticationFailedException>(() => recording.GetResponseAsync(Messages, Model("openai/gpt-5")));

        var update = Assert.Single(recording.Updates);
        Assert.True(update.IsTerminal);
        Assert.IsType<AuthenticationFailedException>(update.Attempt!.Exception);
        Assert.Equal(2, update.TargetCount);
    }

    [Fact]
    public async Task An_exception_from_the_hook_reaches_the_caller()
    {
        var inner = new ScriptedChatClient().Enqueue(Step.Reply("ok"));
        var client = new ThrowingHookClient(inner);

        var thrown = await Assert.ThrowsAsync<InvalidOperationException>(() => client.GetResponseAsync(Messages, Model("openai/gpt-5")));

        Assert.Equal("hook says no", thrown.Message);
    }

    [Fact]
    public async Task A_hook_that_throws_on_the_answered_attempt_does_not_send_the_request_again()
    {
        // A transient-looking failure of the app's own hook (say, posting the attempt to a webhook) after the call
        // answered must reach the caller: failing over would send, and pay for, the request a second time.
        var inner = new ScriptedChatClient().Enqueue(Step.Reply("ok"), Step.Reply("again"));
        var client = new ThrowingOnCompletedHookClient(inner, o => o.Targets.Add(FailoverTarget.ForModel("anthropic/claude-sonnet-4.5")));

        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetResponseAsync(Messages, Model("openai/gpt-5")));

        Assert.Single(inner.Calls);
        Assert.Equal(1, client.TerminalUpdates);
    }

    private sealed class ThrowingOnCompletedHookClient(IChatClient inner, Action<FailoverOptions> configure)
        : GatewayFailoverChatClient(inner, Configure(configure))
    {
        public int TerminalUpdates { get; private set; }

        protected override ValueTask OnRoutingUpdateAsync(FailoverContext context, FailoverAttempt? attempt, bool isTerminal, CancellationToken cancellationToken)
        {
            if (isTerminal)
            {
                TerminalUpdates++;
            }

            return attempt is { ResponseCompleted: true } ? throw new HttpRequestException("webhook down") : default;
        }

        private static FailoverOptions Configure(Action<FailoverOptions> configure)
        {
            var options = new FailoverOptions { UseJitter = false };
            configure(options);
            return options;
        }
    }

    private sealed class ThrowingHookClient(IChatClient inner) : GatewayFailoverChatClient(inner, new FailoverOptions())
    {
        protected override ValueTask OnRoutingUpdateAsync(FailoverContext context, FailoverAttempt? attempt, bool isTerminal, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("hook says no");
    }
}
