using AiGateway.Client.Postgres.Tests;

namespace AiGateway.Client.Tests.BudgetStores;

/// <summary>A test of the shared store contract against the real PostgreSQL: skipped without one on a developer machine, failed on CI.</summary>
public sealed class StoreFactAttribute : FactAttribute
{
    public StoreFactAttribute()
    {
        if (PostgresTestDatabase.SkipReason(Environment.GetEnvironmentVariable) is { } reason)
        {
            Skip = reason;
        }
    }
}
