using AiGateway.Client.Middleware.Budget;
using AiGateway.Client.Tests.TestSupport;
using Microsoft.Extensions.AI;
using static AiGateway.Client.Tests.Middleware.Budget.BudgetTestCatalog;
using Microsoft.Extensions.Time.Testing;

namespace AiGateway.Client.Tests.Middleware.Budget;

public sealed class BudgetChatClientTests
{
    private static readonly BudgetRule Daily = BudgetRule.Global("daily", 1m, BudgetWindow.PerDay);

    [Fact]
    public async Task Over_budget_call_is_refused_without_calling_the_inner_client()
    {
        var inner = new ScriptedChatClient(Create());
        var client = Budgeted(inner, o => o.Rules.Add(BudgetRule.Global("tiny", 0.001m, BudgetWindow.PerDay)));

        var ex = await Assert.ThrowsAsync<BudgetExceededException>(() => client.GetResponseAsync(Messages, Options()));

        Assert.Empty(inner.Calls);
        Assert.Equal("tiny", ex.RuleName);
        Assert.Equal(0.001m, ex.LimitUsd);
        Assert.Equal(0m, ex.SpentUsd);
        Assert.Equal(Cost(Cheap, 1000, 500), ex.RequestedUsd);
        Assert.Contains("tiny", ex.Message, StringComparison.Ordinal);
        Assert.False(ex.IsTransient);
    }

