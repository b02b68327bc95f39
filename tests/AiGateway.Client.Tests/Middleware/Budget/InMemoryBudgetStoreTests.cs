using AiGateway.Client.Middleware.Budget;

namespace AiGateway.Client.Tests.Middleware.Budget;

public sealed class InMemoryBudgetStoreTests
{
    private static readonly DateTimeOffset Now = new(2026, 4, 2, 10, 0, 0, TimeSpan.Zero);
    private static readonly BudgetRule Daily = BudgetRule.Global("daily", 1m, BudgetWindow.PerDay);

    [Fact]
    public async Task Reserve_on_several_rules_is_all_or_nothing()
    {
        var store = new InMemoryBudgetStore();
        var roomy = BudgetRule.Global("roomy", 10m, BudgetWindow.PerDay);
        var tight = BudgetRule.PerUser("tight", 0.5m, BudgetWindow.PerDay);

        var result = await store.TryReserveAsync(Reservation(0.6m, new BudgetCharge(roomy, ""), new BudgetCharge(tight, "u")));

        Assert.False(result.IsReserved);
        Assert.Equal("tight", result.RefusedBy!.Rule.Name);
        Assert.Equal(0m, (await store.GetUsageAsync(roomy, "", Now)).TotalUsd);
    }

    [Fact]
    public async Task Reserve_fits_exactly_up_to_the_limit()
    {
        var store = new InMemoryBudgetStore();

        Assert.True((await store.TryReserveAsync(Reservation(0.4m, new BudgetCharge(Daily, "")))).IsReserved);
        Assert.True((await store.TryReserveAsync(Reservation(0.6m, new BudgetCharge(Daily, "")))).IsReserved);
        Assert.False((await store.TryReserveAsync(Reservation(0.0001m, new BudgetCharge(Daily, "")))).IsReserved);
    }

    [Fact]
    public async Task Settle_moves_the_amount_from_reserved_to_spent()
    {
        var store = new InMemoryBudgetStore();
        var reservation = Reservation(0.5m, new BudgetCharge(Daily, ""));
        await store.TryReserveAsync(reservation);

        var settlements = await store.SettleAsync(reservation, 0.2m, Now);

        var settlement = Assert.Single(settlements);
        Assert.Equal(0m, settlement.SpentBeforeUsd);
        Assert.Equal(0.2m, settlement.SpentAfterUsd);
        Assert.Equal(new BudgetUsage(0.2m, 0m, Now.Date.AddDays(1)), await store.GetUsageAsync(Daily, "", Now));
    }

    [Fact]
    public async Task Settled_reservations_do_not_pile_up_in_the_lease_queue()
    {
        var store = new InMemoryBudgetStore();
        for (var i = 0; i < 1_000; i++)
        {
            var reservation = Reservation(0.0001m, new BudgetCharge(Daily, ""));
            await store.TryReserveAsync(reservation);
            await store.SettleAsync(reservation, 0.0001m, Now);
        }

        // Each lease is 15 minutes: without compaction all 1,000 settled calls would still sit in the queue.
        Assert.InRange(store.LeaseQueueLength, 0, 65);
    }

    [Fact]
    public async Task Settle_is_idempotent()
    {
        var store = new InMemoryBudgetStore();
        var reservation = Reservation(0.5m, new BudgetCharge(Daily, ""));
        await store.TryReserveAsync(reservation);
        await store.SettleAsync(reservation, 0.2m, Now);

        var second = await store.SettleAsync(reservation, 0.4m, Now);

        Assert.Empty(second);
        Assert.Equal(0.2m, (await store.GetUsageAsync(Daily, "", Now)).SpentUsd);
    }

    [Fact]
    public async Task Release_after_settle_changes_nothing()
    {
        var store = new InMemoryBudgetStore();
        var reservation = Reservation(0.5m, new BudgetCharge(Daily, ""));
        await store.TryReserveAsync(reservation);
        await store.SettleAsync(reservation, 0.2m, Now);

        await store.ReleaseAsync(reservation);

        Assert.Equal(0.2m, (await store.GetUsageAsync(Daily, "", Now)).SpentUsd);
    }

    [Fact]
    public async Task Settle_after_release_changes_nothing()
    {
        var store = new InMemoryBudgetStore();
        var reservation = Reservation(0.5m, new BudgetCharge(Daily, ""));
        await store.TryReserveAsync(reservation);
        await store.ReleaseAsync(reservation);

        Assert.Empty(await store.SettleAsync(reservation, 0.2m, Now));
        Assert.Equal(0m, (await store.GetUsageAsync(Daily, "", Now)).TotalUsd);
    }

    [Fact]
    public async Task Release_of_an_unknown_reservation_is_a_no_op()
    {
        var store = new InMemoryBudgetStore();
        await store.TryReserveAsync(Reservation(0.5m, new BudgetCharge(Daily, "")));

        await store.ReleaseAsync(Reservation(0.5m, new BudgetCharge(Daily, "")));

        Assert.Equal(0.5m, (await store.GetUsageAsync(Daily, "", Now)).ReservedUsd);
    }

