using AiGateway.Client.Diagnostics;
using AiGateway.Client.Gateways;
using Microsoft.Extensions.Logging;

namespace AiGateway.Client.Catalog;

/// <summary>
/// Merges a gateway's model list over a catalog: what the gateway reports (names, limits, prices, the ids it lists
/// the model under) wins where present; what it leaves out is kept; ids the catalog does not know become known models.
/// </summary>
internal static class ModelListMerge
{
    private const decimal PerMillion = 1_000_000m;

    /// <summary>What a merge changed.</summary>
    internal readonly record struct Result(IReadOnlyList<CatalogModel> Models, int Listed, int Added, int Updated, int Disabled);

    public static Result Merge(CatalogIndex index, IReadOnlyList<ModelListEntry> entries, GatewayProfile gateway, ILogger logger)
    {
        var kind = gateway.Kind;

        // Group the entries per model first: a list may name one model several times (OpenAI lists gpt-5 and
        // gpt-5-2025-08-07), and which id becomes the one sent depends on all of them.
        var groups = new Dictionary<string, Group>(StringComparer.Ordinal);
        var order = new List<Group>();
        var listed = 0;
        foreach (var entry in entries)
        {
            if (string.IsNullOrWhiteSpace(entry.Id))
            {
                continue;
            }

            var id = entry.Id.Trim();
            if (SkipReason(entry, id) is { } reason)
            {
                AiGatewayLog.CatalogEntrySkipped(logger, gateway.Name, id, reason);
                continue;
            }

            listed++;

            // A creator-prefixed id (Vercel, OpenRouter-style endpoints) is a canonical id: match it exactly, so that
            // google/gemini-3-pro never lands on gemini-3-pro-preview through Neon's short alias for the latter.
            var found = id.Contains('/', StringComparison.Ordinal) && !id.StartsWith("@cf/", StringComparison.OrdinalIgnoreCase)
                ? index.TryFindCanonical(id, out var existing)
                : index.TryFind(id, out existing);
            var canonical = found ? existing!.Id : CanonicalOf(entry, id);
            var key = ModelId.Normalize(canonical);
            if (!groups.TryGetValue(key, out var group))
            {
                group = new Group(canonical, found ? existing : null);
                groups[key] = group;
                order.Add(group);
            }

            group.Entries.Add(entry);
        }

        var replaced = new Dictionary<string, CatalogModel>(StringComparer.Ordinal);
        var added = new List<CatalogModel>();
        var disabled = 0;
        foreach (var group in order)
        {
            var enabled = group.Entries.Where(e => e.Enabled != false).ToList();
            if (group.Existing is { } model)
            {
                if (enabled.Count == 0)
                {
                    disabled++;
                    replaced[model.Id] = Disable(model, kind);
                }
                else
                {
                    replaced[model.Id] = MergeInto(model, enabled, kind);
                }
            }
            else if (enabled.Count > 0)
            {
                added.Add(Create(group.CanonicalId, enabled, kind));
            }
        }

        var models = new List<CatalogModel>(index.Models.Count + added.Count);
        foreach (var model in index.Models)
        {
            models.Add(replaced.TryGetValue(model.Id, out var merged) ? merged : model);
        }

        models.AddRange(added);
        return new Result(models, listed, added.Count, replaced.Count - disabled, disabled);
    }

    /// <summary>Why an entry is not a chat model, or <see langword="null"/> when it is one.</summary>
    private static string? SkipReason(ModelListEntry entry, string id)
    {
        if (entry.Type is { } type)
        {
            return string.Equals(type, "language", StringComparison.OrdinalIgnoreCase) ? null : $"type '{type}' is not a language model";
        }

        // Lists without a type (OpenAI's own) mix in embedding, speech, image and moderation models.
        var lower = id.ToLowerInvariant();
        string[] notChat = ["embedding", "whisper", "tts", "dall-e", "gpt-image", "imagen", "moderation", "transcribe", "realtime", "sora", "davinci", "babbage"];
        foreach (var marker in notChat)
        {
            if (lower.Contains(marker, StringComparison.Ordinal))
            {
                return $"'{marker}' models are not chat models";
            }
        }

        return null;
    }

