using System.Diagnostics;
using AiGateway.Client.Middleware;
using Microsoft.Extensions.AI;

namespace AiGateway.Client.Tests.Middleware;

/// <summary>The hand-written stream relay behaves as the async iterator it replaced in the budget and failover layers.</summary>
public sealed class ChatResponseUpdateRelayTests
{
    [Fact]
    public async Task Nothing_starts_until_the_first_read()
    {
        var relay = new RecordingRelay(Inner("a"));

        await using var updates = relay.GetAsyncEnumerator();

        Assert.Equal(0, relay.Starts);
        Assert.True(await updates.MoveNextAsync());
        Assert.Equal(1, relay.Starts);
    }

    [Fact]
    public async Task Updates_pass_through_the_update_hook_in_order()
    {
        var relay = new RecordingRelay(Inner("a", "b", "c")) { Rewrite = u => new ChatResponseUpdate(ChatRole.Assistant, u.Text.ToUpperInvariant()) };

        var texts = await ReadAllAsync(relay);

        Assert.Equal(new[] { "A", "B", "C" }, texts);
        Assert.Equal(4, relay.Moving);
        Assert.Equal(4, relay.Moved);
    }

    [Fact]
    public async Task Cleanup_runs_after_the_inner_stream_is_disposed_and_before_the_last_read_returns_false()
    {
        var inner = Inner("a");
        var relay = new RecordingRelay(inner);
        await using var updates = relay.GetAsyncEnumerator();

        Assert.True(await updates.MoveNextAsync());
        Assert.Empty(relay.Finishes);
        Assert.False(await updates.MoveNextAsync());

        var finish = Assert.Single(relay.Finishes);
        Assert.True(finish.Completed);
        Assert.Null(finish.Failure);
        Assert.True(finish.InnerDisposedBefore);
        Assert.False(await updates.MoveNextAsync());
        Assert.Single(relay.Finishes);
    }

    [Fact]
    public async Task Failure_after_output_is_cleaned_up_before_the_same_exception_reaches_the_caller()
    {
        var failure = new InvalidOperationException("stream broke");
        var relay = new RecordingRelay(Inner(failure, asynchronous: false, "a"));
        await using var updates = relay.GetAsyncEnumerator();
        Assert.True(await updates.MoveNextAsync());

        var thrown = await Assert.ThrowsAsync<InvalidOperationException>(async () => await updates.MoveNextAsync());

        Assert.Same(failure, thrown);
        Assert.Same(failure, Assert.Single(relay.Failures));
        var finish = Assert.Single(relay.Finishes);
        Assert.False(finish.Completed);
        Assert.Same(failure, finish.Failure);
        Assert.Equal(relay.Moving, relay.Moved);
        Assert.False(await updates.MoveNextAsync());
    }

    [Fact]
    public async Task Failure_of_a_move_that_waits_is_cleaned_up_the_same_way()
    {
        var failure = new TimeoutException("late");
        var relay = new RecordingRelay(Inner(failure, asynchronous: true, "a"));
        await using var updates = relay.GetAsyncEnumerator();
        Assert.True(await updates.MoveNextAsync());

        Assert.Same(failure, await Assert.ThrowsAsync<TimeoutException>(async () => await updates.MoveNextAsync()));

        Assert.Same(failure, Assert.Single(relay.Finishes).Failure);
        Assert.True(relay.Waits > 0);
        Assert.Equal(relay.Moving, relay.Moved);
    }

    [Fact]
    public async Task A_failure_the_layer_maps_is_what_the_cleanup_sees_and_the_caller_gets()
    {
        var failure = new TimeoutException("late");
        var mapped = new InvalidOperationException("mapped", failure);
        var relay = new RecordingRelay(Inner(failure, asynchronous: true, "a")) { MapFailure = _ => mapped };
        await using var updates = relay.GetAsyncEnumerator();
        Assert.True(await updates.MoveNextAsync());

        Assert.Same(mapped, await Assert.ThrowsAsync<InvalidOperationException>(async () => await updates.MoveNextAsync()));

        Assert.Same(failure, Assert.Single(relay.Failures));
        Assert.Same(mapped, Assert.Single(relay.Finishes).Failure);
        Assert.False(await updates.MoveNextAsync());
    }

