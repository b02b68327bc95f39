using AiGateway.Client.Middleware.Budget;
using AiGateway.Client.Tests.BudgetStores;
using StackExchange.Redis;

namespace AiGateway.Client.Redis.Tests;

public sealed class RedisBudgetStoreTests : IAsyncLifetime
{
    private static readonly BudgetRule Daily = BudgetRule.Global("daily", 1m, BudgetWindow.PerDay);

    private readonly RedisTestServer _server = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _server.DisposeAsync().AsTask();

    [RedisFact]
    public async Task Every_key_has_a_time_to_live_so_nothing_needs_purging()
    {
        var prefix = _server.NewPrefix();
        var store = await _server.CreateStoreAsync(prefix);
        var settled = Reservation(0.2m);
        await store.TryReserveAsync(settled);
        await store.SettleAsync(settled, 0.1m, DateTimeOffset.UtcNow);
        await store.TryReserveAsync(Reservation(0.3m));

        var connection = await _server.ConnectAsync();
        var keys = connection.GetServers().SelectMany(s => s.Keys(pattern: "{" + prefix + "}:*")).ToArray();
        var ttls = await Task.WhenAll(keys.Select(k => connection.GetDatabase().KeyTimeToLiveAsync(k)));

        Assert.Equal(3, keys.Length);
        Assert.All(ttls, ttl => Assert.NotNull(ttl));
    }

    [RedisFact]
    public async Task A_reservation_held_by_a_killed_process_expires_and_the_next_call_is_admitted()
    {
        var prefix = _server.NewPrefix();
        var store = await _server.CreateStoreAsync(prefix);
        var rule = BudgetRule.Global("crash", 1m, BudgetWindow.PerDay);
        // Long enough that a loaded CI machine still sees the reservation held after the kill, short enough to stay fast.
        using var child = await CrashingReservation.StartAsync("redis", prefix, TimeSpan.FromSeconds(6), 1m);

        await child.KillAsync();
        var whileHeld = await store.TryReserveAsync(new BudgetReservation(Guid.NewGuid(), [new BudgetCharge(rule, "")], 0.5m, DateTimeOffset.UtcNow));
        var admitted = false;
        for (var i = 0; i < 300 && !admitted; i++)
        {
            await Task.Delay(100);
            admitted = (await store.TryReserveAsync(new BudgetReservation(Guid.NewGuid(), [new BudgetCharge(rule, "")], 0.5m, DateTimeOffset.UtcNow))).IsReserved;
        }

        Assert.False(whileHeld.IsReserved);
        Assert.True(admitted);
    }

    [Fact]
    public void Key_prefix_with_a_brace_is_refused()
    {
        using var unreachable = ConnectionMultiplexer.Connect("127.0.0.1:1,abortConnect=false,connectTimeout=1");

        var ex = Assert.Throws<ArgumentException>(() => new RedisBudgetStore(unreachable, new RedisBudgetStoreOptions { KeyPrefix = "a}b" }));

        Assert.Contains("brace", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_server_skips_on_a_developer_machine_and_fails_on_ci()
    {
        Assert.NotNull(RedisTestServer.SkipReason(_ => null));
        Assert.Null(RedisTestServer.SkipReason(name => name == "CI" ? "true" : null));
        Assert.Null(RedisTestServer.SkipReason(name => name == RedisTestServer.VariableName ? "127.0.0.1:6379" : null));
    }

    private static BudgetReservation Reservation(decimal amount) => new(Guid.NewGuid(), [new BudgetCharge(Daily, "")], amount, DateTimeOffset.UtcNow);
}