    private static string CanonicalOf(ModelListEntry entry, string id)
    {
        if (id.Contains('/', StringComparison.Ordinal) && !id.StartsWith("@cf/", StringComparison.OrdinalIgnoreCase))
        {
            // Already creator/model as the gateway writes it (Vercel's ids are the catalog's canonical form).
            return id.ToLowerInvariant();
        }

        var canonical = ModelId.ToCanonical(id);
        if (canonical.StartsWith(ModelId.UnknownCreator + "/", StringComparison.Ordinal)
            && entry.OwnedBy is { Length: > 0 } owner
            && owner is not ("system" or "organization-owner" or "openai-internal" or "user"))
        {
            return owner.ToLowerInvariant() + canonical[ModelId.UnknownCreator.Length..];
        }

        return canonical;
    }

    private static CatalogModel MergeInto(CatalogModel model, List<ModelListEntry> entries, GatewayKind kind)
    {
        var wireIds = WithListedIds(model, entries, kind);
        var primary = PrimaryEntry(entries, wireIds.TryGetValue(kind, out var ids) ? ids[0] : ModelId.ForGateway(model, kind));
        return new CatalogModel(model.Id)
        {
            DisplayName = primary.Name ?? model.DisplayName,
            ContextWindow = primary.ContextWindow ?? model.ContextWindow,
            MaxOutputTokens = primary.MaxTokens ?? model.MaxOutputTokens,
            Pricing = MergePricing(model.Pricing, primary.Pricing),
            Capabilities = model.Capabilities | CapabilitiesOf(primary.Tags),
            UnsupportedParameters = model.UnsupportedParameters,
            WireIds = wireIds,
            Aliases = model.Aliases,
            EmbeddingDimensions = model.EmbeddingDimensions,
            SupportsEmbeddingDimensions = model.SupportsEmbeddingDimensions,
        };
    }

    private static CatalogModel Create(string canonicalId, List<ModelListEntry> entries, GatewayKind kind)
    {
        var seed = new CatalogModel(canonicalId);
        var capabilities = CapabilitiesOf(entries[0].Tags);
        if (ModelId.LooksResponsesOnly(seed.Creator, seed.Name))
        {
            capabilities |= ModelCapabilities.ResponsesOnly;
        }

        // Built twice: the wire-id rule needs the model, and the model needs the wire ids.
        var shell = new CatalogModel(canonicalId) { Capabilities = capabilities };
        var wireIds = WithListedIds(shell, entries, kind);
        var primary = PrimaryEntry(entries, wireIds.TryGetValue(kind, out var ids) ? ids[0] : ModelId.ForGateway(shell, kind));
        var aliases = entries
            .Select(e => e.Id!.Trim())
            .Where(id => !string.Equals(ModelId.Normalize(id), ModelId.Normalize(canonicalId), StringComparison.Ordinal))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToArray();
        return new CatalogModel(canonicalId)
        {
            DisplayName = primary.Name,
            ContextWindow = primary.ContextWindow,
            MaxOutputTokens = primary.MaxTokens,
            Pricing = MergePricing(null, primary.Pricing),
            Capabilities = capabilities,
            WireIds = wireIds,
            Aliases = aliases,
        };
    }

    /// <summary>A model the gateway lists as disabled (Neon's <c>enabled: false</c>) is no longer listed by it.</summary>
    private static CatalogModel Disable(CatalogModel model, GatewayKind kind)
    {
        if (!HasPublishedList(kind) || !model.WireIds.ContainsKey(kind))
        {
            return model;
        }

        var wireIds = new Dictionary<GatewayKind, IReadOnlyList<string>>(model.WireIds);
        wireIds.Remove(kind);
        return Copy(model, wireIds);
    }

