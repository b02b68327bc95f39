using AiGateway.Client.Middleware.Budget;

namespace AiGateway.Client.Tests.BudgetStores;

/// <summary>
/// The <see cref="IBudgetStore"/> contract, run against every store (in memory, PostgreSQL, Redis): this file is
/// compiled into each store's test project, where a subclass says how to make a store and how to move its clock, and
/// <c>[StoreFact]</c> is that project's own attribute (the server-backed ones skip without a server on a developer
/// machine and fail on CI).
/// </summary>
public abstract class BudgetStoreContractTests
{
    private static readonly BudgetRule Daily = BudgetRule.Global("daily", 1m, BudgetWindow.PerDay);
    private static readonly TimeSpan ShortLease = TimeSpan.FromSeconds(30);

    /// <summary>Gets the app's current time (what the middleware would put in <see cref="BudgetReservation.CreatedAt"/>).</summary>
    protected abstract DateTimeOffset Now { get; }

    /// <summary>A store over fresh, empty storage; with <paramref name="replicas"/> above one, that many stores over the same storage, as separate replicas would have.</summary>
    protected abstract Task<IBudgetStore[]> CreateStoresAsync(int replicas = 1);

    /// <summary>Moves the clock the store decides leases and windows with (the app's or the server's).</summary>
    protected abstract void Advance(TimeSpan by);

    [StoreFact]
    public async Task Reserve_on_several_rules_is_all_or_nothing()
    {
        var store = await CreateStoreAsync();
        var roomy = BudgetRule.Global("roomy", 10m, BudgetWindow.PerDay);
        var tight = BudgetRule.PerUser("tight", 0.5m, BudgetWindow.PerDay);

        var result = await store.TryReserveAsync(Reservation(0.6m, new BudgetCharge(roomy, ""), new BudgetCharge(tight, "u")));

        Assert.False(result.IsReserved);
        Assert.Equal("tight", result.RefusedBy!.Rule.Name);
        Assert.Equal(0m, (await store.GetUsageAsync(roomy, "", Now)).TotalUsd);
    }

    [StoreFact]
    public async Task Reserve_fits_exactly_up_to_the_limit()
    {
        var store = await CreateStoreAsync();

        Assert.True((await store.TryReserveAsync(Reservation(0.4m, new BudgetCharge(Daily, "")))).IsReserved);
        Assert.True((await store.TryReserveAsync(Reservation(0.6m, new BudgetCharge(Daily, "")))).IsReserved);
        Assert.False((await store.TryReserveAsync(Reservation(0.0001m, new BudgetCharge(Daily, "")))).IsReserved);
    }

    [StoreFact]
    public async Task Refusal_reports_spent_reserved_and_the_window_reset()
    {
        var store = await CreateStoreAsync();
        var settled = Reservation(0.3m, new BudgetCharge(Daily, ""));
        await store.TryReserveAsync(settled);
        await store.SettleAsync(settled, 0.25m, Now);
        await store.TryReserveAsync(Reservation(0.5m, new BudgetCharge(Daily, "")));

        var result = await store.TryReserveAsync(Reservation(0.5m, new BudgetCharge(Daily, "")));

        Assert.Equal(new BudgetUsage(0.25m, 0.5m, Daily.Window.GetStart(Now).AddDays(1)), result.RefusedUsage);
    }

    [StoreFact]
    public async Task Buckets_of_one_rule_are_kept_apart()
    {
        var store = await CreateStoreAsync();
        var perUser = BudgetRule.PerUser("per-user", 1m, BudgetWindow.PerDay);
        await store.TryReserveAsync(Reservation(1m, new BudgetCharge(perUser, "a:b")));

        var other = await store.TryReserveAsync(Reservation(1m, new BudgetCharge(perUser, "a")));

        Assert.True(other.IsReserved);
        Assert.Equal(1m, (await store.GetUsageAsync(perUser, "a:b", Now)).ReservedUsd);
    }

