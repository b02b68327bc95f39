namespace AiGateway.Client.Tests.Middleware.Budget;

public sealed class BudgetWindowStartTests
{
    [Fact]
    public void A_day_starts_at_the_utc_midnight_before_any_instant_and_any_offset()
    {
        var random = new Random(20261205);
        for (var i = 0; i < 10_000; i++)
        {
            var utc = new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddTicks(random.NextInt64(TimeSpan.FromDays(365 * 60).Ticks));
            var offset = TimeSpan.FromMinutes(random.Next(-14 * 60, (14 * 60) + 1));
            var now = new DateTimeOffset(utc).ToOffset(offset);

            Assert.Equal(new DateTimeOffset(utc.Year, utc.Month, utc.Day, 0, 0, 0, TimeSpan.Zero), BudgetWindow.PerDay.GetStart(now));
        }
    }

    [Fact]
    public void A_month_starts_on_the_first_at_utc_midnight_whatever_order_the_months_are_asked_in()
    {
        // The window remembers the last month it worked out: going back and forth must not reuse the wrong one.
        DateTimeOffset[] instants =
        [
            new(2026, 1, 31, 23, 59, 59, TimeSpan.Zero),
            new(2026, 2, 1, 0, 0, 0, TimeSpan.Zero),
            new(2026, 1, 15, 12, 0, 0, TimeSpan.Zero),
            new(2026, 3, 1, 1, 30, 0, TimeSpan.FromHours(2)),
            new(2024, 2, 29, 23, 59, 59, TimeSpan.Zero),
            new(2026, 12, 31, 23, 59, 59, TimeSpan.Zero),
            new(2027, 1, 1, 0, 0, 0, TimeSpan.Zero),
        ];

        foreach (var now in instants)
        {
            var utc = now.UtcDateTime;
            Assert.Equal(new DateTimeOffset(utc.Year, utc.Month, 1, 0, 0, 0, TimeSpan.Zero), BudgetWindow.PerMonth.GetStart(now));
        }
    }
}
