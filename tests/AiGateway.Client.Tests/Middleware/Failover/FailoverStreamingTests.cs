using AiGateway.Client.Middleware.Failover;
using Microsoft.Extensions.AI;
using static AiGateway.Client.Tests.Middleware.Failover.FailoverTestHost;
using AiGateway.Client.Tests.TestSupport;

namespace AiGateway.Client.Tests.Middleware.Failover;

public class FailoverStreamingTests
{
    [Fact]
    public async Task A_stream_that_fails_before_its_first_update_is_retried()
    {
        var (client, inner, _) = Create();
        inner.Enqueue(Step.Fail(GatewayErrors.Status(503)), Step.Reply("Hel", "lo"));

        var updates = await ReadAllAsync(client.GetStreamingResponseAsync(Messages, Model("openai/gpt-5")));

        Assert.Equal("Hello", string.Concat(updates.Select(u => u.Text)));
        Assert.Equal(2, inner.Calls.Count);
        Assert.All(inner.Calls, c => Assert.True(c.Streaming));
    }

    [Fact]
    public async Task A_stream_that_fails_before_its_first_update_fails_over()
    {
        var (client, inner, _) = Create(o =>
        {
            o.MaxAttemptsPerTarget = 1;
            o.Targets.Add(FailoverTarget.ForModel("anthropic/claude-sonnet-4.5"));
        });
        inner.Enqueue(Step.Fail(GatewayErrors.ModelNotFound()), Step.Reply("from", " claude"));

        var updates = await ReadAllAsync(client.GetStreamingResponseAsync(Messages, Model("openai/gpt-9")));

        Assert.Equal("from claude", string.Concat(updates.Select(u => u.Text)));
        Assert.Equal("anthropic/claude-sonnet-4.5", updates[0].ModelId);
    }

    [Fact]
    public async Task The_first_streamed_update_says_how_many_attempts_it_took()
    {
        var (client, inner, _) = Create();
        inner.Enqueue(Step.Fail(GatewayErrors.Status(502)), Step.Fail(GatewayErrors.Status(502)), Step.Reply("a", "b"));

        var updates = await ReadAllAsync(client.GetStreamingResponseAsync(Messages, Model("openai/gpt-5")));

        Assert.Equal(3, updates[0].AdditionalProperties?[AiGatewayPropertyKeys.Attempts]);
    }

    [Fact]
    public async Task A_failure_after_the_first_update_goes_to_the_caller_without_a_retry()
    {
        var (client, inner, _) = Create(o => o.Targets.Add(FailoverTarget.ForModel("anthropic/claude-sonnet-4.5")));
        var midStream = GatewayErrors.Status(529);
        inner.Enqueue(Step.StreamThenFail("partial", midStream), Step.Reply("must not be used"));
        var received = new List<string>();

        var thrown = await Assert.ThrowsAsync<ProviderUnavailableException>(async () =>
        {
            await foreach (var update in client.GetStreamingResponseAsync(Messages, Model("openai/gpt-5")))
            {
                received.Add(update.Text);
            }
        });

        Assert.Same(midStream, thrown);
        Assert.Equal(["partial"], received);
        Assert.Single(inner.Calls);
    }

    [Fact]
    public async Task A_stream_failure_after_output_is_reported_as_the_terminal_committed_attempt()
    {
        var (client, inner, _) = Create();
        var recording = new RecordingFailoverChatClient(inner, client.Options);
        inner.Enqueue(Step.StreamThenFail("partial", GatewayErrors.Status(500)));

        await Assert.ThrowsAsync<ProviderUnavailableException>(() => ReadAllAsync(recording.GetStreamingResponseAsync(Messages, Model("openai/gpt-5"))));

        var update = Assert.Single(recording.Updates);
        Assert.True(update.IsTerminal);
        Assert.True(update.Attempt!.OutputCommitted);
        Assert.False(update.Attempt.ResponseCompleted);
        Assert.IsType<ProviderUnavailableException>(update.Attempt.Exception);
        Assert.NotNull(update.Attempt.TimeToFirstUpdate);
    }

    [Fact]
    public async Task A_completed_stream_is_reported_once_as_terminal()
    {
        var (client, inner, _) = Create();
        var recording = new RecordingFailoverChatClient(inner, client.Options);
        inner.Enqueue(Step.Reply("x", "y", "z"));

        await ReadAllAsync(recording.GetStreamingResponseAsync(Messages, Model("openai/gpt-5")));

        var update = Assert.Single(recording.Updates);
        Assert.True(update.IsTerminal);
        Assert.True(update.Attempt!.ResponseCompleted);
        Assert.True(update.Attempt.OutputCommitted);
        Assert.Null(update.Attempt.Exception);
    }

    [Fact]
    public async Task A_stream_the_caller_stops_reading_is_reported_as_abandoned()
    {
        var (client, inner, _) = Create();
        var recording = new RecordingFailoverChatClient(inner, client.Options);
        inner.Enqueue(Step.Reply("x", "y", "z"));

        await foreach (var _ in recording.GetStreamingResponseAsync(Messages, Model("openai/gpt-5")))
        {
            break;
        }

        var update = Assert.Single(recording.Updates);
        Assert.True(update.IsTerminal);
        Assert.False(update.Attempt!.ResponseCompleted);
        Assert.Null(update.Attempt.Exception);
        Assert.True(update.Attempt.OutputCommitted);
    }