    [StoreFact]
    public async Task Settle_reports_spend_before_and_after_and_is_idempotent()
    {
        var store = await CreateStoreAsync();
        var first = Reservation(0.5m, new BudgetCharge(Daily, ""));
        var second = Reservation(0.5m, new BudgetCharge(Daily, ""));
        await store.TryReserveAsync(first);
        await store.TryReserveAsync(second);
        await store.SettleAsync(first, 0.2m, Now);

        var settlement = Assert.Single(await store.SettleAsync(second, 0.3m, Now));
        var again = await store.SettleAsync(second, 0.4m, Now);

        Assert.Equal(0.2m, settlement.SpentBeforeUsd);
        Assert.Equal(0.5m, settlement.SpentAfterUsd);
        Assert.Empty(again);
        Assert.Equal(new BudgetUsage(0.5m, 0m, Daily.Window.GetStart(Now).AddDays(1)), await store.GetUsageAsync(Daily, "", Now));
    }

    [StoreFact]
    public async Task Release_removes_the_reservation_and_is_idempotent()
    {
        var store = await CreateStoreAsync();
        var reservation = Reservation(0.5m, new BudgetCharge(Daily, ""));
        await store.TryReserveAsync(reservation);

        await store.ReleaseAsync(reservation);
        await store.ReleaseAsync(reservation);

        Assert.Equal(0m, (await store.GetUsageAsync(Daily, "", Now)).TotalUsd);
        Assert.Empty(await store.SettleAsync(reservation, 0.2m, Now));
        Assert.Equal(0m, (await store.GetUsageAsync(Daily, "", Now)).TotalUsd);
    }

    [StoreFact]
    public async Task Release_after_settle_changes_nothing()
    {
        var store = await CreateStoreAsync();
        var reservation = Reservation(0.5m, new BudgetCharge(Daily, ""));
        await store.TryReserveAsync(reservation);
        await store.SettleAsync(reservation, 0.2m, Now);

        await store.ReleaseAsync(reservation);

        Assert.Equal(new BudgetUsage(0.2m, 0m, Daily.Window.GetStart(Now).AddDays(1)), await store.GetUsageAsync(Daily, "", Now));
    }

    [StoreFact]
    public async Task Reserving_the_same_id_twice_is_refused()
    {
        var store = await CreateStoreAsync();
        var reservation = Reservation(0.1m, new BudgetCharge(Daily, ""));
        await store.TryReserveAsync(reservation);

        await Assert.ThrowsAsync<InvalidOperationException>(() => store.TryReserveAsync(reservation).AsTask());
    }

    [StoreFact]
    public async Task An_expired_lease_stops_counting_and_admits_the_next_call()
    {
        var store = await CreateStoreAsync();
        await store.TryReserveAsync(Reservation(1m, ShortLease, new BudgetCharge(Daily, "")));

        Advance(ShortLease - TimeSpan.FromSeconds(2));
        var beforeExpiry = await store.TryReserveAsync(Reservation(0.1m, new BudgetCharge(Daily, "")));
        Advance(TimeSpan.FromSeconds(3));
        var afterExpiry = await store.TryReserveAsync(Reservation(0.1m, new BudgetCharge(Daily, "")));

        Assert.False(beforeExpiry.IsReserved);
        Assert.True(afterExpiry.IsReserved);
        Assert.Equal(new BudgetUsage(0m, 0.1m, Daily.Window.GetStart(Now).AddDays(1)), await store.GetUsageAsync(Daily, "", Now));
    }

    [StoreFact]
    public async Task Renewing_extends_the_lease_from_now()
    {
        var store = await CreateStoreAsync();
        var held = Reservation(1m, ShortLease, new BudgetCharge(Daily, ""));
        await store.TryReserveAsync(held);

        Advance(TimeSpan.FromSeconds(20));
        var renewed = await store.RenewAsync(held);
        Advance(TimeSpan.FromSeconds(20));
        var afterFirstLease = await store.TryReserveAsync(Reservation(0.1m, new BudgetCharge(Daily, "")));
        Advance(TimeSpan.FromSeconds(12));
        var afterRenewedLease = await store.TryReserveAsync(Reservation(0.1m, new BudgetCharge(Daily, "")));

        Assert.True(renewed);
        Assert.False(afterFirstLease.IsReserved);
        Assert.True(afterRenewedLease.IsReserved);
    }

