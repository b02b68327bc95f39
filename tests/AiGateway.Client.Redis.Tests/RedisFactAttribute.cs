namespace AiGateway.Client.Redis.Tests;

/// <summary>
/// A test that needs the real redis-server named by <c>AIGATEWAY_TEST_REDIS</c>. Without the variable it is skipped on
/// a developer machine, but on CI (<c>CI=true</c>) it runs and fails, so a misconfigured pipeline cannot pass by
/// skipping the Redis tests.
/// </summary>
public sealed class RedisFactAttribute : FactAttribute
{
    public RedisFactAttribute()
    {
        if (RedisTestServer.SkipReason(Environment.GetEnvironmentVariable) is { } reason)
        {
            Skip = reason;
        }
    }
}
