using AiGateway.Client.Middleware.Budget;
using AiGateway.Client.Tests.TestSupport;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Time.Testing;
using static AiGateway.Client.Tests.Middleware.Budget.BudgetTestCatalog;

namespace AiGateway.Client.Tests.Middleware.Budget;

public sealed class BudgetLeaseRenewalTests
{
    private static readonly BudgetRule Daily = BudgetRule.Global("daily", 1m, BudgetWindow.PerDay);
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(1);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 4, 2, 10, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task A_stream_being_read_renews_its_lease_past_the_first_one()
    {
        var gate = new TaskCompletionSource();
        var client = Budgeted(new ScriptedChatClient(Create()) { Stream = (_, _) => SlowStream(gate.Task) });
        await using var updates = client.GetStreamingResponseAsync(Messages, Options()).GetAsyncEnumerator();
        Assert.True(await updates.MoveNextAsync());

        // The caller waits on the next update for one and a half leases.
        var next = updates.MoveNextAsync();
        await AdvanceAsync(Lease * 1.5);
        var whileWaiting = await client.GetUsageAsync("daily");
        gate.SetResult();
        await next;
        while (await updates.MoveNextAsync())
        {
        }

        Assert.Equal(Cost(Cheap, 1000, 500), whileWaiting.ReservedUsd);
    }

    [Fact]
    public async Task An_abandoned_stream_stops_renewing_and_its_reservation_expires()
    {
        var client = Budgeted(new ScriptedChatClient(Create()) { Stream = (_, _) => SlowStream(new TaskCompletionSource().Task) });

        // Read one update, then neither read nor dispose the enumerator again.
        var updates = client.GetStreamingResponseAsync(Messages, Options()).GetAsyncEnumerator();
        Assert.True(await updates.MoveNextAsync());
        var held = await client.GetUsageAsync("daily");
        await AdvanceAsync(Lease * 2);

        Assert.Equal(Cost(Cheap, 1000, 500), held.ReservedUsd);
        Assert.Equal(0m, (await client.GetUsageAsync("daily")).TotalUsd);
    }

    [Fact]
    public async Task A_whole_call_renews_its_lease_until_it_answers()
    {
        var answer = new TaskCompletionSource<ChatResponse>();
        var client = Budgeted(new ScriptedChatClient(Create()) { Respond = (_, _) => answer.Task });

        var call = client.GetResponseAsync(Messages, Options());
        await AdvanceAsync(Lease * 2);
        var whileWaiting = await client.GetUsageAsync("daily");
        answer.SetResult(ScriptedChatClient.WithCost(0.01m));
        await call;

        Assert.Equal(Cost(Cheap, 1000, 500), whileWaiting.ReservedUsd);
        Assert.Equal(new BudgetUsage(0.01m, 0m, _time.GetUtcNow().Date.AddDays(1)), await client.GetUsageAsync("daily"));
    }

    [Fact]
    public async Task A_call_that_outlives_its_lease_still_records_its_cost_once()
    {
        var answer = new TaskCompletionSource<ChatResponse>();
        var store = new NeverRenewingStore(new InMemoryBudgetStore(_time));
        var client = Budgeted(new ScriptedChatClient(Create()) { Respond = (_, _) => answer.Task }, store);

        var call = client.GetResponseAsync(Messages, Options());
        await AdvanceAsync(Lease * 2);
        var expired = await client.GetUsageAsync("daily");
        answer.SetResult(ScriptedChatClient.WithCost(0.01m));
        await call;

        Assert.Equal(0m, expired.TotalUsd);
        Assert.Equal(0.01m, (await client.GetUsageAsync("daily")).SpentUsd);
    }

    [Fact]
    public async Task Calls_in_flight_together_are_all_renewed_by_the_middlewares_one_ticker()
    {
        var first = new TaskCompletionSource<ChatResponse>();
        var second = new TaskCompletionSource<ChatResponse>();
        var answers = new Queue<TaskCompletionSource<ChatResponse>>([first, second]);
        var client = Budgeted(new ScriptedChatClient(Create()) { Respond = (_, _) => answers.Dequeue().Task });

        var one = client.GetResponseAsync(Messages, Options());
        await AdvanceAsync(Lease / 2);
        var two = client.GetResponseAsync(Messages, Options());
        await AdvanceAsync(Lease * 2);
        var whileWaiting = await client.GetUsageAsync("daily");
        first.SetResult(ScriptedChatClient.WithCost(0.01m));
        second.SetResult(ScriptedChatClient.WithCost(0.02m));
        await Task.WhenAll(one, two);

        Assert.Equal(2 * Cost(Cheap, 1000, 500), whileWaiting.ReservedUsd);
        Assert.Equal(0.03m, (await client.GetUsageAsync("daily")).SpentUsd);
    }