    [StoreFact]
    public async Task Renewing_an_expired_settled_or_released_reservation_returns_false_and_revives_nothing()
    {
        var store = await CreateStoreAsync();
        var expired = Reservation(0.5m, ShortLease, new BudgetCharge(Daily, ""));
        var settled = Reservation(0.1m, new BudgetCharge(Daily, ""));
        var released = Reservation(0.1m, new BudgetCharge(Daily, ""));
        await store.TryReserveAsync(expired);
        await store.TryReserveAsync(settled);
        await store.TryReserveAsync(released);
        await store.SettleAsync(settled, 0.1m, Now);
        await store.ReleaseAsync(released);
        Advance(ShortLease + TimeSpan.FromSeconds(1));

        Assert.False(await store.RenewAsync(expired));
        Assert.False(await store.RenewAsync(settled));
        Assert.False(await store.RenewAsync(released));
        Assert.Equal(new BudgetUsage(0.1m, 0m, Daily.Window.GetStart(Now).AddDays(1)), await store.GetUsageAsync(Daily, "", Now));
    }

    [StoreFact]
    public async Task A_settle_after_expiry_records_the_spend_exactly_once()
    {
        var store = await CreateStoreAsync();
        var late = Reservation(0.6m, ShortLease, new BudgetCharge(Daily, ""));
        await store.TryReserveAsync(late);
        Advance(ShortLease + TimeSpan.FromSeconds(1));
        Assert.True((await store.TryReserveAsync(Reservation(0.5m, new BudgetCharge(Daily, "")))).IsReserved);

        var settlement = Assert.Single(await store.SettleAsync(late, 0.3m, Now));
        var again = await store.SettleAsync(late, 0.3m, Now);
        await store.ReleaseAsync(late);

        Assert.Equal(0m, settlement.SpentBeforeUsd);
        Assert.Equal(0.3m, settlement.SpentAfterUsd);
        Assert.Empty(again);
        Assert.Equal(new BudgetUsage(0.3m, 0.5m, Daily.Window.GetStart(Now).AddDays(1)), await store.GetUsageAsync(Daily, "", Now));
    }

    [StoreFact]
    public async Task Releasing_an_expired_reservation_forgets_it()
    {
        var store = await CreateStoreAsync();
        var expired = Reservation(0.6m, ShortLease, new BudgetCharge(Daily, ""));
        await store.TryReserveAsync(expired);
        Advance(ShortLease + TimeSpan.FromSeconds(1));

        await store.ReleaseAsync(expired);

        Assert.Empty(await store.SettleAsync(expired, 0.3m, Now));
        Assert.Equal(0m, (await store.GetUsageAsync(Daily, "", Now)).TotalUsd);
    }

    [StoreFact]
    public async Task Daily_window_frees_spend_on_the_next_utc_day()
    {
        var store = await CreateStoreAsync();
        var spent = Reservation(1m, new BudgetCharge(Daily, ""));
        await store.TryReserveAsync(spent);
        await store.SettleAsync(spent, 1m, Now);

        var sameDay = await store.TryReserveAsync(Reservation(0.1m, new BudgetCharge(Daily, "")));
        Advance(TimeSpan.FromDays(1));
        var nextDay = await store.TryReserveAsync(Reservation(0.1m, new BudgetCharge(Daily, "")));

        Assert.False(sameDay.IsReserved);
        Assert.True(nextDay.IsReserved);
    }

    [StoreFact]
    public async Task Monthly_window_keeps_spend_for_the_rest_of_the_month()
    {
        var store = await CreateStoreAsync();
        var monthly = BudgetRule.Global("monthly", 1m, BudgetWindow.PerMonth);
        var spent = Reservation(1m, new BudgetCharge(monthly, ""));
        await store.TryReserveAsync(spent);
        await store.SettleAsync(spent, 1m, Now);

        Advance(TimeSpan.FromDays(1));
        var laterThisMonth = await store.TryReserveAsync(Reservation(0.1m, new BudgetCharge(monthly, "")));
        Advance(TimeSpan.FromDays(31));
        var nextMonth = await store.TryReserveAsync(Reservation(0.1m, new BudgetCharge(monthly, "")));

        Assert.False(laterThisMonth.IsReserved);
        Assert.Equal(monthly.Window.GetStart(Now).AddMonths(1), (await store.GetUsageAsync(monthly, "", Now)).WindowResetsAt);
        Assert.True(nextMonth.IsReserved);
    }