    [Fact]
    public async Task Stopping_early_cleans_up_once_as_abandoned()
    {
        var relay = new RecordingRelay(Inner("a", "b"));
        var updates = relay.GetAsyncEnumerator();
        Assert.True(await updates.MoveNextAsync());

        await updates.DisposeAsync();
        await updates.DisposeAsync();

        var finish = Assert.Single(relay.Finishes);
        Assert.False(finish.Completed);
        Assert.Null(finish.Failure);
        Assert.True(finish.InnerDisposedBefore);
        Assert.False(await updates.MoveNextAsync());
    }

    [Fact]
    public async Task Disposing_before_any_read_runs_nothing()
    {
        var relay = new RecordingRelay(Inner("a"));

        await relay.GetAsyncEnumerator().DisposeAsync();

        Assert.Equal(0, relay.Starts);
        Assert.Empty(relay.Finishes);
    }

    [Fact]
    public async Task A_start_that_throws_reaches_the_caller_without_cleanup_and_the_stream_is_over()
    {
        var relay = new RecordingRelay(Inner("a")) { StartFailure = new ArgumentException("bad request") };
        await using var updates = relay.GetAsyncEnumerator();

        await Assert.ThrowsAsync<ArgumentException>(async () => await updates.MoveNextAsync());

        Assert.Empty(relay.Finishes);
        Assert.False(await updates.MoveNextAsync());
    }

    [Fact]
    public async Task Enumerating_the_same_stream_twice_runs_the_call_twice()
    {
        var starts = 0;
        var relay = new RecordingRelay(() => Inner("a", "b")) { OnStart = () => starts++ };

        Assert.Equal(new[] { "a", "b" }, await ReadAllAsync(relay));
        Assert.Equal(new[] { "a", "b" }, await ReadAllAsync(relay));

        Assert.Equal(2, starts);
    }

    [Fact]
    public async Task A_start_that_already_read_the_first_update_hands_it_over_without_moving_again()
    {
        var inner = Inner("a", "b").GetAsyncEnumerator();
        Assert.True(await inner.MoveNextAsync());
        var relay = new RecordingRelay(Inner("unused")) { Started = new(inner, true) };

        Assert.Equal(new[] { "a", "b" }, await ReadAllAsync(relay));
    }

    [Fact]
    public async Task A_start_that_found_the_stream_empty_ends_it_as_completed()
    {
        var inner = Inner().GetAsyncEnumerator();
        Assert.False(await inner.MoveNextAsync());
        var relay = new RecordingRelay(Inner("unused")) { Started = new(inner, false) };

        Assert.Empty(await ReadAllAsync(relay));

        Assert.True(Assert.Single(relay.Finishes).Completed);
    }

    [Fact]
    public async Task Enumerator_token_and_call_token_are_combined()
    {
        using var callTokens = new CancellationTokenSource();
        using var readTokens = new CancellationTokenSource();
        var relay = new RecordingRelay(Inner("a"), callTokens.Token);
        await using var updates = relay.GetAsyncEnumerator(readTokens.Token);
        Assert.True(await updates.MoveNextAsync());
        var seen = relay.StartToken;

        Assert.NotEqual(callTokens.Token, seen);
        Assert.NotEqual(readTokens.Token, seen);
        await readTokens.CancelAsync();
        Assert.True(seen.IsCancellationRequested);
    }

    [Fact]
    public async Task The_call_token_alone_is_used_when_the_enumerator_gets_none()
    {
        using var callTokens = new CancellationTokenSource();
        var relay = new RecordingRelay(Inner("a"), callTokens.Token);

        await ReadAllAsync(relay);

        Assert.Equal(callTokens.Token, relay.StartToken);
    }

