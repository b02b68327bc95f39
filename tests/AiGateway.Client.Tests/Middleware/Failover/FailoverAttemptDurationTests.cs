using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Time.Testing;
using static AiGateway.Client.Tests.Middleware.Failover.FailoverTestHost;

namespace AiGateway.Client.Tests.Middleware.Failover;

public sealed class FailoverAttemptDurationTests
{
    [Fact]
    public async Task A_streamed_attempt_counts_its_waits_for_updates_but_not_the_callers_time_between_them()
    {
        var time = new ReadSignallingClock();
        var inner = new WaitingStreamClient(time, firstWait: TimeSpan.FromSeconds(1), laterWait: TimeSpan.FromSeconds(2));
        var recording = new RecordingFailoverChatClient(inner, new FailoverOptions { TimeProvider = time });

        await foreach (var _ in recording.GetStreamingResponseAsync(Messages, Model("openai/gpt-5")))
        {
            // The caller takes its time with every update: none of it is the call's.
            time.Advance(TimeSpan.FromSeconds(10));
        }

        // First update after 1 s, the second after a 2 s wait; the third was already there.
        var attempt = Assert.Single(recording.Attempts);
        Assert.True(attempt.ResponseCompleted);
        Assert.Equal(TimeSpan.FromSeconds(1), attempt.TimeToFirstUpdate);
        Assert.Equal(TimeSpan.FromSeconds(3), attempt.Duration);
    }

    [Fact]
    public async Task A_whole_response_attempt_counts_the_time_until_the_answer()
    {
        var time = new ReadSignallingClock();
        var inner = new WaitingStreamClient(time, firstWait: TimeSpan.FromSeconds(4), laterWait: TimeSpan.Zero);
        var recording = new RecordingFailoverChatClient(inner, new FailoverOptions { TimeProvider = time });

        await recording.GetResponseAsync(Messages, Model("openai/gpt-5"));

        Assert.Equal(TimeSpan.FromSeconds(4), Assert.Single(recording.Attempts).Duration);
    }

    /// <summary>
    /// Streams three updates: the first and second each after a real (asynchronous) wait during which the clock moves,
    /// the third at once, as a buffered update would be. The second wait lets the clock move only once the layer above
    /// has looked at the clock, as a network wait would: otherwise the wait could be over before anyone saw it start.
    /// </summary>
    private sealed class WaitingStreamClient(ReadSignallingClock time, TimeSpan firstWait, TimeSpan laterWait) : IChatClient
    {
        public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            await Task.Yield();
            time.Advance(firstWait);
            return new ChatResponse(new ChatMessage(ChatRole.Assistant, "ok"));
        }

        public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await Task.Yield();
            time.Advance(firstWait);
            yield return new ChatResponseUpdate(ChatRole.Assistant, "a");
            var read = time.NextRead();
            await Task.Yield();
            await read;
            time.Advance(laterWait);
            yield return new ChatResponseUpdate(ChatRole.Assistant, "b");
            yield return new ChatResponseUpdate(ChatRole.Assistant, "c");
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }

    /// <summary>A fake clock that tells when it is next read.</summary>
    private sealed class ReadSignallingClock : FakeTimeProvider
    {
        private TaskCompletionSource? _nextRead;

        public Task NextRead()
        {
            var read = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Volatile.Write(ref _nextRead, read);
            return read.Task;
        }

        public override long GetTimestamp()
        {
            var timestamp = base.GetTimestamp();
            Interlocked.Exchange(ref _nextRead, null)?.TrySetResult();
            return timestamp;
        }
    }
}
