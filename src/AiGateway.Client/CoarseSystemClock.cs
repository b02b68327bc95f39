namespace AiGateway.Client;

/// <summary>
/// The system clock read at the resolution of <see cref="Environment.TickCount64"/> (a few milliseconds), for
/// bookkeeping that needs no finer: the failover breakers' windows and the retry strategy's attempt durations, budget
/// windows and reservation leases. Reading <see cref="TimeProvider.System"/> costs about 30 ns per read on this kind of
/// virtual machine, and a call through budget and failover read it five times; the tick count costs a sixth of that.
/// Timers are the system's own. Only ever stands in for <see cref="TimeProvider.System"/>: a clock the app gives
/// (a <c>FakeTimeProvider</c> in tests) is used as it is (<see cref="For"/>).
/// </summary>
internal sealed class CoarseSystemClock : TimeProvider
{
    private Reading? _last;

    private CoarseSystemClock()
    {
    }

    /// <summary>Gets the one instance.</summary>
    public static CoarseSystemClock Instance { get; } = new();

    /// <inheritdoc />
    public override long TimestampFrequency => 1000;

    /// <inheritdoc />
    public override TimeZoneInfo LocalTimeZone => System.LocalTimeZone;

    /// <summary>This clock in place of <see cref="TimeProvider.System"/>; any other clock as it is.</summary>
    /// <param name="clock">The configured clock.</param>
    /// <returns>The clock to use.</returns>
    public static TimeProvider For(TimeProvider clock) => ReferenceEquals(clock, System) ? Instance : clock;

    /// <inheritdoc />
    public override long GetTimestamp() => Environment.TickCount64;

    /// <inheritdoc />
    /// <remarks>The system's time, read again whenever the tick count has moved since the last read.</remarks>
    public override DateTimeOffset GetUtcNow()
    {
        var tick = Environment.TickCount64;
        if (Volatile.Read(ref _last) is { } last && last.Tick == tick)
        {
            return last.UtcNow;
        }

        var now = System.GetUtcNow();

        // One small object per tick at most; a reader sees a whole reading, never a tick of one and a time of another.
        Volatile.Write(ref _last, new Reading(tick, now));
        return now;
    }

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        System.CreateTimer(callback, state, dueTime, period);

    private sealed record Reading(long Tick, DateTimeOffset UtcNow);
}
