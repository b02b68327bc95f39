using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;

namespace AiGateway.Client.Tests.TestSupport;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that records every delay asked of it (so a test asserts the delay Polly asked for,
/// never wall time). With <see cref="AutoAdvance"/> on, a timer fires as soon as it is set, after moving the clock by
/// its due time, so retries run instantly; with it off, timers fire only when <see cref="FakeTimeProvider.Advance(TimeSpan)"/>
/// passes them.
/// </summary>
public sealed class TestClock() : FakeTimeProvider(new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero))
{
    private readonly object _autoAdvanceGate = new();

    public bool AutoAdvance { get; init; } = true;

    /// <summary>Gets every finite, positive due time a timer was set with, in order.</summary>
    public ConcurrentQueue<TimeSpan> RequestedDelays { get; } = new();

    /// <summary>Signalled each time a timer is set (for tests that act while a delay is pending).</summary>
    public SemaphoreSlim TimerSet { get; } = new(0);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new RecordingTimer(this, base.CreateTimer(callback, state, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan));
        timer.Change(dueTime, period);
        return timer;
    }

    private void OnSet(RecordingTimer timer, TimeSpan dueTime, DateTimeOffset dueAt, int version)
    {
        if (dueTime <= TimeSpan.Zero || dueTime == Timeout.InfiniteTimeSpan)
        {
            return;
        }

        RequestedDelays.Enqueue(dueTime);
        TimerSet.Release();
        if (AutoAdvance)
        {
            // Move the clock on the thread pool, never inside CreateTimer: the caller has not stored the timer yet.
            ThreadPool.QueueUserWorkItem(_ =>
            {
                lock (_autoAdvanceGate)
                {
                    var remaining = dueAt - GetUtcNow();
                    if (timer.Version == version && remaining > TimeSpan.Zero)
                    {
                        Advance(remaining);
                    }
                }
            });
        }
    }

    /// <summary>The fake timer, seen on its way in so that every due time is recorded (and, with auto-advance, reached).</summary>
    private sealed class RecordingTimer(TestClock owner, ITimer inner) : ITimer
    {
        private int _version;

        public int Version => Volatile.Read(ref _version);

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            var version = Interlocked.Increment(ref _version);
            var dueAt = dueTime == Timeout.InfiniteTimeSpan ? DateTimeOffset.MaxValue : owner.GetUtcNow() + dueTime;
            var changed = inner.Change(dueTime, period);
            owner.OnSet(this, dueTime, dueAt, version);
            return changed;
        }

        public void Dispose()
        {
            Interlocked.Increment(ref _version);
            inner.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            Interlocked.Increment(ref _version);
            return inner.DisposeAsync();
        }
    }
}
