
namespace AiGateway.Client.Tests.Middleware.Budget;

public sealed class BudgetWindowShapeTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 31, 22, 15, 0, TimeSpan.Zero);

    [Fact]
    public void Day_starts_at_utc_midnight_even_for_a_local_offset()
    {
        var local = new DateTimeOffset(2027, 1, 1, 1, 0, 0, TimeSpan.FromHours(3));

        Assert.Equal(new DateTimeOffset(2026, 12, 31, 0, 0, 0, TimeSpan.Zero), BudgetWindow.PerDay.GetStart(local));
    }

    [Fact]
    public void Month_resets_at_the_next_first_across_a_year_end()
    {
        Assert.Equal(new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero), BudgetWindow.PerMonth.GetResetTime(Now, null));
    }

    [Fact]
    public void Calendar_window_includes_its_first_instant()
    {
        Assert.True(BudgetWindow.PerDay.Contains(new DateTimeOffset(2026, 12, 31, 0, 0, 0, TimeSpan.Zero), Now));
        Assert.False(BudgetWindow.PerDay.Contains(new DateTimeOffset(2026, 12, 30, 23, 59, 59, TimeSpan.Zero), Now));
    }

    [Fact]
    public void Rolling_window_excludes_spend_exactly_one_duration_old()
    {
        var window = BudgetWindow.Rolling(TimeSpan.FromMinutes(30));

        Assert.False(window.Contains(Now - TimeSpan.FromMinutes(30), Now));
        Assert.True(window.Contains(Now - TimeSpan.FromMinutes(29), Now));
    }

    [Fact]
    public void Rolling_window_without_counted_spend_has_no_reset_time()
    {
        Assert.Null(BudgetWindow.Rolling(TimeSpan.FromHours(1)).GetResetTime(Now, null));
    }
}
