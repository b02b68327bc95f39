using Microsoft.Extensions.Time.Testing;

namespace AiGateway.Client.Tests;

public sealed class CoarseSystemClockTests
{
    [Fact]
    public void It_stands_in_for_the_system_clock_only()
    {
        var fake = new FakeTimeProvider();

        Assert.Same(CoarseSystemClock.Instance, CoarseSystemClock.For(TimeProvider.System));
        Assert.Same(fake, CoarseSystemClock.For(fake));
    }

    [Fact]
    public void Its_time_is_the_system_time_within_the_tick_resolution()
    {
        var before = DateTimeOffset.UtcNow;
        var coarse = CoarseSystemClock.Instance.GetUtcNow();
        var after = DateTimeOffset.UtcNow;

        // A reading is at most one tick (a few milliseconds) old: it was the system time when the tick count last moved.
        Assert.InRange(coarse, before - TimeSpan.FromMilliseconds(100), after);
        Assert.Equal(TimeSpan.Zero, coarse.Offset);
    }

    [Fact]
    public async Task Its_timestamps_measure_elapsed_time_in_milliseconds()
    {
        var clock = CoarseSystemClock.Instance;
        var started = clock.GetTimestamp();

        await Task.Delay(50);

        Assert.Equal(1000, clock.TimestampFrequency);
        Assert.InRange(clock.GetElapsedTime(started), TimeSpan.FromMilliseconds(30), TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Its_timers_are_the_systems()
    {
        var fired = new TaskCompletionSource();
        using var timer = CoarseSystemClock.Instance.CreateTimer(_ => fired.TrySetResult(), null, TimeSpan.FromMilliseconds(10), Timeout.InfiniteTimeSpan);

        await fired.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }
}