    [Fact]
    public async Task What_the_start_sets_as_the_current_activity_does_not_leak_to_the_caller()
    {
        using var source = new ActivitySource("relay-test");
        using var listener = new ActivityListener { ShouldListenTo = s => s.Name == "relay-test", Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData };
        ActivitySource.AddActivityListener(listener);
        Activity? started = null;
        var relay = new RecordingRelay(Inner("a")) { OnStart = () => started = source.StartActivity("start") };
        var before = Activity.Current;

        await using var updates = relay.GetAsyncEnumerator();
        Assert.True(await updates.MoveNextAsync());

        Assert.NotNull(started);
        Assert.Same(before, Activity.Current);
        started.Dispose();
    }

    private static async Task<List<string>> ReadAllAsync(IAsyncEnumerable<ChatResponseUpdate> updates)
    {
        var texts = new List<string>();
        await foreach (var update in updates)
        {
            texts.Add(update.Text);
        }

        return texts;
    }

    private static TrackedStream Inner(params string[] texts) => new(texts, failure: null, asynchronous: false);

    private static TrackedStream Inner(Exception failure, bool asynchronous, params string[] texts) => new(texts, failure, asynchronous);

    /// <summary>An inner stream that may fail after its updates, and tells whether it was disposed.</summary>
    private sealed class TrackedStream(string[] texts, Exception? failure, bool asynchronous) : IAsyncEnumerable<ChatResponseUpdate>
    {
        public bool Disposed { get; private set; }

        public async IAsyncEnumerator<ChatResponseUpdate> GetAsyncEnumerator(CancellationToken cancellationToken = default)
        {
            try
            {
                foreach (var text in texts)
                {
                    yield return new ChatResponseUpdate(ChatRole.Assistant, text);
                }

                if (failure is not null)
                {
                    if (asynchronous)
                    {
                        await Task.Yield();
                    }

                    throw failure;
                }
            }
            finally
            {
                Disposed = true;
            }
        }
    }

    private sealed class RecordingRelay : ChatResponseUpdateRelay
    {
        private readonly Func<TrackedStream> _inner;
        private TrackedStream? _current;

        public RecordingRelay(TrackedStream inner, CancellationToken cancellationToken = default)
            : this(() => inner, cancellationToken)
        {
        }

        public RecordingRelay(Func<TrackedStream> inner, CancellationToken cancellationToken = default)
            : base(cancellationToken) => _inner = inner;

        public int Starts { get; private set; }

        public int Moving { get; private set; }

        public int Moved { get; private set; }

        public int Waits { get; private set; }

        public CancellationToken StartToken { get; private set; }

        public List<Exception> Failures { get; } = [];

        public List<(bool Completed, Exception? Failure, bool InnerDisposedBefore)> Finishes { get; } = [];

        public Func<ChatResponseUpdate, ChatResponseUpdate>? Rewrite { get; init; }

        public Func<Exception, Exception>? MapFailure { get; init; }

        public Exception? StartFailure { get; init; }

        public RelayStart? Started { get; init; }

        public Action? OnStart { get; init; }

        protected override ChatResponseUpdateRelay Restart() =>
            new RecordingRelay(_inner, CallToken) { Rewrite = Rewrite, OnStart = OnStart };

        protected override async ValueTask<RelayStart> StartAsync(CancellationToken cancellationToken)
        {
            await Task.Yield();
            Starts++;
            StartToken = cancellationToken;
            OnStart?.Invoke();
            if (StartFailure is not null)
            {
                throw StartFailure;
            }

            if (Started is { } started)
            {
                return started;
            }

            _current = _inner();
            return new(_current.GetAsyncEnumerator(cancellationToken), null);
        }

        protected override void OnMoving() => Moving++;

        protected override void OnMoved() => Moved++;

        protected override void OnWaiting() => Waits++;

        protected override ChatResponseUpdate OnUpdate(ChatResponseUpdate update) => Rewrite?.Invoke(update) ?? update;

        protected override Exception OnFailed(Exception exception)
        {
            Failures.Add(exception);
            return MapFailure?.Invoke(exception) ?? exception;
        }

        protected override ValueTask FinishAsync(bool completed, Exception? failure)
        {
            Finishes.Add((completed, failure, _current?.Disposed ?? true));
            return default;
        }
    }
}
