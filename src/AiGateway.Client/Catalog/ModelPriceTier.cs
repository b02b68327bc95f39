namespace AiGateway.Client.Catalog;

/// <summary>A price that applies when a call's input exceeds <paramref name="AboveInputTokens"/>.</summary>
/// <param name="AboveInputTokens">The input token count above which this tier applies.</param>
/// <param name="InputPerMillion">Input price per 1M tokens in this tier.</param>
/// <param name="OutputPerMillion">Output price per 1M tokens in this tier.</param>
/// <param name="CachedInputPerMillion">Cached-input price per 1M tokens in this tier, when known.</param>
public sealed record ModelPriceTier(long AboveInputTokens, decimal InputPerMillion, decimal OutputPerMillion, decimal? CachedInputPerMillion = null);