    [Fact]
    public async Task Reserving_the_same_id_twice_is_refused()
    {
        var store = new InMemoryBudgetStore();
        var reservation = Reservation(0.1m, new BudgetCharge(Daily, ""));
        await store.TryReserveAsync(reservation);

        await Assert.ThrowsAsync<InvalidOperationException>(() => store.TryReserveAsync(reservation).AsTask());
    }

    [Fact]
    public async Task Buckets_of_one_rule_are_independent()
    {
        var store = new InMemoryBudgetStore();
        var perUser = BudgetRule.PerUser("per-user", 1m, BudgetWindow.PerDay);
        await store.TryReserveAsync(Reservation(1m, new BudgetCharge(perUser, "a")));

        Assert.True((await store.TryReserveAsync(Reservation(1m, new BudgetCharge(perUser, "b")))).IsReserved);
    }

    [Fact]
    public async Task Refusal_reports_the_buckets_spent_and_reserved_amounts()
    {
        var store = new InMemoryBudgetStore();
        var settled = Reservation(0.3m, new BudgetCharge(Daily, ""));
        await store.TryReserveAsync(settled);
        await store.SettleAsync(settled, 0.25m, Now);
        await store.TryReserveAsync(Reservation(0.5m, new BudgetCharge(Daily, "")));

        var result = await store.TryReserveAsync(Reservation(0.5m, new BudgetCharge(Daily, "")));

        Assert.Equal(new BudgetUsage(0.25m, 0.5m, Now.Date.AddDays(1)), result.RefusedUsage);
    }

    [Fact]
    public async Task Two_hundred_concurrent_reservations_never_exceed_the_limit()
    {
        var store = new InMemoryBudgetStore();
        var rule = BudgetRule.Global("g", 0.37m, BudgetWindow.PerDay);

        var results = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => Task.Run(() => store.TryReserveAsync(Reservation(0.01m, new BudgetCharge(rule, ""))).AsTask())));

        Assert.Equal(37, results.Count(r => r.IsReserved));
        Assert.Equal(0.37m, (await store.GetUsageAsync(rule, "", Now)).ReservedUsd);
    }

    [Fact]
    public void A_reservation_cannot_count_twice_in_one_bucket()
    {
        Assert.Throws<ArgumentException>(() => Reservation(0.1m, new BudgetCharge(Daily, ""), new BudgetCharge(Daily, "")));
    }

    [Fact]
    public async Task Memory_stays_bounded_by_the_window_not_by_the_number_of_calls()
    {
        var store = new InMemoryBudgetStore();
        var monthly = BudgetRule.Global("monthly", 1_000_000m, BudgetWindow.PerMonth);
        var hourly = BudgetRule.Global("hourly", 1_000_000m, BudgetWindow.Rolling(TimeSpan.FromHours(1)));

        for (var i = 0; i < 5_000; i++)
        {
            var at = Now.AddSeconds(i);
            var reservation = new BudgetReservation(Guid.NewGuid(), [new BudgetCharge(monthly, ""), new BudgetCharge(hourly, "")], 0.01m, at);
            Assert.True((await store.TryReserveAsync(reservation)).IsReserved);
            await store.SettleAsync(reservation, 0.01m, at);
        }

        // One slot for the month, at most 64 (+1 partly expired) for the rolling hour: not 10,000 entries.
        Assert.InRange(store.TrackedItemCount, 2, 66);
        Assert.Equal(50m, (await store.GetUsageAsync(monthly, "", Now.AddSeconds(5_000))).SpentUsd);
    }

    [Fact]
    public async Task Rolling_spend_is_counted_for_at_least_the_whole_window_and_expires_within_one_slot_after()
    {
        var store = new InMemoryBudgetStore();
        var window = TimeSpan.FromHours(1);
        var hourly = BudgetRule.Global("hourly", 10m, BudgetWindow.Rolling(window));
        var reservation = new BudgetReservation(Guid.NewGuid(), [new BudgetCharge(hourly, "")], 1m, Now);
        await store.TryReserveAsync(reservation);
        await store.SettleAsync(reservation, 1m, Now);

        Assert.Equal(1m, (await store.GetUsageAsync(hourly, "", Now.Add(window).AddTicks(-1))).SpentUsd);
        Assert.Equal(0m, (await store.GetUsageAsync(hourly, "", Now.Add(window).Add(window / 64).AddSeconds(1))).SpentUsd);
    }

    [Fact]
    public async Task Calendar_spend_resets_exactly_at_the_window_boundary()
    {
        var store = new InMemoryBudgetStore();
        var late = new DateTimeOffset(2026, 4, 2, 23, 59, 59, TimeSpan.Zero);
        var reservation = new BudgetReservation(Guid.NewGuid(), [new BudgetCharge(Daily, "")], 0.5m, late);
        await store.TryReserveAsync(reservation);
        await store.SettleAsync(reservation, 0.5m, late);

        Assert.Equal(0.5m, (await store.GetUsageAsync(Daily, "", late)).SpentUsd);
        Assert.Equal(0m, (await store.GetUsageAsync(Daily, "", late.AddSeconds(1))).SpentUsd);
    }

    private static BudgetReservation Reservation(decimal amount, params BudgetCharge[] charges) => new(Guid.NewGuid(), charges, amount, Now);
}
