using AiGateway.Client.Catalog;
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
    public async Task Purge_deletes_only_entries_older_than_the_retention_by_the_database_clock()
    {
        var schema = _database.NewSchema();
        var past = _database.CreateStore(schema, new PostgresBudgetStoreOptions { ClockOffset = TimeSpan.FromDays(-40), PurgeInterval = null });
        var present = _database.CreateStore(schema, new PostgresBudgetStoreOptions { Retention = TimeSpan.FromDays(31), PurgeInterval = null });
        var old = Reservation(0.1m, new BudgetCharge(Daily, ""));
        await past.TryReserveAsync(old);
        await past.SettleAsync(old, 0.1m, Now);
        await present.TryReserveAsync(Reservation(0.2m, new BudgetCharge(Daily, "")));

        var deleted = await present.PurgeExpiredAsync();

        Assert.Equal(1, deleted);
        Assert.Equal(0.2m, (await present.GetUsageAsync(Daily, "", Now)).ReservedUsd);
    }

    [PostgresFact]
    public async Task Old_entries_are_purged_on_a_schedule()
    {
        var schema = _database.NewSchema();
        var past = _database.CreateStore(schema, new PostgresBudgetStoreOptions { ClockOffset = TimeSpan.FromDays(-3), PurgeInterval = null });
        await past.TryReserveAsync(Reservation(0.1m, new BudgetCharge(Daily, "")));
        // Only this store purges, on its own timer; the test never calls it.
        _ = _database.CreateStore(schema, new PostgresBudgetStoreOptions { Retention = TimeSpan.FromDays(2), PurgeInterval = TimeSpan.FromMilliseconds(100) });

        var remaining = -1L;
        for (var i = 0; i < 100 && remaining != 0; i++)
        {
            await Task.Delay(50);
            remaining = await CountEntriesAsync(schema);
        }

        Assert.Equal(0, remaining);
    }

    [PostgresFact]
    public async Task A_store_upgrades_tables_made_before_leases_existed()
    {
        var schema = _database.NewSchema();
        await using (var dataSource = NpgsqlDataSource.Create(PostgresTestDatabase.ConnectionString(2)))
        {
            await using var command = dataSource.CreateCommand($"""
                CREATE SCHEMA "{schema}";
                CREATE TABLE "{schema}".aigateway_budget_buckets (rule_name text NOT NULL, scope_key text NOT NULL, PRIMARY KEY (rule_name, scope_key));
                CREATE TABLE "{schema}".aigateway_budget_entries (reservation_id uuid NOT NULL, rule_name text NOT NULL, scope_key text NOT NULL,
                    reserved_at timestamptz NOT NULL, amount_usd numeric NOT NULL, settled boolean NOT NULL DEFAULT false,
                    PRIMARY KEY (reservation_id, rule_name, scope_key));
                """);
            await command.ExecuteNonQueryAsync();
        }

        var store = _database.CreateStore(schema);
        var reservation = Reservation(0.4m, new BudgetCharge(Daily, ""));

        Assert.True((await store.TryReserveAsync(reservation)).IsReserved);
        Assert.True(await store.RenewAsync(reservation));
        Assert.Equal(0.4m, (await store.GetUsageAsync(Daily, "", Now)).ReservedUsd);
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

    private static async Task<long> CountEntriesAsync(string schema)
    {
        await using var dataSource = NpgsqlDataSource.Create(PostgresTestDatabase.ConnectionString(2));
        await using var command = dataSource.CreateCommand($"SELECT count(*) FROM \"{schema}\".aigateway_budget_entries");
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static BudgetReservation Reservation(decimal amount, params BudgetCharge[] charges) => new(Guid.NewGuid(), charges, amount, Now);
}
