using AiGateway.Client.Catalog;
using AiGateway.Client.Errors;
using AiGateway.Client.Middleware.Budget;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace AiGateway.Client.Postgres.Tests;

public sealed class PostgresBudgetStoreTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 4, 2, 10, 0, 0, TimeSpan.Zero);
    private static readonly BudgetRule Daily = BudgetRule.Global("daily", 1m, BudgetWindow.PerDay);

    private readonly PostgresTestDatabase _database = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _database.DisposeAsync().AsTask();

    [PostgresFact]
    public async Task Tables_are_created_when_missing()
    {
        var schema = _database.NewSchema();
        var store = _database.CreateStore(schema);

        await store.GetUsageAsync(Daily, "", Now);

        await using var dataSource = NpgsqlDataSource.Create(PostgresTestDatabase.ConnectionString(2));
        await using var command = dataSource.CreateCommand("SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name");
        command.Parameters.Add(new NpgsqlParameter { Value = schema });
        var tables = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        Assert.Equal(["aigateway_budget_buckets", "aigateway_budget_entries"], tables);
    }

    [PostgresFact]
    public async Task Replicas_starting_together_create_the_tables_once_without_errors()
    {
        var schema = _database.NewSchema();
        var stores = Enumerable.Range(0, 4).Select(_ => _database.CreateStore(schema)).ToArray();

        await Task.WhenAll(stores.Select(s => s.EnsureCreatedAsync()));

        Assert.Equal(0m, (await stores[0].GetUsageAsync(Daily, "", Now)).TotalUsd);
    }

    [PostgresFact]
    public async Task Reserve_on_several_rules_is_all_or_nothing()
    {
        var store = _database.CreateStore();
        var roomy = BudgetRule.Global("roomy", 10m, BudgetWindow.PerDay);
        var tight = BudgetRule.PerUser("tight", 0.5m, BudgetWindow.PerDay);

        var result = await store.TryReserveAsync(Reservation(0.6m, new BudgetCharge(roomy, ""), new BudgetCharge(tight, "u")));

        Assert.False(result.IsReserved);
        Assert.Equal("tight", result.RefusedBy!.Rule.Name);
        Assert.Equal(0m, (await store.GetUsageAsync(roomy, "", Now)).TotalUsd);
    }

    [PostgresFact]
    public async Task Reserve_fits_exactly_up_to_the_limit()
    {
        var store = _database.CreateStore();

        Assert.True((await store.TryReserveAsync(Reservation(0.4m, new BudgetCharge(Daily, "")))).IsReserved);
        Assert.True((await store.TryReserveAsync(Reservation(0.6m, new BudgetCharge(Daily, "")))).IsReserved);
        Assert.False((await store.TryReserveAsync(Reservation(0.0001m, new BudgetCharge(Daily, "")))).IsReserved);
    }

    [PostgresFact]
    public async Task Refusal_reports_spent_reserved_and_the_window_reset()
    {
        var store = _database.CreateStore();
        var settled = Reservation(0.3m, new BudgetCharge(Daily, ""));
        await store.TryReserveAsync(settled);
        await store.SettleAsync(settled, 0.25m, Now);
        await store.TryReserveAsync(Reservation(0.5m, new BudgetCharge(Daily, "")));

        var result = await store.TryReserveAsync(Reservation(0.5m, new BudgetCharge(Daily, "")));

        Assert.Equal(new BudgetUsage(0.25m, 0.5m, new DateTimeOffset(2026, 4, 3, 0, 0, 0, TimeSpan.Zero)), result.RefusedUsage);
    }

    [PostgresFact]
    public async Task Settle_reports_spend_before_and_after_and_is_idempotent()
    {
        var store = _database.CreateStore();
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
        Assert.Equal(new BudgetUsage(0.5m, 0m, new DateTimeOffset(2026, 4, 3, 0, 0, 0, TimeSpan.Zero)), await store.GetUsageAsync(Daily, "", Now));
    }

    [PostgresFact]
    public async Task Release_removes_the_reservation_and_is_idempotent()
    {
        var store = _database.CreateStore();
        var reservation = Reservation(0.5m, new BudgetCharge(Daily, ""));
        await store.TryReserveAsync(reservation);

        await store.ReleaseAsync(reservation);
        await store.ReleaseAsync(reservation);

        Assert.Equal(0m, (await store.GetUsageAsync(Daily, "", Now)).TotalUsd);
        Assert.Empty(await store.SettleAsync(reservation, 0.2m, Now));
        Assert.Equal(0m, (await store.GetUsageAsync(Daily, "", Now)).TotalUsd);
    }

    [PostgresFact]
    public async Task Release_after_settle_changes_nothing()
    {
        var store = _database.CreateStore();
        var reservation = Reservation(0.5m, new BudgetCharge(Daily, ""));
        await store.TryReserveAsync(reservation);
        await store.SettleAsync(reservation, 0.2m, Now);

        await store.ReleaseAsync(reservation);

        Assert.Equal(0.2m, (await store.GetUsageAsync(Daily, "", Now)).SpentUsd);
    }

    [PostgresFact]
    public async Task Reserving_the_same_id_twice_is_refused()
    {
        var store = _database.CreateStore();
        var reservation = Reservation(0.1m, new BudgetCharge(Daily, ""));
        await store.TryReserveAsync(reservation);

        await Assert.ThrowsAsync<InvalidOperationException>(() => store.TryReserveAsync(reservation).AsTask());
    }

    [PostgresFact]
    public async Task Daily_window_rolls_over_at_utc_midnight()
    {
        var store = _database.CreateStore();
        var lateEvening = new DateTimeOffset(2026, 4, 2, 23, 59, 59, TimeSpan.Zero);
        await store.TryReserveAsync(new BudgetReservation(Guid.NewGuid(), [new BudgetCharge(Daily, "")], 1m, lateEvening));

        var sameDay = await store.TryReserveAsync(new BudgetReservation(Guid.NewGuid(), [new BudgetCharge(Daily, "")], 0.1m, lateEvening));
        var nextDay = await store.TryReserveAsync(new BudgetReservation(Guid.NewGuid(), [new BudgetCharge(Daily, "")], 0.1m, lateEvening.AddSeconds(1)));

        Assert.False(sameDay.IsReserved);
        Assert.True(nextDay.IsReserved);
    }

    [PostgresFact]
    public async Task Rolling_window_frees_spend_exactly_one_duration_after_it_was_reserved()
    {
        var store = _database.CreateStore();
        var rule = BudgetRule.Global("hourly", 1m, BudgetWindow.Rolling(TimeSpan.FromHours(1)));
        await store.TryReserveAsync(new BudgetReservation(Guid.NewGuid(), [new BudgetCharge(rule, "")], 1m, Now));

        var early = await store.TryReserveAsync(new BudgetReservation(Guid.NewGuid(), [new BudgetCharge(rule, "")], 0.1m, Now.AddMinutes(59)));
        var onTime = await store.TryReserveAsync(new BudgetReservation(Guid.NewGuid(), [new BudgetCharge(rule, "")], 0.1m, Now.AddHours(1)));

        Assert.False(early.IsReserved);
        Assert.Equal(Now.AddHours(1), early.RefusedUsage!.WindowResetsAt);
        Assert.True(onTime.IsReserved);
    }

    [PostgresFact]
    public async Task Purge_deletes_only_entries_older_than_the_given_time()
    {
        var store = _database.CreateStore();
        await store.TryReserveAsync(new BudgetReservation(Guid.NewGuid(), [new BudgetCharge(Daily, "")], 0.1m, Now.AddDays(-40)));
        await store.TryReserveAsync(new BudgetReservation(Guid.NewGuid(), [new BudgetCharge(Daily, "")], 0.2m, Now));

        var deleted = await store.PurgeAsync(Now.AddDays(-31));

        Assert.Equal(1, deleted);
        Assert.Equal(0.2m, (await store.GetUsageAsync(Daily, "", Now)).ReservedUsd);
    }

    [PostgresFact]
    public async Task Two_hundred_concurrent_calls_from_four_replicas_never_overspend()
    {
        // Four stores with their own connection pools stand in for four replicas of an app sharing one database.
        const int calls = 200;
        const int fits = 37;
        var model = new CatalogModel("test/cheap") { Pricing = new ModelPricing(1m, 2m) };
        var catalog = new ModelCatalog([model]);
        var callCost = ((1000 * 1m) + (500 * 2m)) / 1_000_000m;
        var rule = BudgetRule.Global("shared", callCost * fits, BudgetWindow.PerDay);
        var schema = _database.NewSchema();
        var clock = new FakeTimeProvider(Now);
        var inner = new FixedCostChatClient(catalog, callCost);
        var replicas = Enumerable.Range(0, 4).Select(_ =>
        {
            var options = new BudgetOptions { Store = _database.CreateStore(schema), TimeProvider = clock, InputTokenEstimator = (_, _) => 1000 };
            options.Rules.Add(rule);
            return new BudgetChatClient(inner, options);
        }).ToArray();

        var outcomes = await Task.WhenAll(Enumerable.Range(0, calls).Select(i => Task.Run(async () =>
        {
            try
            {
                await replicas[i % replicas.Length].GetResponseAsync([new ChatMessage(ChatRole.User, "hi")], new ChatOptions { ModelId = "test/cheap", MaxOutputTokens = 500 });
                return true;
            }
            catch (BudgetExceededException)
            {
                return false;
            }
        })));

        Assert.Equal(fits, outcomes.Count(sent => sent));
        Assert.Equal(fits, inner.Calls);
        var usage = await replicas[0].GetUsageAsync("shared");
        Assert.Equal(callCost * fits, usage.SpentUsd);
        Assert.Equal(0m, usage.ReservedUsd);
    }

    [PostgresFact]
    public async Task Concurrent_reservations_on_overlapping_rules_do_not_deadlock_or_overspend()
    {
        var schema = _database.NewSchema();
        var stores = Enumerable.Range(0, 4).Select(_ => _database.CreateStore(schema)).ToArray();
        var a = BudgetRule.PerTag("a", 0.5m, BudgetWindow.PerDay);
        var b = BudgetRule.Global("b", 0.8m, BudgetWindow.PerDay);

        // Half the reservations name the rules in one order and half in the other.
        var results = await Task.WhenAll(Enumerable.Range(0, 120).Select(i => Task.Run(() =>
        {
            BudgetCharge[] charges = i % 2 == 0
                ? [new BudgetCharge(a, "x"), new BudgetCharge(b, "")]
                : [new BudgetCharge(b, ""), new BudgetCharge(a, "x")];
            return stores[i % stores.Length].TryReserveAsync(Reservation(0.01m, charges)).AsTask();
        })));

        Assert.Equal(50, results.Count(r => r.IsReserved));
        Assert.Equal(0.5m, (await stores[0].GetUsageAsync(a, "x", Now)).ReservedUsd);
        Assert.Equal(0.5m, (await stores[0].GetUsageAsync(b, "", Now)).ReservedUsd);
    }

    [PostgresFact]
    public async Task Reservations_released_at_the_same_moment_from_four_replicas_never_overspend()
    {
        // Every reservation waits at a gate with its connection open, then all race for the last room at once.
        const int attempts = 200;
        var schema = _database.NewSchema();
        var stores = Enumerable.Range(0, 4).Select(_ => _database.CreateStore(schema)).ToArray();
        var rule = BudgetRule.Global("race", 0.25m, BudgetWindow.PerDay);
        await stores[0].TryReserveAsync(Reservation(0.2m, new BudgetCharge(rule, "")));
        using var gate = new ManualResetEventSlim();

        var tasks = Enumerable.Range(0, attempts).Select(i => Task.Factory.StartNew(
            () =>
            {
                gate.Wait();
                return stores[i % stores.Length].TryReserveAsync(Reservation(0.01m, new BudgetCharge(rule, ""))).AsTask().GetAwaiter().GetResult();
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default)).ToArray();
        gate.Set();
        var results = await Task.WhenAll(tasks);

        Assert.Equal(5, results.Count(r => r.IsReserved));
        Assert.Equal(0.25m, (await stores[0].GetUsageAsync(rule, "", Now)).ReservedUsd);
    }

    [Fact]
    public void Schema_that_is_not_a_plain_identifier_is_refused()
    {
        var ex = Assert.Throws<ArgumentException>(() => new PostgresBudgetStore(
            NpgsqlDataSource.Create("Host=127.0.0.1"), new PostgresBudgetStoreOptions { Schema = "public\"; DROP TABLE x; --" }));

        Assert.Contains("plain identifier", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_database_skips_on_a_developer_machine_and_fails_on_ci()
    {
        Assert.NotNull(PostgresTestDatabase.SkipReason(_ => null));
        Assert.Null(PostgresTestDatabase.SkipReason(name => name == "CI" ? "true" : null));
        Assert.Null(PostgresTestDatabase.SkipReason(name => name == PostgresTestDatabase.VariableName ? "Host=db" : null));
    }

    private static BudgetReservation Reservation(decimal amount, params BudgetCharge[] charges) => new(Guid.NewGuid(), charges, amount, Now);
}
