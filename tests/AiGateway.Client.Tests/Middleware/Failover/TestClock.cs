using System.Collections.Concurrent;

namespace AiGateway.Client.Tests.Middleware.Failover;

/// <summary>
/// A hand-moved clock that records every delay asked of it (so a test asserts the delay Polly asked for, never wall
/// time). With <see cref="AutoAdvance"/> on, a timer fires as soon as it is set, after moving the clock by its due
/// time, so retries run instantly; with it off, timers fire only when <see cref="Advance"/> passes them.
/// </summary>
public sealed class TestClock : TimeProvider
{
    private readonly object _gate = new();
    private readonly List<ClockTimer> _timers = [];
    private DateTimeOffset _now = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);

    public bool AutoAdvance { get; init; } = true;

    /// <summary>Gets every finite, positive due time a timer was set with, in order.</summary>
    public ConcurrentQueue<TimeSpan> RequestedDelays { get; } = new();

    /// <summary>Signalled each time a timer is set (for tests that act while a delay is pending).</summary>
    public SemaphoreSlim TimerSet { get; } = new(0);

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public void Advance(TimeSpan by)
    {
        List<ClockTimer> due;
        lock (_gate)
        {
            _now += by;
            due = _timers.Where(t => t.DueAt is { } at && at <= _now).ToList();
        }

        foreach (var timer in due)
        {
            timer.Fire(timer.Version);
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ClockTimer(this, callback, state);
        lock (_gate)
        {
            _timers.Add(timer);
        }

        timer.Change(dueTime, period);
        return timer;
    }

    private void OnSet(ClockTimer timer, TimeSpan dueTime, int version)
    {
        if (dueTime <= TimeSpan.Zero || dueTime == Timeout.InfiniteTimeSpan)
        {
            return;
        }

        RequestedDelays.Enqueue(dueTime);
        TimerSet.Release();
        if (AutoAdvance)
        {
            // Fire on the thread pool, never inside CreateTimer: the caller has not stored the timer yet.
            ThreadPool.QueueUserWorkItem(_ =>
            {
                lock (_gate)
                {
                    if (timer.Version != version || timer.DueAt is null)
                    {
                        return;
                    }

                    if (timer.DueAt > _now)
                    {
                        _now = timer.DueAt.Value;
                    }
                }

                timer.Fire(version);
            });
        }
    }

    private sealed class ClockTimer(TestClock owner, TimerCallback callback, object? state) : ITimer
    {
        private int _version;

        public DateTimeOffset? DueAt { get; private set; }

        public int Version => Volatile.Read(ref _version);

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            int version;
            lock (owner._gate)
            {
                version = ++_version;
                DueAt = dueTime == Timeout.InfiniteTimeSpan ? null : owner._now + dueTime;
            }

            owner.OnSet(this, dueTime, version);
            return true;
        }

        public void Fire(int version)
        {
            lock (owner._gate)
            {
                if (version != _version || DueAt is null)
                {
                    return;
                }

                DueAt = null;
            }

            callback(state);
        }

        public void Dispose()
        {
            lock (owner._gate)
            {
                DueAt = null;
                _version++;
                owner._timers.Remove(this);
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
