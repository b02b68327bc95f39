using Npgsql;

namespace AiGateway.Client.Postgres.Tests;

/// <summary>
/// The test database: hands out stores in schemas unique to this test run (so concurrent runs never collide) and
/// drops them at the end.
/// </summary>
public sealed class PostgresTestDatabase : IAsyncDisposable
{
    public const string VariableName = "AIGATEWAY_TEST_POSTGRES";

    private readonly string _runId = Guid.NewGuid().ToString("N")[..12];
    private readonly List<string> _schemas = [];
    private readonly List<IAsyncDisposable> _stores = [];
    private int _next;

    /// <summary>Why the tests are skipped, or <see langword="null"/> when they must run (the variable is set, or this is CI).</summary>
    public static string? SkipReason(Func<string, string?> environment) =>
        !string.IsNullOrWhiteSpace(environment(VariableName)) || string.Equals(environment("CI"), "true", StringComparison.OrdinalIgnoreCase)
            ? null
            : $"{VariableName} is not set: these tests need a real PostgreSQL (see .ci/run, start_postgres). On CI (CI=true) they fail instead of skipping.";

    /// <summary>The connection string, with a pool small enough that several stores fit in max_connections.</summary>
    public static string ConnectionString(int maxPoolSize = 20)
    {
        var value = Environment.GetEnvironmentVariable(VariableName);
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new InvalidOperationException(
                $"{VariableName} is not set, and CI=true requires the PostgreSQL budget-store tests to run. Start PostgreSQL and export the connection string as .ci/run does.");
        }

        return new NpgsqlConnectionStringBuilder(value) { MaxPoolSize = maxPoolSize, Timeout = 60, CommandTimeout = 60 }.ConnectionString;
    }

    /// <summary>A new, unused schema name for this run.</summary>
    public string NewSchema()
    {
        var schema = $"aigw_test_{_runId}_{Interlocked.Increment(ref _next)}";
        lock (_schemas)
        {
            _schemas.Add(schema);
        }

        return schema;
    }

    /// <summary>A store in <paramref name="schema"/> (a new schema when <see langword="null"/>) with its own connection pool, as a separate replica would have.</summary>
    public PostgresBudgetStore CreateStore(string? schema = null, PostgresBudgetStoreOptions? options = null)
    {
        options ??= new PostgresBudgetStoreOptions();
        options.Schema = schema ?? NewSchema();
        var store = new PostgresBudgetStore(ConnectionString(), options);
        lock (_stores)
        {
            _stores.Add(store);
        }

        return store;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }

        if (_schemas.Count == 0 || string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(VariableName)))
        {
            return;
        }

        await using var dataSource = NpgsqlDataSource.Create(ConnectionString(maxPoolSize: 2));
        foreach (var schema in _schemas)
        {
            await using var command = dataSource.CreateCommand($"DROP SCHEMA IF EXISTS \"{schema}\" CASCADE");
            await command.ExecuteNonQueryAsync();
        }
    }
}
