using AiGateway.Client.Middleware.Budget;
using AiGateway.Client.Tests.BudgetStores;

namespace AiGateway.Client.Postgres.Tests;

public sealed class PostgresCrashTests : IAsyncLifetime
{
    private readonly PostgresTestDatabase _database = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _database.DisposeAsync().AsTask();

    [PostgresFact]
    public async Task A_reservation_held_by_a_killed_process_expires_and_the_next_call_is_admitted()
    {
        // Long enough that a loaded CI machine still sees the reservation held after the kill, short enough to stay fast.
        var lease = TimeSpan.FromSeconds(6);
        var schema = _database.NewSchema();
        var store = _database.CreateStore(schema);
        await store.EnsureCreatedAsync();
        var rule = BudgetRule.Global("crash", 1m, BudgetWindow.PerDay);
        using var child = await CrashingReservation.StartAsync("postgres", schema, lease, 1m);

        await child.KillAsync();
        var whileHeld = await store.TryReserveAsync(Next(rule));
        var admitted = await WaitForAdmissionAsync(store, rule);

        Assert.False(whileHeld.IsReserved);
        Assert.True(admitted);
    }

    private static BudgetReservation Next(BudgetRule rule) => new(Guid.NewGuid(), [new BudgetCharge(rule, "")], 0.5m, DateTimeOffset.UtcNow);

    private static async Task<bool> WaitForAdmissionAsync(IBudgetStore store, BudgetRule rule)
    {
        // The lease is 6 s: give it five times that before calling it a leak.
        for (var i = 0; i < 300; i++)
        {
            if ((await store.TryReserveAsync(Next(rule))).IsReserved)
            {
                return true;
            }

            await Task.Delay(100);
        }

        return false;
    }
}
