using System.Text.Json.Serialization;

namespace AiGateway.Client.Catalog;

/// <summary>The shape of the embedded <c>catalog.json</c> (read with <see cref="CatalogJsonContext"/>, no reflection).</summary>
internal sealed class CatalogDocument
{
    /// <summary>Where the facts came from (the header every reader of the file sees first).</summary>
    public string? Source { get; set; }

    public List<string>? Notes { get; set; }

    public string? Updated { get; set; }

    public List<CatalogDocumentModel>? Models { get; set; }
}

/// <summary>One model in <c>catalog.json</c>.</summary>
internal sealed class CatalogDocumentModel
{
    public string? Id { get; set; }

    public string? Name { get; set; }

    public int? Context { get; set; }

    public int? MaxOutput { get; set; }

    public CatalogDocumentPrice? Price { get; set; }

    public List<string>? Capabilities { get; set; }

    public List<string>? UnsupportedParameters { get; set; }

    /// <summary>Keyed by lower-case gateway name (<c>netlify</c>, <c>neon</c>, …).</summary>
    public Dictionary<string, List<string>>? WireIds { get; set; }

    public List<string>? Aliases { get; set; }

    /// <summary>Embedding facts, for embedding models only.</summary>
    public CatalogDocumentEmbedding? Embedding { get; set; }
}

/// <summary>An embedding model's vector facts in <c>catalog.json</c>.</summary>
internal sealed class CatalogDocumentEmbedding
{
    /// <summary>The default (full) vector length.</summary>
    public int? Dimensions { get; set; }

    /// <summary>Whether the model shortens its vectors on request (Matryoshka; OpenAI <c>dimensions</c>, Gemini <c>outputDimensionality</c>).</summary>
    public bool? Matryoshka { get; set; }
}

/// <summary>Prices in USD per 1M tokens.</summary>
internal sealed class CatalogDocumentPrice
{
    public decimal? Input { get; set; }

    public decimal? Output { get; set; }

    public decimal? CachedInput { get; set; }

    public decimal? CacheWrite { get; set; }

    public List<CatalogDocumentTier>? Tiers { get; set; }
}

/// <summary>A price tier in <c>catalog.json</c>.</summary>
internal sealed class CatalogDocumentTier
{
    public long? AboveInputTokens { get; set; }

    public decimal? Input { get; set; }

    public decimal? Output { get; set; }

    public decimal? CachedInput { get; set; }
}

/// <summary>Source-generated (AOT- and trim-safe) metadata for <c>catalog.json</c>.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip,
    AllowTrailingCommas = true)]
[JsonSerializable(typeof(CatalogDocument))]
internal sealed partial class CatalogJsonContext : JsonSerializerContext;
