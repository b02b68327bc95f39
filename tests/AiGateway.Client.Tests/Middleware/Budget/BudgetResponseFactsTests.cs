using AiGateway.Client.Middleware.Budget;
using Microsoft.Extensions.AI;

namespace AiGateway.Client.Tests.Middleware.Budget;

public sealed class BudgetResponseFactsTests
{
    [Fact]
    public void The_facts_the_client_wrote_are_read()
    {
        var facts = BudgetResponseFacts.Of(new()
        {
            [AiGatewayPropertyKeys.AnsweredGateway] = GatewayKind.Vercel,
            [AiGatewayPropertyKeys.CostUsd] = 0.25m,
            [AiGatewayPropertyKeys.CatalogModelId] = "openai/gpt-4o-mini",
            [AiGatewayPropertyKeys.Attempts] = 1,
        });

        Assert.Equal(0.25m, facts.Cost);
        Assert.Equal("openai/gpt-4o-mini", facts.CatalogModel);
        Assert.False(facts.IsReplayed);
    }

    [Fact]
    public void Keys_that_came_back_through_JSON_in_another_case_are_read_as_the_dictionary_reads_them()
    {
        // New strings (not the client's constants), as a deserialised response has, one in upper case.
        var properties = new AdditionalPropertiesDictionary
        {
            [new string(AiGatewayPropertyKeys.AnsweredGateway.ToCharArray())] = "Vercel",
            [AiGatewayPropertyKeys.CostUsd.ToUpperInvariant()] = 0.5m,
            [string.Concat(AiGatewayPropertyKeys.CatalogModelId.AsSpan(0, 3), AiGatewayPropertyKeys.CatalogModelId.AsSpan(3))] = "openai/gpt-4o",
        };

        var facts = BudgetResponseFacts.Of(properties);

        Assert.Equal(0.5m, facts.Cost);
        Assert.Equal("openai/gpt-4o", facts.CatalogModel);
        Assert.True(facts.IsReplayed);
    }

    [Fact]
    public void A_later_update_replaces_only_the_facts_it_carries()
    {
        var first = BudgetResponseFacts.Of(new() { [AiGatewayPropertyKeys.CatalogModelId] = "openai/gpt-4o", [AiGatewayPropertyKeys.CostUsd] = 0.1m });

        var merged = first.With(new() { [AiGatewayPropertyKeys.CostUsd] = 0.3m });

        Assert.Equal(0.3m, merged.Cost);
        Assert.Equal("openai/gpt-4o", merged.CatalogModel);
        Assert.True(merged.HasCost);
    }
}
