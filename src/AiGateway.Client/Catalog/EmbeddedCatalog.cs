using System.Text.Json;

namespace AiGateway.Client.Catalog;

/// <summary>Reads the embedded <c>catalog.json</c> (System.Text.Json source generation: no reflection, AOT-safe).</summary>
internal static class EmbeddedCatalog
{
    /// <summary>The manifest name of the resource (see the EmbeddedResource item in the project file).</summary>
    public const string ResourceName = "AiGateway.Client.Catalog.catalog.json";

    private static readonly Lazy<CatalogDocument> LazyDocument = new(LoadDocument);
    private static readonly Lazy<IReadOnlyList<CatalogModel>> LazyModels = new(() => ToModels(LazyDocument.Value));

    /// <summary>Gets the parsed document (header included).</summary>
    public static CatalogDocument Document => LazyDocument.Value;

    /// <summary>Gets the models, in file order. <see cref="CatalogModel"/> is immutable, so every catalog shares them.</summary>
    public static IReadOnlyList<CatalogModel> Models => LazyModels.Value;

    /// <summary>Parses a catalog document from UTF-8 JSON.</summary>
    public static CatalogDocument Parse(ReadOnlySpan<byte> utf8Json) =>
        JsonSerializer.Deserialize(utf8Json, CatalogJsonContext.Default.CatalogDocument)
        ?? throw new InvalidDataException("The model catalog is empty (the JSON is 'null').");

    /// <summary>Turns a catalog document into models, failing with a message that names the bad entry.</summary>
    public static IReadOnlyList<CatalogModel> ToModels(CatalogDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var models = new List<CatalogModel>(document.Models?.Count ?? 0);
        foreach (var entry in document.Models ?? [])
        {
            models.Add(ToModel(entry));
        }

        return models.AsReadOnly();
    }

    private static CatalogDocument LoadDocument()
    {
        using var stream = typeof(EmbeddedCatalog).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded model catalog '{ResourceName}' is missing from {typeof(EmbeddedCatalog).Assembly.GetName().Name}; the package is damaged.");
        using var buffer = new MemoryStream(checked((int)stream.Length));
        stream.CopyTo(buffer);
        return Parse(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
    }

    private static CatalogModel ToModel(CatalogDocumentModel entry)
    {
        if (string.IsNullOrWhiteSpace(entry.Id))
        {
            throw new InvalidDataException("A model in the catalog has no 'id'.");
        }

        var id = entry.Id;
        return new CatalogModel(id)
        {
            DisplayName = entry.Name,
            ContextWindow = entry.Context,
            MaxOutputTokens = entry.MaxOutput,
            Pricing = ToPricing(id, entry.Price),
            Capabilities = ToCapabilities(id, entry.Capabilities),
            UnsupportedParameters = new HashSet<string>(entry.UnsupportedParameters ?? [], StringComparer.Ordinal),
            WireIds = ToWireIds(id, entry.WireIds),
            Aliases = entry.Aliases?.ToArray() ?? [],
            EmbeddingDimensions = ToDimensions(id, entry.Embedding),
            SupportsEmbeddingDimensions = entry.Embedding?.Matryoshka ?? false,
        };
    }

    private static int? ToDimensions(string id, CatalogDocumentEmbedding? embedding)
    {
        if (embedding is null)
        {
            return null;
        }

        return embedding.Dimensions is > 0
            ? embedding.Dimensions
            : throw new InvalidDataException($"Catalog model '{id}' has an 'embedding' without positive 'dimensions'.");
    }

    private static ModelPricing? ToPricing(string id, CatalogDocumentPrice? price)
    {
        if (price is null)
        {
            return null;
        }

        if (price.Input is not { } input || price.Output is not { } output)
        {
            throw new InvalidDataException($"Catalog model '{id}' has a 'price' without both 'input' and 'output'; leave 'price' out when a price is not published.");
        }

        var tiers = new List<ModelPriceTier>();
        foreach (var tier in price.Tiers ?? [])
        {
            if (tier.AboveInputTokens is not { } above || tier.Input is not { } tierInput || tier.Output is not { } tierOutput)
            {
                throw new InvalidDataException($"Catalog model '{id}' has a price tier without 'aboveInputTokens', 'input' and 'output'.");
            }

            tiers.Add(new ModelPriceTier(above, tierInput, tierOutput, tier.CachedInput));
        }

        tiers.Sort((a, b) => a.AboveInputTokens.CompareTo(b.AboveInputTokens));
        return new ModelPricing(input, output, price.CachedInput, price.CacheWrite) { Tiers = tiers };
    }

    private static ModelCapabilities ToCapabilities(string id, List<string>? names)
    {
        var capabilities = ModelCapabilities.None;
        foreach (var name in names ?? [])
        {
            capabilities |= name switch
            {
                "tools" => ModelCapabilities.Tools,
                "reasoning" => ModelCapabilities.Reasoning,
                "vision" => ModelCapabilities.Vision,
                "img" => ModelCapabilities.ImageOutput,
                "structured" => ModelCapabilities.StructuredOutput,
                "R" => ModelCapabilities.ResponsesOnly,
                "embed" => ModelCapabilities.Embeddings,
                "imagegen" => ModelCapabilities.ImageGeneration,
                _ => throw new InvalidDataException(
                    $"Catalog model '{id}' has an unknown capability '{name}'; use tools, reasoning, vision, img, structured, R, embed or imagegen."),
            };
        }

        return capabilities;
    }

    private static Dictionary<GatewayKind, IReadOnlyList<string>> ToWireIds(string id, Dictionary<string, List<string>>? wireIds)
    {
        var result = new Dictionary<GatewayKind, IReadOnlyList<string>>();
        foreach (var (gatewayName, ids) in wireIds ?? [])
        {
            if (!Enum.TryParse<GatewayKind>(gatewayName, ignoreCase: true, out var gateway) || !Enum.IsDefined(gateway))
            {
                throw new InvalidDataException(
                    $"Catalog model '{id}' has wire ids for an unknown gateway '{gatewayName}'; use one of {string.Join(", ", Enum.GetNames<GatewayKind>())} (any case).");
            }

            if (ids is not { Count: > 0 } || ids.Exists(string.IsNullOrWhiteSpace))
            {
                throw new InvalidDataException($"Catalog model '{id}' has an empty wire id list or an empty wire id for '{gatewayName}'.");
            }

            result[gateway] = ids.ToArray();
        }

        return result;
    }
}
