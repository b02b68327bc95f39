using System.Net;
using AiGateway.Client.Middleware.Budget;
using AiGateway.Client.Testing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using static AiGateway.Client.Tests.EndToEnd.GatewaySetups;
using Microsoft.Extensions.Time.Testing;

namespace AiGateway.Client.Tests.EndToEnd;

/// <summary>
/// Budgets through DI (<c>AddAiGateway().UseBudget(...)</c>): a real call's cost (catalog price × the usage
/// FakeGateway reports) is on the response and is exactly what the store records as spent.
/// </summary>
public sealed class BudgetEndToEndTests
{
    /// <summary>A fixed clock for the budget windows, so a run across midnight cannot split a test's spend.</summary>
    private static readonly TimeProvider Clock = new FakeTimeProvider();

    private static readonly BudgetRule Daily = BudgetRule.Global("daily", 5m, BudgetWindow.PerDay);

    /// <summary>
    /// Hand-computed from catalog-seed.md (USD per 1M tokens): gpt-5.4 2.5 in / 15 out; claude-sonnet-4.5 3 / 15;
    /// gemini-2.5-flash 0.3 / 2.5. No cached tokens.
    /// </summary>
    public static TheoryData<string, string, int, int, decimal, bool> Calls => new()
    {
        // gateway  model                 input   output  cost: input×price + output×price, per 1M         streamed
        { "vercel",  "gpt-5.4",            1_200,  300,    ((1_200 * 2.5m) + (300 * 15m)) / 1_000_000m,      false },
        { "vercel",  "gpt-5.4",            1_200,  300,    ((1_200 * 2.5m) + (300 * 15m)) / 1_000_000m,      true },
        { "netlify", "claude-sonnet-4-5",  2_000,  500,    ((2_000 * 3m) + (500 * 15m)) / 1_000_000m,        false },
        { "netlify", "claude-sonnet-4-5",  2_000,  500,    ((2_000 * 3m) + (500 * 15m)) / 1_000_000m,        true },
        { "netlify", "gemini-2.5-flash",   10_000, 1_000,  ((10_000 * 0.3m) + (1_000 * 2.5m)) / 1_000_000m,  false },
        { "neon",    "gpt-5.4",            4_000,  800,    ((4_000 * 2.5m) + (800 * 15m)) / 1_000_000m,      true },
    };

    [Theory]
    [MemberData(nameof(Calls))]
    public async Task The_cost_on_the_response_is_the_spend_the_store_records(string gateway, string model, int input, int output, decimal expectedCost, bool streaming)
    {
        var store = new InMemoryBudgetStore();
        using var pipeline = Budgeted(GatewaySetups.Named(gateway), store, Daily);
        pipeline.Fake.Enqueue(new FakeReply { Text = "priced answer", InputTokens = input, OutputTokens = output });

        var cost = streaming
            ? await StreamedCostAsync(pipeline.Client, model)
            : (await pipeline.Client.GetResponseAsync("ping", new ChatOptions { ModelId = model })).AdditionalProperties![AiGatewayPropertyKeys.CostUsd];

        Assert.Equal(expectedCost, Assert.IsType<decimal>(cost));
        var usage = await store.GetUsageAsync(Daily, string.Empty, Clock.GetUtcNow());
        Assert.Equal(expectedCost, usage.SpentUsd);
        Assert.Equal(0m, usage.ReservedUsd);
    }

    [Fact]
    public async Task Two_calls_add_up_and_the_budget_client_reports_the_same_usage()
    {
        var store = new InMemoryBudgetStore();
        using var pipeline = Budgeted(VercelKeyed, store, Daily);
        pipeline.Fake.Enqueue(
            new FakeReply { Text = "one", InputTokens = 1_000, OutputTokens = 100 },
            new FakeReply { Text = "two", InputTokens = 3_000, OutputTokens = 200 });

        await pipeline.Client.GetResponseAsync("ping", new ChatOptions { ModelId = "gpt-5.4" });
        await pipeline.Client.GetResponseAsync("ping", new ChatOptions { ModelId = "claude-sonnet-4-5" });

        // gpt-5.4: 1000×2.5 + 100×15 = 4000; claude-sonnet-4.5: 3000×3 + 200×15 = 12000 (per 1M tokens).
        var budget = Assert.IsAssignableFrom<BudgetChatClient>(pipeline.Client.GetService(typeof(BudgetChatClient)));
        Assert.Equal(0.016m, (await budget.GetUsageAsync("daily")).SpentUsd);
        Assert.Equal(0.016m, (await store.GetUsageAsync(Daily, string.Empty, Clock.GetUtcNow())).SpentUsd);
    }

    [Fact]
    public async Task A_call_whose_worst_case_does_not_fit_is_refused_before_sending()
    {
        var store = new InMemoryBudgetStore();
        var tiny = BudgetRule.Global("tiny", 0.0001m, BudgetWindow.PerDay);
        using var pipeline = Budgeted(Netlify, store, tiny);

        var refused = await Assert.ThrowsAsync<BudgetExceededException>(() =>
            pipeline.Client.GetResponseAsync("ping", new ChatOptions { ModelId = "claude-sonnet-4-5", MaxOutputTokens = 1_000 }));

        Assert.Equal("tiny", refused.RuleName);
        Assert.Empty(pipeline.Fake.Requests);
        Assert.Equal(0m, (await store.GetUsageAsync(tiny, string.Empty, Clock.GetUtcNow())).TotalUsd);
    }

    [Fact]
    public async Task A_gateway_402_is_a_budget_refusal_that_releases_the_reservation()
    {
        var store = new InMemoryBudgetStore();
        using var pipeline = Budgeted(VercelKeyed, store, Daily);
        pipeline.Fake.Enqueue(FakeReply.WithError(HttpStatusCode.PaymentRequired));

        await Assert.ThrowsAsync<BudgetExceededException>(() => pipeline.Client.GetResponseAsync("ping", new ChatOptions { ModelId = "gpt-5.4" }));

        Assert.Single(pipeline.Fake.Requests);
        Assert.Equal(0m, (await store.GetUsageAsync(Daily, string.Empty, Clock.GetUtcNow())).TotalUsd);
    }

    private static DiPipeline Budgeted(GatewaySetup setup, IBudgetStore store, BudgetRule rule) => DiPipeline.Create(
        setup.Environment,
        builder => builder.UseBudget(budget =>
        {
            budget.Rules.Add(rule);
            budget.TimeProvider = Clock;
        }),
        services: services => services.AddSingleton(store));

    private static async Task<object?> StreamedCostAsync(IChatClient client, string model)
    {
        object? cost = null;
        await foreach (var update in client.GetStreamingResponseAsync("ping", new ChatOptions { ModelId = model }))
        {
            if (update.AdditionalProperties?.TryGetValue(AiGatewayPropertyKeys.CostUsd, out var value) == true)
            {
                Assert.Null(cost);
                cost = value;
            }
        }

        return cost;
    }
}
