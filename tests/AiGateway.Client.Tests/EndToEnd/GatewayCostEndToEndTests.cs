using AiGateway.Client.Middleware.Budget;
using AiGateway.Client.Testing;
using AiGateway.Client.Tests.Diagnostics;
using AiGateway.Client.Tests.TestSupport;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Time.Testing;
using static AiGateway.Client.Tests.EndToEnd.GatewaySetups;

namespace AiGateway.Client.Tests.EndToEnd;

/// <summary>
/// The cost a gateway reports (Vercel's <c>provider_metadata.gateway.cost</c>, a decimal string) is read in every
/// dialect that can carry it, whole and streamed, and is what the response, the span and the budget see instead of the
/// catalog price.
/// </summary>
public sealed class GatewayCostEndToEndTests
{
    /// <summary>Deliberately far from the catalog price of the token counts, so a catalog-priced cost cannot pass.</summary>
    private const decimal ReportedCost = 0.0123m;

    private static readonly TimeProvider Clock = new FakeTimeProvider();

    private static readonly BudgetRule Daily = BudgetRule.Global("daily", 5m, BudgetWindow.PerDay);

    public static TheoryData<ChatDialect, bool> Dialects => new()
    {
        { ChatDialect.ChatCompletions, false },
        { ChatDialect.ChatCompletions, true },
        { ChatDialect.Responses, false },
        { ChatDialect.Responses, true },
        { ChatDialect.Messages, false },
        { ChatDialect.Messages, true },
    };

    private static string ModelFor(ChatDialect dialect) => dialect == ChatDialect.Messages ? "claude-sonnet-4-5" : "gpt-5.4";

    [Theory]
    [MemberData(nameof(Dialects))]
    public async Task The_reported_cost_is_on_the_response_and_is_what_the_budget_records(ChatDialect dialect, bool streaming)
    {
        var store = new InMemoryBudgetStore();
        using var pipeline = DiPipeline.Create(
            VercelKeyed.Environment,
            builder => builder.UseBudget(budget =>
            {
                budget.Rules.Add(Daily);
                budget.TimeProvider = Clock;
                budget.Store = store;
            }));
        pipeline.Fake.Enqueue(new FakeReply { Text = "priced by the gateway", InputTokens = 1_000, OutputTokens = 100, Cost = ReportedCost });
        var options = new ChatOptions { ModelId = ModelFor(dialect) }.WithDialect(dialect);

        // Streamed, the cost is on the update that carries it (as usage is), not necessarily on the joined response.
        var properties = streaming
            ? (await pipeline.Client.GetStreamingResponseAsync("ping", options).ToListAsync()).LastOrDefault(u => u.AdditionalProperties?.ContainsKey(AiGatewayPropertyKeys.CostUsd) == true)?.AdditionalProperties
            : (await pipeline.Client.GetResponseAsync("ping", options)).AdditionalProperties;

        Assert.Equal(dialect, Assert.Single(pipeline.Fake.Requests).Dialect);
        Assert.Equal(ReportedCost, properties?[AiGatewayPropertyKeys.CostUsd]);
        Assert.Equal(ReportedCost, (await store.GetUsageAsync(Daily, string.Empty, Clock.GetUtcNow())).SpentUsd);
    }

    [Theory]
    [MemberData(nameof(Dialects))]
    public async Task The_reported_cost_is_on_the_span(ChatDialect dialect, bool streaming)
    {
        using var capture = new TelemetryCapture();
        var model = TelemetryCapture.UniqueModel(dialect == ChatDialect.Messages ? "anthropic" : "openai");
        var fake = new FakeGateway().Enqueue(new FakeReply { Text = "priced", Cost = ReportedCost });
        using var client = new TestGateway().CreateClient(fake, model, dialect);

        if (streaming)
        {
            await client.GetStreamingResponseAsync("ping").ToListAsync();
        }
        else
        {
            await client.GetResponseAsync("ping");
        }

        var span = Assert.Single(capture.SpansFor(model));
        Assert.Equal((double)ReportedCost, span.GetTagItem("aigateway.cost_usd"));
    }
}