    [Fact]
    public async Task Refusal_says_when_a_daily_window_resets()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 5, 17, 30, 0, TimeSpan.Zero));
        var client = Budgeted(new ScriptedChatClient(Create()), o => o.Rules.Add(BudgetRule.Global("tiny", 0.001m, BudgetWindow.PerDay)), time: time);

        var ex = await Assert.ThrowsAsync<BudgetExceededException>(() => client.GetResponseAsync(Messages, Options()));

        Assert.Equal(new DateTimeOffset(2026, 3, 6, 0, 0, 0, TimeSpan.Zero), ex.WindowResetsAt);
        Assert.Contains("2026-03-06 00:00:00Z", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refusal_reports_what_is_already_spent_and_reserved()
    {
        var inner = new ScriptedChatClient(Create()) { Respond = (_, _) => Task.FromResult(ScriptedChatClient.WithCost(0.0015m)) };
        var limit = 0.003m;
        var client = Budgeted(inner, o => o.Rules.Add(BudgetRule.Global("small", limit, BudgetWindow.PerDay)));
        await client.GetResponseAsync(Messages, Options());

        var ex = await Assert.ThrowsAsync<BudgetExceededException>(() => client.GetResponseAsync(Messages, Options()));

        Assert.Equal(0.0015m, ex.SpentUsd);
        Assert.Single(inner.Calls);
    }

    [Fact]
    public async Task Worst_case_uses_the_requests_max_output_tokens()
    {
        var client = Budgeted(new ScriptedChatClient(Create()), o => o.Rules.Add(BudgetRule.Global("zero", 0m, BudgetWindow.PerDay)), inputTokens: 2000);

        var ex = await Assert.ThrowsAsync<BudgetExceededException>(() => client.GetResponseAsync(Messages, Options(maxOutput: 300)));

        Assert.Equal(Cost(Cheap, 2000, 300), ex.RequestedUsd);
    }

    [Fact]
    public async Task Worst_case_falls_back_to_the_catalog_models_max_output_tokens()
    {
        var client = Budgeted(new ScriptedChatClient(Create()), o => o.Rules.Add(BudgetRule.Global("zero", 0m, BudgetWindow.PerDay)));

        var ex = await Assert.ThrowsAsync<BudgetExceededException>(() => client.GetResponseAsync(Messages, Options(maxOutput: null)));

        Assert.Equal(Cost(Cheap, 1000, CheapMaxOutputTokens), ex.RequestedUsd);
    }

    [Fact]
    public async Task Worst_case_falls_back_to_the_default_max_output_tokens_when_nothing_bounds_the_output()
    {
        var client = Budgeted(new ScriptedChatClient(Create()), o =>
        {
            o.Rules.Add(BudgetRule.Global("zero", 0m, BudgetWindow.PerDay));
            o.AssumedMaxOutputTokens = 2500;
        });

        var ex = await Assert.ThrowsAsync<BudgetExceededException>(() => client.GetResponseAsync(Messages, Options("test/unbounded", maxOutput: null)));

        Assert.Equal(Cost(Unbounded, 1000, 2500), ex.RequestedUsd);
    }

    [Fact]
    public async Task Worst_case_without_a_custom_estimator_uses_the_built_in_input_estimate()
    {
        var options = new BudgetOptions { Store = new InMemoryBudgetStore(), TimeProvider = new FakeTimeProvider() };
        options.Rules.Add(BudgetRule.Global("zero", 0m, BudgetWindow.PerDay));
        var client = new BudgetChatClient(new ScriptedChatClient(Create()), options);
        ChatMessage[] messages = [new(ChatRole.User, new string('a', 400))];

        var ex = await Assert.ThrowsAsync<BudgetExceededException>(() => client.GetResponseAsync(messages, Options(maxOutput: 10)));

        var expectedInput = (400 / 4) + InputTokenEstimate.PerMessage + InputTokenEstimate.ReplyPriming;
        Assert.Equal(Cost(Cheap, expectedInput, 10), ex.RequestedUsd);
    }

    [Fact]
    public async Task Worst_case_covers_the_dearest_fallback_model()
    {
        var client = Budgeted(new ScriptedChatClient(Create()), o => o.Rules.Add(BudgetRule.Global("zero", 0m, BudgetWindow.PerDay)));

        var ex = await Assert.ThrowsAsync<BudgetExceededException>(() => client.GetResponseAsync(Messages, Options(maxOutput: 100).WithFallbackModels("test/dear")));

        Assert.Equal(Cost(Dear, 1000, 100), ex.RequestedUsd);
    }

    [Fact]
    public async Task Model_is_resolved_from_the_inner_clients_default_when_the_request_names_none()
    {
        var client = Budgeted(new ScriptedChatClient(Create(), defaultModel: "test/dear"), o => o.Rules.Add(BudgetRule.Global("zero", 0m, BudgetWindow.PerDay)));

        var ex = await Assert.ThrowsAsync<BudgetExceededException>(() => client.GetResponseAsync(Messages, new ChatOptions { MaxOutputTokens = 10 }));

        Assert.Equal(Cost(Dear, 1000, 10), ex.RequestedUsd);
        Assert.Equal("test/dear", ex.ModelId);
    }

    [Fact]
    public async Task Success_settles_to_the_reported_cost()
    {
        var inner = new ScriptedChatClient(Create()) { Respond = (_, _) => Task.FromResult(ScriptedChatClient.WithCost(0.00042m)) };
        var client = Budgeted(inner, o => o.Rules.Add(Daily));

        await client.GetResponseAsync(Messages, Options());

        var usage = await client.GetUsageAsync("daily");
        Assert.Equal(0.00042m, usage.SpentUsd);
        Assert.Equal(0m, usage.ReservedUsd);
    }

    [Fact]
    public async Task An_answer_that_arrives_later_settles_the_same_as_one_at_once()
    {
        var inner = new ScriptedChatClient(Create())
        {
            Respond = async (_, _) =>
            {
                await Task.Yield();
                return ScriptedChatClient.WithCost(0.00042m);
            },
        };
        var client = Budgeted(inner, o => o.Rules.Add(Daily));

        var response = await client.GetResponseAsync(Messages, Options());

        Assert.Equal(0.00042m, response.AdditionalProperties?[AiGatewayPropertyKeys.CostUsd]);
        var usage = await client.GetUsageAsync("daily");
        Assert.Equal(0.00042m, usage.SpentUsd);
        Assert.Equal(0m, usage.ReservedUsd);
    }

    [Fact]
    public async Task A_failure_that_arrives_later_releases_the_reservation()
    {
        var inner = new ScriptedChatClient(Create())
        {
            Respond = async (_, _) =>
            {
                await Task.Yield();
                throw new ProviderUnavailableException("down");
            },
        };
        var client = Budgeted(inner, o => o.Rules.Add(Daily));

        await Assert.ThrowsAsync<ProviderUnavailableException>(() => client.GetResponseAsync(Messages, Options()));

        var usage = await client.GetUsageAsync("daily");
        Assert.Equal(0m, usage.SpentUsd);
        Assert.Equal(0m, usage.ReservedUsd);
    }

    [Fact]
    public async Task Success_without_a_reported_cost_settles_to_the_usage_at_catalog_prices()
    {
        var inner = new ScriptedChatClient(Create())
        {
            Respond = (_, _) => Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "ok"))
            {
                Usage = new UsageDetails { InputTokenCount = 120, OutputTokenCount = 30 },
            }),
        };
        var client = Budgeted(inner, o => o.Rules.Add(Daily));

        await client.GetResponseAsync(Messages, Options());

        Assert.Equal(Cost(Cheap, 120, 30), (await client.GetUsageAsync("daily")).SpentUsd);
    }

    [Fact]
    public async Task Usage_is_priced_at_the_model_that_answered()
    {
        var inner = new ScriptedChatClient(Create())
        {
            Respond = (_, _) => Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "ok"))
            {
                Usage = new UsageDetails { InputTokenCount = 120, OutputTokenCount = 30 },
                AdditionalProperties = new() { [AiGatewayPropertyKeys.CatalogModelId] = "test/dear" },
            }),
        };
        var client = Budgeted(inner, o => o.Rules.Add(BudgetRule.Global("big", 100m, BudgetWindow.PerDay)));

        await client.GetResponseAsync(Messages, Options().WithFallbackModels("test/dear"));

        Assert.Equal(Cost(Dear, 120, 30), (await client.GetUsageAsync("big")).SpentUsd);
    }

    [Fact]
    public async Task Success_without_cost_or_usage_keeps_the_worst_case_as_spent()
    {
        var client = Budgeted(new ScriptedChatClient(Create()), o => o.Rules.Add(Daily));

        await client.GetResponseAsync(Messages, Options());

        var usage = await client.GetUsageAsync("daily");
        Assert.Equal(Cost(Cheap, 1000, 500), usage.SpentUsd);
        Assert.Equal(0m, usage.ReservedUsd);
    }

    [Fact]
    public async Task Failure_releases_the_reservation()
    {
        var inner = new ScriptedChatClient(Create()) { Respond = (_, _) => throw new ProviderUnavailableException("down") };
        var client = Budgeted(inner, o => o.Rules.Add(Daily));

        await Assert.ThrowsAsync<ProviderUnavailableException>(() => client.GetResponseAsync(Messages, Options()));

        var usage = await client.GetUsageAsync("daily");
        Assert.Equal(0m, usage.TotalUsd);
    }

    [Fact]
    public async Task Cancellation_releases_the_reservation()
    {
        using var cts = new CancellationTokenSource();
        var inner = new ScriptedChatClient(Create())
        {
            Respond = async (_, ct) =>
            {
                await cts.CancelAsync();
                ct.ThrowIfCancellationRequested();
                return new ChatResponse();
            },
        };
        var client = Budgeted(inner, o => o.Rules.Add(Daily));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetResponseAsync(Messages, Options(), cts.Token));

        Assert.Equal(0m, (await client.GetUsageAsync("daily")).TotalUsd);
    }

    [Fact]
    public async Task Gateway_402_passes_through_and_releases_the_reservation()
    {
        var gateway402 = new BudgetExceededException("The gateway's budget ran out.");
        var inner = new ScriptedChatClient(Create()) { Respond = (_, _) => Task.FromException<ChatResponse>(gateway402) };
        var client = Budgeted(inner, o => o.Rules.Add(Daily));

        var ex = await Assert.ThrowsAsync<BudgetExceededException>(() => client.GetResponseAsync(Messages, Options()));

        Assert.Same(gateway402, ex);
        Assert.Equal(0m, (await client.GetUsageAsync("daily")).TotalUsd);
    }

    [Fact]
    public async Task Call_matching_no_rule_is_sent_without_a_reservation()
    {
        var store = new CountingStore();
        var inner = new ScriptedChatClient(Create());
        var client = Budgeted(inner, o => o.Rules.Add(BudgetRule.PerUser("per-user", 0m, BudgetWindow.PerDay)), store: store);

        await client.GetResponseAsync(Messages, Options());

        Assert.Single(inner.Calls);
        Assert.Equal(0, store.Reservations);
    }

    [Fact]
    public async Task Unpriced_model_reserves_nothing_and_settles_to_the_reported_cost_by_default()
    {
        var inner = new ScriptedChatClient(Create()) { Respond = (_, _) => Task.FromResult(ScriptedChatClient.WithCost(0.25m)) };
        var client = Budgeted(inner, o => o.Rules.Add(BudgetRule.Global("g", 0.1m, BudgetWindow.PerDay)));

        await client.GetResponseAsync(Messages, Options("test/unpriced"));

        Assert.Single(inner.Calls);
        Assert.Equal(0.25m, (await client.GetUsageAsync("g")).SpentUsd);
    }

    [Fact]
    public async Task Unpriced_model_is_refused_when_the_options_say_so()
    {
        var inner = new ScriptedChatClient(Create());
        var client = Budgeted(inner, o =>
        {
            o.Rules.Add(BudgetRule.Global("g", 100m, BudgetWindow.PerDay));
            o.UnpricedModels = UnpricedModelBehavior.Refuse;
        });

        var ex = await Assert.ThrowsAsync<BudgetExceededException>(() => client.GetResponseAsync(Messages, Options("test/unpriced")));

        Assert.Empty(inner.Calls);
        Assert.Equal("g", ex.RuleName);
        Assert.Contains("no catalog prices", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rules_with_the_same_name_are_refused()
    {
        var options = new BudgetOptions();
        options.Rules.Add(BudgetRule.Global("same", 1m, BudgetWindow.PerDay));
        options.Rules.Add(BudgetRule.PerUser("same", 1m, BudgetWindow.PerDay));

        var ex = Assert.Throws<ArgumentException>(() => new BudgetChatClient(new ScriptedChatClient(), options));

        Assert.Contains("'same'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Store_failure_on_reserve_fails_the_call_before_sending()
    {
        var inner = new ScriptedChatClient(Create());
        var client = Budgeted(inner, o => o.Rules.Add(Daily), store: new FailingStore());

        await Assert.ThrowsAsync<InvalidOperationException>(() => client.GetResponseAsync(Messages, Options()));

        Assert.Empty(inner.Calls);
    }

    [Fact]
    public async Task Usage_of_an_unknown_rule_is_a_clear_error()
    {
        var client = Budgeted(new ScriptedChatClient(Create()), o => o.Rules.Add(Daily));

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => client.GetUsageAsync("nope").AsTask());

        Assert.Contains("daily", ex.Message, StringComparison.Ordinal);
    }

    /// <summary>Counts reservations and delegates to an in-memory store.</summary>
    private sealed class CountingStore : IBudgetStore
    {
        private readonly InMemoryBudgetStore _inner = new();

        public int Reservations { get; private set; }

        public ValueTask<BudgetReservationResult> TryReserveAsync(BudgetReservation reservation, CancellationToken cancellationToken = default)
        {
            Reservations++;
            return _inner.TryReserveAsync(reservation, cancellationToken);
        }

        public ValueTask<IReadOnlyList<BudgetSettlement>> SettleAsync(BudgetReservation reservation, decimal actualCostUsd, DateTimeOffset now, CancellationToken cancellationToken = default) =>
            _inner.SettleAsync(reservation, actualCostUsd, now, cancellationToken);

        public ValueTask ReleaseAsync(BudgetReservation reservation, CancellationToken cancellationToken = default) => _inner.ReleaseAsync(reservation, cancellationToken);

        public ValueTask<bool> RenewAsync(BudgetReservation reservation, CancellationToken cancellationToken = default) => _inner.RenewAsync(reservation, cancellationToken);

        public ValueTask<BudgetUsage> GetUsageAsync(BudgetRule rule, string scopeKey, DateTimeOffset now, CancellationToken cancellationToken = default) =>
            _inner.GetUsageAsync(rule, scopeKey, now, cancellationToken);
    }

    private sealed class FailingStore : IBudgetStore
    {
        public ValueTask<BudgetReservationResult> TryReserveAsync(BudgetReservation reservation, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("store down");

        public ValueTask<IReadOnlyList<BudgetSettlement>> SettleAsync(BudgetReservation reservation, decimal actualCostUsd, DateTimeOffset now, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("store down");

        public ValueTask ReleaseAsync(BudgetReservation reservation, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("store down");

        public ValueTask<bool> RenewAsync(BudgetReservation reservation, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("store down");

        public ValueTask<BudgetUsage> GetUsageAsync(BudgetRule rule, string scopeKey, DateTimeOffset now, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("store down");
    }
}