    [StoreFact]
    public async Task Rolling_window_frees_settled_spend_after_its_duration()
    {
        var store = await CreateStoreAsync();
        var hourly = BudgetRule.Global("hourly", 1m, BudgetWindow.Rolling(TimeSpan.FromHours(1)));
        var spent = Reservation(1m, new BudgetCharge(hourly, ""));
        await store.TryReserveAsync(spent);
        await store.SettleAsync(spent, 1m, Now);

        Advance(TimeSpan.FromMinutes(50));
        var early = await store.TryReserveAsync(Reservation(0.1m, new BudgetCharge(hourly, "")));
        Advance(TimeSpan.FromMinutes(12));
        var later = await store.TryReserveAsync(Reservation(0.1m, new BudgetCharge(hourly, "")));

        Assert.False(early.IsReserved);
        Assert.True(later.IsReserved);
    }

    [StoreFact]
    public async Task Concurrent_reservations_from_four_replicas_fill_the_limit_exactly()
    {
        var stores = await CreateStoresAsync(replicas: 4);
        var rule = BudgetRule.Global("race", 0.37m, BudgetWindow.PerDay);

        var results = await Task.WhenAll(Enumerable.Range(0, 80).Select(i => Task.Run(() =>
            stores[i % stores.Length].TryReserveAsync(Reservation(0.01m, new BudgetCharge(rule, ""))).AsTask())));

        Assert.Equal(37, results.Count(r => r.IsReserved));
        Assert.Equal(new BudgetUsage(0m, 0.37m, rule.Window.GetStart(Now).AddDays(1)), await stores[0].GetUsageAsync(rule, "", Now));
    }

    [StoreFact]
    public async Task Concurrent_reservations_on_overlapping_rules_never_overspend_either()
    {
        var stores = await CreateStoresAsync(replicas: 4);
        var a = BudgetRule.PerTag("a", 0.3m, BudgetWindow.PerDay);
        var b = BudgetRule.Global("b", 0.6m, BudgetWindow.PerDay);

        // Half the reservations name the rules in one order and half in the other.
        var results = await Task.WhenAll(Enumerable.Range(0, 80).Select(i => Task.Run(() =>
        {
            BudgetCharge[] charges = i % 2 == 0
                ? [new BudgetCharge(a, "x"), new BudgetCharge(b, "")]
                : [new BudgetCharge(b, ""), new BudgetCharge(a, "x")];
            return stores[i % stores.Length].TryReserveAsync(Reservation(0.01m, charges)).AsTask();
        })));

        Assert.Equal(30, results.Count(r => r.IsReserved));
        Assert.Equal(0.3m, (await stores[0].GetUsageAsync(a, "x", Now)).ReservedUsd);
        Assert.Equal(0.3m, (await stores[0].GetUsageAsync(b, "", Now)).ReservedUsd);
    }

    [StoreFact]
    public async Task Concurrent_settles_and_releases_leave_exact_totals()
    {
        var stores = await CreateStoresAsync(replicas: 4);
        var rule = BudgetRule.Global("settle-race", 10m, BudgetWindow.PerDay);
        var reservations = Enumerable.Range(0, 30).Select(_ => Reservation(0.1m, new BudgetCharge(rule, ""))).ToArray();
        foreach (var reservation in reservations)
        {
            Assert.True((await stores[0].TryReserveAsync(reservation)).IsReserved);
        }

        // Every reservation is settled (even ones) or released (odd ones) twice, from two replicas at once.
        await Task.WhenAll(Enumerable.Range(0, reservations.Length * 2).Select(i => Task.Run(async () =>
        {
            var reservation = reservations[i / 2];
            var store = stores[i % stores.Length];
            if (i / 2 % 2 == 0)
            {
                await store.SettleAsync(reservation, 0.07m, Now);
            }
            else
            {
                await store.ReleaseAsync(reservation);
            }
        })));

        Assert.Equal(new BudgetUsage(15 * 0.07m, 0m, rule.Window.GetStart(Now).AddDays(1)), await stores[0].GetUsageAsync(rule, "", Now));
    }

    private async Task<IBudgetStore> CreateStoreAsync() => (await CreateStoresAsync())[0];

    private BudgetReservation Reservation(decimal amount, params BudgetCharge[] charges) => new(Guid.NewGuid(), charges, amount, Now);

    private BudgetReservation Reservation(decimal amount, TimeSpan lease, params BudgetCharge[] charges) => new(Guid.NewGuid(), charges, amount, Now, lease);
}
