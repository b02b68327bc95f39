using System.Text.Json.Serialization;

namespace AiGateway.Client.Catalog;

/// <summary>
/// A gateway's <c>GET …/models</c> answer. One shape covers them all because they share OpenAI's list envelope
/// (<c>{"object":"list","data":[{"id","object","owned_by",…}]}</c>): Vercel adds <c>name</c>, <c>context_window</c>,
/// <c>max_tokens</c>, <c>type</c>, <c>tags</c> and <c>pricing</c> (decimal strings, USD per token, with optional
/// <c>*_tiers</c>): https://vercel.com/docs/ai-gateway/sdks-and-apis/rest-api ; Neon adds an <c>enabled</c> flag and
/// leaves prices null (https://neon.com/docs/ai-gateway/models; its exact envelope is unconfirmed, so a
/// <c>models</c> array is accepted as well as <c>data</c>). Unknown fields are ignored.
/// </summary>
internal sealed class ModelListDocument
{
    [JsonPropertyName("data")]
    public List<ModelListEntry>? Data { get; set; }

    [JsonPropertyName("models")]
    public List<ModelListEntry>? Models { get; set; }
}

/// <summary>One model in a gateway's list.</summary>
internal sealed class ModelListEntry
{
    [JsonPropertyName("id")]
    public string? Id { get; set; }

    [JsonPropertyName("owned_by")]
    public string? OwnedBy { get; set; }

    [JsonPropertyName("name")]
    public string? Name { get; set; }

    [JsonPropertyName("context_window")]
    public int? ContextWindow { get; set; }

    [JsonPropertyName("max_tokens")]
    public int? MaxTokens { get; set; }

    /// <summary>Vercel: <c>language</c>, <c>embedding</c>, <c>image</c>; only language models are chat models.</summary>
    [JsonPropertyName("type")]
    public string? Type { get; set; }

    [JsonPropertyName("tags")]
    public List<string>? Tags { get; set; }

    /// <summary>Neon: whether the model is enabled for the account.</summary>
    [JsonPropertyName("enabled")]
    public bool? Enabled { get; set; }

    [JsonPropertyName("pricing")]
    public ModelListPricing? Pricing { get; set; }
}

/// <summary>Vercel's per-token prices (decimal strings; numbers are accepted too).</summary>
internal sealed class ModelListPricing
{
    [JsonPropertyName("input")]
    [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)]
    public decimal? Input { get; set; }

    [JsonPropertyName("output")]
    [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)]
    public decimal? Output { get; set; }

    [JsonPropertyName("input_cache_read")]
    [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)]
    public decimal? InputCacheRead { get; set; }

    [JsonPropertyName("input_cache_write")]
    [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)]
    public decimal? InputCacheWrite { get; set; }

    [JsonPropertyName("input_tiers")]
    public List<ModelListPriceTier>? InputTiers { get; set; }

    [JsonPropertyName("output_tiers")]
    public List<ModelListPriceTier>? OutputTiers { get; set; }

    [JsonPropertyName("input_cache_read_tiers")]
    public List<ModelListPriceTier>? InputCacheReadTiers { get; set; }
}

/// <summary>A Vercel price tier: <c>{"cost":"0.000005","min":272001,"max":…}</c> (token counts, min inclusive).</summary>
internal sealed class ModelListPriceTier
{
    [JsonPropertyName("cost")]
    [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)]
    public decimal? Cost { get; set; }

    [JsonPropertyName("min")]
    [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)]
    public long? Min { get; set; }
}

/// <summary>Source-generated (AOT- and trim-safe) metadata for model lists.</summary>
[JsonSerializable(typeof(ModelListDocument))]
internal sealed partial class ModelListJsonContext : JsonSerializerContext;
