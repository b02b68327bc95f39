using AiGateway.Client.Middleware.Budget;
using AiGateway.Client.Tests.BudgetStores;

namespace AiGateway.Client.Postgres.Tests;

/// <summary>
/// The shared store contract against a real PostgreSQL. The store reads the database's clock; the tests move it with
/// a server-side offset (added to <c>clock_timestamp()</c>), first to 10:00 UTC on a fixed day so windows are
/// deterministic, then forward by what <see cref="Advance"/> is told.
/// </summary>
public sealed class PostgresBudgetStoreContractTests : BudgetStoreContractTests, IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 4, 2, 10, 0, 0, TimeSpan.Zero);

    private readonly PostgresTestDatabase _database = new();
    private readonly List<PostgresBudgetStoreOptions> _options = [];
    private readonly TimeSpan _toStart = Start - DateTimeOffset.UtcNow;
    private TimeSpan _advanced;

    protected override DateTimeOffset Now => Start + _advanced;

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _database.DisposeAsync().AsTask();

    protected override async Task<IBudgetStore[]> CreateStoresAsync(int replicas = 1)
    {
        var schema = _database.NewSchema();
        var stores = new IBudgetStore[replicas];
        for (var i = 0; i < replicas; i++)
        {
            var options = new PostgresBudgetStoreOptions { ClockOffset = _toStart + _advanced, PurgeInterval = null };
            _options.Add(options);
            var store = _database.CreateStore(schema, options);
            await store.EnsureCreatedAsync();
            stores[i] = store;
        }

        return stores;
    }

    protected override void Advance(TimeSpan by)
    {
        _advanced += by;
        foreach (var options in _options)
        {
            options.ClockOffset = _toStart + _advanced;
        }
    }
}
