using AiGateway.Client.Catalog;

namespace AiGateway.Client.Middleware.Budget;

/// <summary>
/// Worst-case costs for budget reservations: <c>CostCalculator.EstimateMaximum</c> at catalog prices for the model
/// and every model the call may end up answered by (the request's fallback models and the failover layer's), the
/// dearest of them.
/// </summary>
internal static class BudgetCostEstimator
{
    /// <summary>
    /// The dearest worst case among <paramref name="model"/> and the <paramref name="alternatives"/> the catalog knows;
    /// <see langword="null"/> when the model itself is unpriced. The output bound is <paramref name="outputTokens"/>,
    /// else the model's own maximum, else <paramref name="assumedOutputTokens"/>.
    /// </summary>
    public static decimal? WorstCase(
        CatalogModel? model, IModelCatalog? catalog, IReadOnlyList<string> alternatives, IReadOnlyList<string> moreAlternatives,
        long inputTokens, long? outputTokens, long assumedOutputTokens)
    {
        if (model is null || Maximum(model, inputTokens, outputTokens, assumedOutputTokens) is not { } worst)
        {
            return null;
        }

        if (catalog is not null)
        {
            worst = Dearest(worst, alternatives, catalog, inputTokens, outputTokens, assumedOutputTokens);
            worst = Dearest(worst, moreAlternatives, catalog, inputTokens, outputTokens, assumedOutputTokens);
        }

        // Compared in millionths, divided once: dividing by the same positive number keeps the order, and the division
        // is the dearest step of each estimate.
        return CostCalculator.FromMillionths(worst);
    }

    /// <summary>An estimate of a call's cost from its token counts, at the model's catalog prices (zero when unpriced).</summary>
    public static decimal Estimate(CatalogModel? model, long inputTokens, long outputTokens) =>
        model is null
            ? 0m
            : CostCalculator.Calculate(model, new Microsoft.Extensions.AI.UsageDetails { InputTokenCount = inputTokens, OutputTokenCount = outputTokens }) ?? 0m;

    private static decimal Dearest(decimal worst, IReadOnlyList<string> alternatives, IModelCatalog catalog, long inputTokens, long? outputTokens, long assumedOutputTokens)
    {
        for (var i = 0; i < alternatives.Count; i++)
        {
            if (catalog.TryFind(alternatives[i], out var candidate) && Maximum(candidate, inputTokens, outputTokens, assumedOutputTokens) is { } cost && cost > worst)
            {
                worst = cost;
            }
        }

        return worst;
    }

    /// <summary>The model's worst case in millionths of a USD.</summary>
    private static decimal? Maximum(CatalogModel model, long inputTokens, long? outputTokens, long assumedOutputTokens) =>
        CostCalculator.EstimateMaximumMillionths(model, inputTokens, outputTokens ?? model.MaxOutputTokens ?? assumedOutputTokens);
}
