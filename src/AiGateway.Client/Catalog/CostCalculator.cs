using Microsoft.Extensions.AI;

namespace AiGateway.Client.Catalog;

/// <summary>Computes the USD cost of a call from its token usage and the model's catalog prices.</summary>
internal static class CostCalculator
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

        var input = Math.Max(0, usage.InputTokenCount ?? 0);
        var output = Math.Max(0, usage.OutputTokenCount ?? 0);
        var cached = Math.Clamp(usage.CachedInputTokenCount ?? 0, 0, input);
        var cacheWrite = usage.AdditionalCounts?.TryGetValue(CacheCreationInputTokensKey, out var written) == true ? Math.Max(0, written) : 0;
        if (cached == 0 && cacheWrite == 0)
        {
            // Most calls read and write no cache: only the input and output prices are needed, and the two zero
            // products are left out of the sum (it is the same).
            var tier = TierFor(pricing, input);
            return ((input * (tier?.InputPerMillion ?? pricing.InputPerMillion)) + (output * (tier?.OutputPerMillion ?? pricing.OutputPerMillion))) / PerMillion;
        }

        var (inputPrice, outputPrice, cachedPrice, writePrice) = PricesFor(model, pricing, input);

        // Anthropic reports cache writes outside input_tokens; the dialect reader adds them to the input count and
        // records them under CacheCreationInputTokensKey, so they are priced at the write rate instead of the input rate.
        var plainInput = Math.Max(0, input - cached - cacheWrite);
        return ((plainInput * inputPrice) + (cached * cachedPrice) + (cacheWrite * writePrice) + (output * outputPrice)) / PerMillion;
    }

    /// <summary>
    /// The worst-case cost of a call that sends <paramref name="inputTokens"/> and may produce <paramref name="maxOutputTokens"/>:
    /// input at the higher of the input and cache-write prices, output at the output price, in the tier the input selects.
    /// </summary>
    /// <param name="model">The model.</param>
    /// <param name="inputTokens">The (estimated) input tokens.</param>
    /// <param name="maxOutputTokens">The most output tokens the call may produce.</param>
    /// <returns>The cost in USD, or <see langword="null"/> when the model has no published prices.</returns>
    public static decimal? EstimateMaximum(CatalogModel model, long inputTokens, long maxOutputTokens) =>
        EstimateMaximumMillionths(model, inputTokens, maxOutputTokens) / PerMillion;

    /// <summary>
    /// <see cref="EstimateMaximum"/> times a million (before the division, which is the dearest step of the sum): what
    /// a caller comparing several worst cases compares, dividing only the one it keeps (see <see cref="FromMillionths"/>).
    /// </summary>
    /// <param name="model">The model.</param>
    /// <param name="inputTokens">The (estimated) input tokens.</param>
    /// <param name="maxOutputTokens">The most output tokens the call may produce.</param>
    /// <returns>The cost in millionths of a USD, or <see langword="null"/> when the model has no published prices.</returns>
    public static decimal? EstimateMaximumMillionths(CatalogModel model, long inputTokens, long maxOutputTokens)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model.Pricing is not { } pricing)
        {
            return null;
        }

        // Worst case: every input token may be a cache write (Anthropic prices writes above plain input), and the
        // input decides the tier.
        var (inputPrice, outputPrice, _, writePrice) = PricesFor(model, pricing, inputTokens);
        return (Math.Max(0, inputTokens) * Math.Max(inputPrice, writePrice)) + (Math.Max(0, maxOutputTokens) * outputPrice);
    }

    /// <summary>A cost in millionths of a USD (<see cref="EstimateMaximumMillionths"/>) in USD.</summary>
    /// <param name="millionths">The cost in millionths.</param>
    /// <returns>The cost in USD, the same value <see cref="EstimateMaximum"/> returns.</returns>
    public static decimal FromMillionths(decimal millionths) => millionths / PerMillion;

    /// <summary>The <see cref="UsageDetails.AdditionalCounts"/> key under which readers put cache-creation (write) input tokens.</summary>
    public const string CacheCreationInputTokensKey = "cache_creation_input_tokens";

    /// <summary>
    /// The prices that apply to a call with <paramref name="inputTokens"/> input tokens: the base prices, or those of
    /// the highest tier whose threshold the input exceeds (whatever order the tiers are in). A tier that publishes no
    /// cached-input or cache-write price scales the base one by the tier's input ratio, as the providers do (OpenAI's
    /// and Google's long-context cached rates are the same fraction of the long-context input rate), instead of
    /// charging long-context cache reads at the short-context rate. Without a published cache-write price, writes on
    /// Anthropic models cost 1.25× input (the 5-minute cache, https://docs.claude.com/en/docs/build-with-claude/prompt-caching#pricing;
    /// the 1-hour cache's 2× is not told apart in usage) and the input price elsewhere.
    /// </summary>
    private static (decimal Input, decimal Output, decimal Cached, decimal Write) PricesFor(CatalogModel model, ModelPricing pricing, long inputTokens)
    {
        var applied = TierFor(pricing, inputTokens);
        if (applied is null)
        {
            return (pricing.InputPerMillion, pricing.OutputPerMillion, pricing.CachedInputPerMillion ?? pricing.InputPerMillion, pricing.CacheWritePerMillion ?? DefaultWrite(model, pricing.InputPerMillion));
        }

        var cached = applied.CachedInputPerMillion ?? Scale(pricing.CachedInputPerMillion, pricing.InputPerMillion, applied.InputPerMillion) ?? applied.InputPerMillion;
        var write = Scale(pricing.CacheWritePerMillion, pricing.InputPerMillion, applied.InputPerMillion) ?? DefaultWrite(model, applied.InputPerMillion);
        return (applied.InputPerMillion, applied.OutputPerMillion, cached, write);
    }

    /// <summary>The highest tier whose threshold <paramref name="inputTokens"/> exceeds, whatever order the tiers are in; <see langword="null"/> for the base prices.</summary>
    private static ModelPriceTier? TierFor(ModelPricing pricing, long inputTokens)
    {
        ModelPriceTier? applied = null;
        var tiers = pricing.Tiers;
        for (var i = 0; i < tiers.Count; i++)
        {
            var tier = tiers[i];
            if (inputTokens > tier.AboveInputTokens && (applied is null || tier.AboveInputTokens > applied.AboveInputTokens))
            {
                applied = tier;
            }
        }

        return applied;
    }

    private static decimal DefaultWrite(CatalogModel model, decimal inputPrice) =>
        string.Equals(model.Creator, "anthropic", StringComparison.OrdinalIgnoreCase) ? inputPrice * AnthropicFiveMinuteWriteFactor : inputPrice;

    private const decimal AnthropicFiveMinuteWriteFactor = 1.25m;

    private static decimal? Scale(decimal? basePrice, decimal baseInput, decimal tierInput) =>
        basePrice is { } price && baseInput > 0 ? price * tierInput / baseInput : null;
}
