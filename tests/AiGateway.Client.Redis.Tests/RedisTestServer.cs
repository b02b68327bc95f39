using StackExchange.Redis;

namespace AiGateway.Client.Redis.Tests;

/// <summary>
/// The test Redis: hands out stores under key prefixes unique to this test run (so concurrent runs never collide)
/// and deletes their keys at the end.
/// </summary>
public sealed class RedisTestServer : IAsyncDisposable
{
    public const string VariableName = "AIGATEWAY_TEST_REDIS";

    private readonly string _runId = Guid.NewGuid().ToString("N")[..12];
    private readonly List<string> _prefixes = [];
    private ConnectionMultiplexer? _connection;
    private int _next;

    /// <summary>Why the tests are skipped, or <see langword="null"/> when they must run (the variable is set, or this is CI).</summary>
    public static string? SkipReason(Func<string, string?> environment) =>
        !string.IsNullOrWhiteSpace(environment(VariableName)) || string.Equals(environment("CI"), "true", StringComparison.OrdinalIgnoreCase)
            ? null
            : $"{VariableName} is not set: these tests need a real redis-server (see .ci/run, start_redis). On CI (CI=true) they fail instead of skipping.";

    /// <summary>The StackExchange.Redis configuration of the test server.</summary>
    public static string Configuration()
    {
        var value = Environment.GetEnvironmentVariable(VariableName);
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new InvalidOperationException(
                $"{VariableName} is not set, and CI=true requires the Redis budget-store tests to run. Start redis-server and export its address as .ci/run does.");
        }

        return value;
    }

    /// <summary>A new, unused key prefix for this run.</summary>
    public string NewPrefix()
    {
        var prefix = $"aigw-test:{_runId}:{Interlocked.Increment(ref _next)}";
        lock (_prefixes)
        {
            _prefixes.Add(prefix);
        }

        return prefix;
    }

    /// <summary>The connection every store of this run shares, as the replicas of an app share one Redis.</summary>
    public async Task<ConnectionMultiplexer> ConnectAsync() => _connection ??= await ConnectionMultiplexer.ConnectAsync(Configuration());

    /// <summary>A store under <paramref name="prefix"/> (a new one when <see langword="null"/>); its replicas share the connection, which changes nothing for server-side scripts.</summary>
    public async Task<RedisBudgetStore> CreateStoreAsync(string? prefix = null, RedisBudgetStoreOptions? options = null)
    {
        options ??= new RedisBudgetStoreOptions();
        options.KeyPrefix = prefix ?? NewPrefix();
        return new RedisBudgetStore(await ConnectAsync(), options);
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is null)
        {
            return;
        }

        foreach (var server in _connection.GetServers())
        {
            foreach (var prefix in _prefixes)
            {
                foreach (var key in server.Keys(pattern: "{" + prefix + "}:*"))
                {
                    await _connection.GetDatabase().KeyDeleteAsync(key);
                }
            }
        }

        await _connection.DisposeAsync();
    }
}
