using Microsoft.Extensions.AI;

namespace AiGateway.Client.Catalog;

/// <summary>Computes the USD cost of a call from its token usage and the model's catalog prices.</summary>
public static class CostCalculator
{
    private const decimal PerMillion = 1_000_000m;

    /// <summary>
    /// Computes the cost of <paramref name="usage"/> on <paramref name="model"/>. Cached input tokens are a subset of
    /// the input tokens and are priced at the cached rate (the input rate when none is published); the tier whose
    /// threshold the input exceeds prices the whole call.
    /// </summary>
    /// <param name="model">The model.</param>
    /// <param name="usage">The usage the gateway reported.</param>
    /// <returns>The cost in USD, or <see langword="null"/> when the model has no published prices.</returns>
    public static decimal? Calculate(CatalogModel model, UsageDetails usage)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(usage);
        if (model.Pricing is not { } pricing)
        {
            return null;
        }

        var input = usage.InputTokenCount ?? 0;
        var output = usage.OutputTokenCount ?? 0;
        var cached = Math.Clamp(usage.CachedInputTokenCount ?? 0, 0, input);
        var (inputPrice, outputPrice, cachedPrice) = PricesFor(pricing, input);
        var cacheWrite = usage.AdditionalCounts?.TryGetValue(CacheCreationInputTokensKey, out var written) == true ? written : 0;
        var writePrice = pricing.CacheWritePerMillion ?? inputPrice;

        // Anthropic reports cache writes outside input_tokens; the dialect reader adds them to the input count and
        // records them under CacheCreationInputTokensKey, so they are priced at the write rate instead of the input rate.
        var plainInput = Math.Max(0, input - cached - cacheWrite);
        return ((plainInput * inputPrice) + (cached * cachedPrice) + (cacheWrite * writePrice) + (output * outputPrice)) / PerMillion;
    }

    /// <summary>The worst-case cost of a call that sends <paramref name="inputTokens"/> and may produce <paramref name="maxOutputTokens"/>.</summary>
    /// <param name="model">The model.</param>
    /// <param name="inputTokens">The (estimated) input tokens.</param>
    /// <param name="maxOutputTokens">The most output tokens the call may produce.</param>
    /// <returns>The cost in USD, or <see langword="null"/> when the model has no published prices.</returns>
    public static decimal? EstimateMaximum(CatalogModel model, long inputTokens, long maxOutputTokens)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model.Pricing is not { } pricing)
        {
            return null;
        }

        var (inputPrice, outputPrice, _) = PricesFor(pricing, inputTokens);
        return ((Math.Max(0, inputTokens) * inputPrice) + (Math.Max(0, maxOutputTokens) * outputPrice)) / PerMillion;
    }

    /// <summary>The <see cref="UsageDetails.AdditionalCounts"/> key under which readers put cache-creation (write) input tokens.</summary>
    public const string CacheCreationInputTokensKey = "cache_creation_input_tokens";

    private static (decimal Input, decimal Output, decimal Cached) PricesFor(ModelPricing pricing, long inputTokens)
    {
        var input = pricing.InputPerMillion;
        var output = pricing.OutputPerMillion;
        var cached = pricing.CachedInputPerMillion;
        foreach (var tier in pricing.Tiers)
        {
            if (inputTokens > tier.AboveInputTokens)
            {
                input = tier.InputPerMillion;
                output = tier.OutputPerMillion;
                cached = tier.CachedInputPerMillion ?? cached;
            }
        }

        return (input, output, cached ?? input);
    }
}
