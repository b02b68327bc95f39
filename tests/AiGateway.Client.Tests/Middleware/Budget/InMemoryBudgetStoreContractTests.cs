using AiGateway.Client.Middleware.Budget;
using AiGateway.Client.Tests.BudgetStores;
using Microsoft.Extensions.Time.Testing;

namespace AiGateway.Client.Tests.Middleware.Budget;

/// <summary>The shared store contract against <see cref="InMemoryBudgetStore"/>, its leases on a <see cref="FakeTimeProvider"/>.</summary>
public sealed class InMemoryBudgetStoreContractTests : BudgetStoreContractTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 4, 2, 10, 0, 0, TimeSpan.Zero));

    protected override DateTimeOffset Now => _clock.GetUtcNow();

    protected override Task<IBudgetStore[]> CreateStoresAsync(int replicas = 1)
    {
        // One process has one store: its "replicas" are threads sharing it.
        var store = new InMemoryBudgetStore(_clock);
        return Task.FromResult(Enumerable.Repeat<IBudgetStore>(store, replicas).ToArray());
    }

    protected override void Advance(TimeSpan by) => _clock.Advance(by);
}
