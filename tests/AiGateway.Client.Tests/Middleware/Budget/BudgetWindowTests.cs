using AiGateway.Client.Middleware.Budget;
using AiGateway.Client.Tests.TestSupport;
using static AiGateway.Client.Tests.Middleware.Budget.BudgetTestCatalog;
using Microsoft.Extensions.Time.Testing;

namespace AiGateway.Client.Tests.Middleware.Budget;

public sealed class BudgetWindowTests
{
    private static readonly decimal CallCost = Cost(Cheap, 1000, 500);

    [Fact]
    public async Task Daily_window_rolls_over_at_utc_midnight()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 31, 23, 0, 0, TimeSpan.Zero));
        var client = OneCallBudget(BudgetWindow.PerDay, time);
        await client.GetResponseAsync(Messages, Options());
        await Assert.ThrowsAsync<BudgetExceededException>(() => client.GetResponseAsync(Messages, Options()));

        time.Advance(TimeSpan.FromMinutes(59));
        await Assert.ThrowsAsync<BudgetExceededException>(() => client.GetResponseAsync(Messages, Options()));

        time.Advance(TimeSpan.FromMinutes(1));
        await client.GetResponseAsync(Messages, Options());
    }

    [Fact]
    public async Task Daily_window_follows_utc_not_the_callers_offset()
    {
        // 23:30 at UTC+02:00 is 21:30 UTC on the same day; the reset is UTC midnight.
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 6, 10, 21, 30, 0, TimeSpan.Zero));
        var client = OneCallBudget(BudgetWindow.PerDay, time);
        await client.GetResponseAsync(Messages, Options());

        var ex = await Assert.ThrowsAsync<BudgetExceededException>(() => client.GetResponseAsync(Messages, Options()));

        Assert.Equal(new DateTimeOffset(2026, 6, 11, 0, 0, 0, TimeSpan.Zero), ex.WindowResetsAt);
    }

    [Fact]
    public async Task Monthly_window_rolls_over_on_the_first_of_the_month()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.Zero));
        var client = OneCallBudget(BudgetWindow.PerMonth, time);
        await client.GetResponseAsync(Messages, Options());

        time.Advance(TimeSpan.FromDays(27.9));
        var ex = await Assert.ThrowsAsync<BudgetExceededException>(() => client.GetResponseAsync(Messages, Options()));
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero), ex.WindowResetsAt);

        time.SetUtcNow(new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero));
        await client.GetResponseAsync(Messages, Options());
    }

    [Fact]
    public async Task Rolling_window_frees_spend_one_duration_after_it_was_reserved_give_or_take_one_slot()
    {
        var time = new FakeTimeProvider();
        var start = time.GetUtcNow();
        var slot = TimeSpan.FromHours(1) / 64;
        var client = OneCallBudget(BudgetWindow.Rolling(TimeSpan.FromHours(1)), time);
        await client.GetResponseAsync(Messages, Options());

        time.Advance(TimeSpan.FromMinutes(59));
        var ex = await Assert.ThrowsAsync<BudgetExceededException>(() => client.GetResponseAsync(Messages, Options()));
        Assert.InRange(ex.WindowResetsAt!.Value, start + TimeSpan.FromHours(1), start + TimeSpan.FromHours(1) + slot);

        time.Advance(TimeSpan.FromMinutes(1));
        await Assert.ThrowsAsync<BudgetExceededException>(() => client.GetResponseAsync(Messages, Options()));

        time.Advance(slot);
        await client.GetResponseAsync(Messages, Options());
    }

    [Fact]
    public async Task Spend_counts_in_the_window_its_call_was_reserved_in()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 5, 1, 23, 59, 0, TimeSpan.Zero));
        var inner = new ScriptedChatClient(Create());
        var client = Budgeted(inner, o => o.Rules.Add(BudgetRule.Global("daily", CallCost, BudgetWindow.PerDay)), time: time);
        inner.Respond = (_, _) =>
        {
            // The call finishes after midnight: its spend still belongs to the day it started in.
            time.Advance(TimeSpan.FromMinutes(2));
            return Task.FromResult(ScriptedChatClient.WithCost(CallCost));
        };

        await client.GetResponseAsync(Messages, Options());

        Assert.Equal(0m, (await client.GetUsageAsync("daily")).TotalUsd);
        await client.GetResponseAsync(Messages, Options());
    }

    [Fact]
    public void Rolling_window_shorter_than_a_second_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => BudgetWindow.Rolling(TimeSpan.FromMilliseconds(10)));
    }

    /// <summary>A budget with room for exactly one call whose actual cost equals its worst case.</summary>
    private static BudgetChatClient OneCallBudget(BudgetWindow window, FakeTimeProvider time)
    {
        var inner = new ScriptedChatClient(Create()) { Respond = (_, _) => Task.FromResult(ScriptedChatClient.WithCost(CallCost)) };
        return Budgeted(inner, o => o.Rules.Add(BudgetRule.Global("one-call", CallCost, window)), time: time);
    }
}