    [Fact]
    public async Task The_ticker_stops_at_the_first_tick_without_calls_and_starts_again_with_the_next()
    {
        var ticker = new BudgetLeaseTicker(_time, Lease / 3);
        var store = new InMemoryBudgetStore(_time);
        var reservation = new BudgetReservation(Guid.NewGuid(), [new BudgetCharge(Daily, string.Empty)], 0.01m, _time.GetUtcNow(), Lease);
        Assert.True((await store.TryReserveAsync(reservation)).IsReserved);

        var renewal = new BudgetLeaseRenewal(store, reservation, ticker, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        Assert.True(ticker.IsRunning);
        await renewal.DisposeAsync();
        Assert.Equal(0, ticker.Count);
        Assert.True(ticker.IsRunning);
        await AdvanceAsync(Lease / 3);
        Assert.False(ticker.IsRunning);

        await using var next = new BudgetLeaseRenewal(store, reservation, ticker, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        Assert.True(ticker.IsRunning);
        Assert.Equal(1, ticker.Count);
    }

    [Fact]
    public async Task A_call_registered_just_before_a_tick_is_renewed_on_it_not_taken_for_abandoned()
    {
        var ticker = new BudgetLeaseTicker(_time, Lease / 3);
        var store = new InMemoryBudgetStore(_time);
        var early = new BudgetReservation(Guid.NewGuid(), [new BudgetCharge(Daily, string.Empty)], 0.01m, _time.GetUtcNow(), Lease);
        var late = new BudgetReservation(Guid.NewGuid(), [new BudgetCharge(Daily, string.Empty)], 0.02m, _time.GetUtcNow(), Lease);
        Assert.True((await store.TryReserveAsync(early)).IsReserved);
        Assert.True((await store.TryReserveAsync(late)).IsReserved);
        await using var first = new BudgetLeaseRenewal(store, early, ticker, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        first.Enter();

        // The second call registers a moment before the ticker's tick, before anything entered or read it.
        _time.Advance((Lease / 3) - TimeSpan.FromMilliseconds(1));
        await using var second = new BudgetLeaseRenewal(store, late, ticker, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        await Task.Yield();
        second.Enter();
        await AdvanceAsync(Lease * 2);

        Assert.Equal(0.03m, (await store.GetUsageAsync(Daily, string.Empty, _time.GetUtcNow())).ReservedUsd);
        Assert.Equal(2, ticker.Count);
    }

    [Fact]
    public void A_lease_shorter_than_a_second_is_refused()
    {
        var options = new BudgetOptions { ReservationLease = TimeSpan.FromMilliseconds(500) };

        Assert.Throws<ArgumentOutOfRangeException>(() => new BudgetChatClient(new ScriptedChatClient(Create()), options));
    }

    private BudgetChatClient Budgeted(IChatClient inner, IBudgetStore? store = null)
    {
        var options = new BudgetOptions
        {
            InputTokenEstimator = (_, _) => 1000,
            Store = store ?? new InMemoryBudgetStore(_time),
            TimeProvider = _time,
            ReservationLease = Lease,
        };
        options.Rules.Add(Daily);
        return new BudgetChatClient(inner, options);
    }

    /// <summary>Moves the clock in small steps, letting each renewal the timer starts finish before the next.</summary>
    private async Task AdvanceAsync(TimeSpan total)
    {
        for (var moved = TimeSpan.Zero; moved < total; moved += TimeSpan.FromSeconds(5))
        {
            _time.Advance(TimeSpan.FromSeconds(5));
            await Task.Yield();
        }
    }

    private static async IAsyncEnumerable<ChatResponseUpdate> SlowStream(Task gate)
    {
        yield return new ChatResponseUpdate(ChatRole.Assistant, "hel");
        await gate;
        yield return new ChatResponseUpdate(ChatRole.Assistant, "lo");
    }

    /// <summary>A store whose renewals always fail, as a store that is down would.</summary>
    private sealed class NeverRenewingStore(IBudgetStore inner) : IBudgetStore
    {
        public ValueTask<BudgetReservationResult> TryReserveAsync(BudgetReservation reservation, CancellationToken cancellationToken = default) => inner.TryReserveAsync(reservation, cancellationToken);

        public ValueTask<bool> RenewAsync(BudgetReservation reservation, CancellationToken cancellationToken = default) => throw new InvalidOperationException("store down");

        public ValueTask<IReadOnlyList<BudgetSettlement>> SettleAsync(BudgetReservation reservation, decimal actualCostUsd, DateTimeOffset now, CancellationToken cancellationToken = default) =>
            inner.SettleAsync(reservation, actualCostUsd, now, cancellationToken);

        public ValueTask ReleaseAsync(BudgetReservation reservation, CancellationToken cancellationToken = default) => inner.ReleaseAsync(reservation, cancellationToken);

        public ValueTask<BudgetUsage> GetUsageAsync(BudgetRule rule, string scopeKey, DateTimeOffset now, CancellationToken cancellationToken = default) =>
            inner.GetUsageAsync(rule, scopeKey, now, cancellationToken);
    }
}