    /// <summary>
    /// The ids the gateway lists the model under become its wire ids there. The id the catalog sent so far stays
    /// first while the gateway still lists it; otherwise the gateway's first listed id is sent. For gateways whose
    /// membership the catalog does not track, ids are recorded only when they differ from the mechanical rule.
    /// </summary>
    private static Dictionary<GatewayKind, IReadOnlyList<string>> WithListedIds(CatalogModel model, List<ModelListEntry> entries, GatewayKind kind)
    {
        var mechanical = ModelId.ForGateway(model, kind);
        var current = model.WireIds.TryGetValue(kind, out var existing) ? existing[0] : mechanical;
        var listedIds = entries.Select(e => e.Id!.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var sent = listedIds.Find(id => string.Equals(id, current, StringComparison.OrdinalIgnoreCase)) is { } stillListed
            ? stillListed
            : listedIds[0];
        var ids = new List<string> { sent };
        ids.AddRange(listedIds.Where(id => !string.Equals(id, sent, StringComparison.OrdinalIgnoreCase)));
        if (existing is not null)
        {
            ids.AddRange(existing.Where(old => !ids.Contains(old, StringComparer.OrdinalIgnoreCase)));
        }

        var wireIds = new Dictionary<GatewayKind, IReadOnlyList<string>>(model.WireIds);
        if (HasPublishedList(kind) || existing is not null || !string.Equals(sent, mechanical, StringComparison.OrdinalIgnoreCase))
        {
            wireIds[kind] = ids;
        }

        return wireIds;
    }

    /// <summary>The gateways whose membership lists the catalog carries (see <see cref="CatalogModel.IsListedBy"/>).</summary>
    private static bool HasPublishedList(GatewayKind kind) => GatewayRouting.For(kind).PublishesModelList;

    private static ModelListEntry PrimaryEntry(List<ModelListEntry> entries, string sentId) =>
        entries.Find(e => string.Equals(e.Id?.Trim(), sentId, StringComparison.OrdinalIgnoreCase)) ?? entries[0];

    private static ModelPricing? MergePricing(ModelPricing? known, ModelListPricing? live)
    {
        if (live is null || PerMillionOf(live.Input) is not { } input || PerMillionOf(live.Output) is not { } output)
        {
            return known;
        }

        var tiers = TiersOf(live, output);
        return new ModelPricing(
            input,
            output,
            PerMillionOf(live.InputCacheRead) ?? known?.CachedInputPerMillion,
            PerMillionOf(live.InputCacheWrite) ?? known?.CacheWritePerMillion)
        {
            Tiers = tiers.Count > 0 ? tiers : known?.Tiers ?? [],
        };
    }

    /// <summary>
    /// Vercel's tiers are token ranges (<c>min</c> inclusive) per price kind; a tier that starts at <c>min</c> applies
    /// above <c>min - 1</c> input tokens. Output and cached tiers are matched to input tiers by <c>min</c>.
    /// </summary>
    private static List<ModelPriceTier> TiersOf(ModelListPricing live, decimal baseOutput)
    {
        var tiers = new List<ModelPriceTier>();
        foreach (var tier in live.InputTiers ?? [])
        {
            if (tier.Min is not { } min || min <= 0 || PerMillionOf(tier.Cost) is not { } input)
            {
                continue;
            }

            var output = PerMillionOf(live.OutputTiers?.Find(t => t.Min == min)?.Cost) ?? baseOutput;
            var cached = PerMillionOf(live.InputCacheReadTiers?.Find(t => t.Min == min)?.Cost);
            tiers.Add(new ModelPriceTier(min - 1, input, output, cached));
        }

        tiers.Sort((a, b) => a.AboveInputTokens.CompareTo(b.AboveInputTokens));
        return tiers;
    }

    /// <summary>USD per token (as Vercel publishes) to USD per 1M tokens; a negative price means "not published".</summary>
    private static decimal? PerMillionOf(decimal? perToken) => perToken is { } value && value >= 0 ? value * PerMillion : null;

    private static ModelCapabilities CapabilitiesOf(List<string>? tags)
    {
        var capabilities = ModelCapabilities.None;
        foreach (var tag in tags ?? [])
        {
            capabilities |= tag switch
            {
                "tool-use" => ModelCapabilities.Tools,
                "reasoning" => ModelCapabilities.Reasoning,
                "vision" => ModelCapabilities.Vision,
                "image-generation" => ModelCapabilities.ImageOutput,
                _ => ModelCapabilities.None,
            };
        }

        return capabilities;
    }

    private static CatalogModel Copy(CatalogModel model, IReadOnlyDictionary<GatewayKind, IReadOnlyList<string>> wireIds) => new(model.Id)
    {
        DisplayName = model.DisplayName,
        ContextWindow = model.ContextWindow,
        MaxOutputTokens = model.MaxOutputTokens,
        Pricing = model.Pricing,
        Capabilities = model.Capabilities,
        UnsupportedParameters = model.UnsupportedParameters,
        WireIds = wireIds,
        Aliases = model.Aliases,
        IsKnown = model.IsKnown,
        EmbeddingDimensions = model.EmbeddingDimensions,
        SupportsEmbeddingDimensions = model.SupportsEmbeddingDimensions,
    };

    private sealed class Group(string canonicalId, CatalogModel? existing)
    {
        public string CanonicalId { get; } = canonicalId;

        public CatalogModel? Existing { get; } = existing;

        public List<ModelListEntry> Entries { get; } = [];
    }
}
