using AiGateway.Client.Middleware.Budget;
using AiGateway.Client.Tests.BudgetStores;

namespace AiGateway.Client.Redis.Tests;

/// <summary>
/// The shared store contract against a real Redis. The store reads the server's clock (<c>TIME</c>); the tests move it
/// with an offset the scripts add to it, first to 10:00 UTC on a fixed day so windows are deterministic, then forward
/// by what <see cref="Advance"/> is told.
/// </summary>
public sealed class RedisBudgetStoreContractTests : BudgetStoreContractTests, IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 4, 2, 10, 0, 0, TimeSpan.Zero);

    private readonly RedisTestServer _server = new();
    private readonly List<RedisBudgetStoreOptions> _options = [];
    private readonly TimeSpan _toStart = Start - DateTimeOffset.UtcNow;
    private TimeSpan _advanced;

    protected override DateTimeOffset Now => Start + _advanced;

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _server.DisposeAsync().AsTask();

    protected override async Task<IBudgetStore[]> CreateStoresAsync(int replicas = 1)
    {
        var prefix = _server.NewPrefix();
        var stores = new IBudgetStore[replicas];
        for (var i = 0; i < replicas; i++)
        {
            var options = new RedisBudgetStoreOptions { ClockOffset = _toStart + _advanced };
            _options.Add(options);
            stores[i] = await _server.CreateStoreAsync(prefix, options);
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
