using AiGateway.Client.Redis.Tests;

namespace AiGateway.Client.Tests.BudgetStores;

/// <summary>A test of the shared store contract against the real Redis: skipped without one on a developer machine, failed on CI.</summary>
public sealed class StoreFactAttribute : FactAttribute
{
    public StoreFactAttribute()
    {
        if (RedisTestServer.SkipReason(Environment.GetEnvironmentVariable) is { } reason)
        {
            Skip = reason;
        }
    }
}