    [Fact]
    public async Task An_empty_stream_completes_without_updates()
    {
        var (client, inner, _) = Create();
        inner.Enqueue(Step.Empty());

        var updates = await ReadAllAsync(client.GetStreamingResponseAsync(Messages, Model("openai/gpt-5")));

        Assert.Empty(updates);
        Assert.Single(inner.Calls);
    }

    [Fact]
    public async Task Attempt_timeout_applies_to_the_first_update_only()
    {
        var clock = new TestClock { AutoAdvance = false };
        var (client, inner, _) = Create(o => o.AttemptTimeout = TimeSpan.FromSeconds(5), clock: clock);
        inner.Enqueue(Step.Reply("a", "b", "c"));
        var received = new List<string>();

        await foreach (var update in client.GetStreamingResponseAsync(Messages, Model("openai/gpt-5")))
        {
            // Time passing while the caller reads does not cancel the stream.
            clock.Advance(TimeSpan.FromSeconds(10));
            received.Add(update.Text);
        }

        Assert.Equal(["a", "b", "c"], received);
    }

    [Fact]
    public async Task A_timeout_that_fires_as_the_first_update_arrives_fails_over_instead_of_cancelling_the_stream()
    {
        var clock = new TestClock { AutoAdvance = false };
        var inner = new FirstUpdateAtTheTimeout(clock, TimeSpan.FromSeconds(5));
        var client = new GatewayFailoverChatClient(inner, new FailoverOptions
        {
            TimeProvider = clock,
            AttemptTimeout = TimeSpan.FromSeconds(5),
            MaxAttemptsPerTarget = 1,
            Targets = { FailoverTarget.ForModel("anthropic/claude-sonnet-4.5") },
        });

        var updates = await ReadAllAsync(client.GetStreamingResponseAsync(Messages, Model("openai/gpt-5")));

        Assert.Equal("second attempt", string.Concat(updates.Select(u => u.Text)));
        Assert.Equal(2, inner.Calls);
    }

    [Fact]
    public async Task A_hung_stream_times_out_before_its_first_update_and_is_retried()
    {
        // The clock moves by hand: a clock that jumps every timer at once would time out the retry as well.
        var clock = new TestClock { AutoAdvance = false };
        var (client, inner, _) = Create(
            o =>
            {
                o.AttemptTimeout = TimeSpan.FromSeconds(5);
                o.BackoffBase = TimeSpan.FromSeconds(1);
            },
            clock: clock);
        var hang = Step.Hang();
        inner.Enqueue(hang, Step.Reply("ok"));

        var reading = ReadAllAsync(client.GetStreamingResponseAsync(Messages, Model("openai/gpt-5")));
        await clock.TimerSet.WaitAsync();
        await hang.Started.Task;
        clock.Advance(TimeSpan.FromSeconds(5));
        await clock.TimerSet.WaitAsync();
        clock.Advance(TimeSpan.FromSeconds(1));
        var updates = await reading;

        Assert.Equal("ok", string.Concat(updates.Select(u => u.Text)));
        Assert.Equal(2, inner.Calls.Count);
        Assert.Contains(TimeSpan.FromSeconds(5), clock.RequestedDelays);
    }

    [Fact]
    public async Task Every_attempt_sends_the_same_messages_even_from_a_lazy_sequence()
    {
        var (client, inner, _) = Create();
        inner.Enqueue(Step.Fail(GatewayErrors.Status(503)), Step.Reply("ok"));
        var enumerations = 0;
        IEnumerable<ChatMessage> Lazy()
        {
            enumerations++;
            yield return new ChatMessage(ChatRole.User, "once");
        }

        await ReadAllAsync(client.GetStreamingResponseAsync(Lazy(), Model("openai/gpt-5")));

        Assert.Equal(1, enumerations);
        Assert.All(inner.Calls, c => Assert.Equal("once", Assert.Single(c.Messages).Text));
    }

    /// <summary>
    /// An inner client whose first call's first update arrives exactly as the attempt timeout elapses (the clock moves
    /// past it just before the update is handed over) and that, like the leaf, reads the rest under the call's token.
    /// </summary>
    private sealed class FirstUpdateAtTheTimeout(TestClock clock, TimeSpan timeout) : IChatClient
    {
        public int Calls { get; private set; }

        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
            IEnumerable<ChatMessage> messages,
            ChatOptions? options = null,
            [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await Task.Yield();
            if (++Calls > 1)
            {
                yield return new ChatResponseUpdate(ChatRole.Assistant, "second attempt");
                yield break;
            }

            clock.Advance(timeout + TimeSpan.FromSeconds(1));
            yield return new ChatResponseUpdate(ChatRole.Assistant, "first ");
            cancellationToken.ThrowIfCancellationRequested();
            yield return new ChatResponseUpdate(ChatRole.Assistant, "attempt");
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
