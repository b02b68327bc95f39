namespace AiGateway.Client.Catalog;

/// <summary>USD prices per one million tokens.</summary>
/// <param name="InputPerMillion">Input (prompt) tokens.</param>
/// <param name="OutputPerMillion">Output tokens (reasoning included).</param>
/// <param name="CachedInputPerMillion">Cached input read, when the provider prices it separately.</param>
/// <param name="CacheWritePerMillion">Cache creation (Anthropic), when priced separately.</param>
public sealed record ModelPricing(
    decimal InputPerMillion,
    decimal OutputPerMillion,
    decimal? CachedInputPerMillion = null,
    decimal? CacheWritePerMillion = null)
{
    /// <summary>
    /// Gets the higher price tiers, each applying to the whole call once its input token count exceeds the
    /// tier's threshold (for example OpenAI's price above 272k input tokens). Ordered by threshold.
    /// </summary>
    public IReadOnlyList<ModelPriceTier> Tiers { get; init; } = [];
}
