using Microsoft.Extensions.AI;

namespace AiGateway.Client.Middleware.Budget;

/// <summary>
/// The facts of a response the settle reads (the reported cost, the model that answered, whether it is a replay),
/// taken from a whole response's properties or gathered from a stream's updates, a later update's value winning, without
/// copying the updates' properties into a dictionary of its own. <c>HasCost</c> says a cost key was present (even
/// with a value that does not read as a number), as a merged dictionary's <c>ContainsKey</c> did.
/// </summary>
internal readonly record struct BudgetResponseFacts(object? AnsweredGateway, bool HasCost, object? CostUsd, object? CatalogModelId)
{
    /// <summary>Gets a value indicating whether the facts came back through serialization (a replay, such as a cache hit).</summary>
    public bool IsReplayed => AnsweredGateway is not null and not GatewayKind;

    /// <summary>Gets the reported cost in USD (never negative), if any.</summary>
    public decimal? Cost => AiGatewayResponseExtensions.DecimalValue(CostUsd) is { } cost ? Math.Max(0m, cost) : null;

    /// <summary>Gets the catalog id of the model that answered, if reported.</summary>
    public string? CatalogModel => AiGatewayResponseExtensions.StringValue(CatalogModelId);

    /// <summary>The facts on <paramref name="properties"/>.</summary>
    public static BudgetResponseFacts Of(AdditionalPropertiesDictionary? properties) => default(BudgetResponseFacts).With(properties);

    /// <summary>These facts with those on <paramref name="properties"/> replacing them, key by key.</summary>
    public BudgetResponseFacts With(AdditionalPropertiesDictionary? properties)
    {
        if (properties is not { Count: > 0 })
        {
            return this;
        }

        // One pass over the few entries instead of three lookups, each hashing its key case-insensitively: the keys
        // the client wrote are these very strings (compared by reference first); others (a replay through JSON) are
        // compared as the dictionary compares them.
        var (gateway, hasCost, cost, model) = (AnsweredGateway, HasCost, CostUsd, CatalogModelId);
        foreach (var (key, value) in properties)
        {
            if (Is(key, AiGatewayPropertyKeys.CostUsd))
            {
                (hasCost, cost) = (true, value);
            }
            else if (Is(key, AiGatewayPropertyKeys.AnsweredGateway))
            {
                gateway = value;
            }
            else if (Is(key, AiGatewayPropertyKeys.CatalogModelId))
            {
                model = value;
            }
        }

        return new(gateway, hasCost, cost, model);
    }

    private static bool Is(string key, string name) =>
        ReferenceEquals(key, name) || string.Equals(key, name, StringComparison.OrdinalIgnoreCase);
}
