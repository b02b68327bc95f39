namespace AiGateway.Client.Postgres.Tests;

/// <summary>
/// A test that needs the real PostgreSQL named by <c>AIGATEWAY_TEST_POSTGRES</c>. Without the variable it is skipped
/// on a developer machine, but on CI (<c>CI=true</c>) it runs and fails, so a misconfigured pipeline cannot pass by
/// skipping the database tests.
/// </summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (PostgresTestDatabase.SkipReason(Environment.GetEnvironmentVariable) is { } reason)
        {
            Skip = reason;
        }
    }
}
