using AiGateway.Client.Gateways;

namespace AiGateway.Client.Catalog;

/// <summary>
/// One model as the catalog knows it: its canonical id (<c>creator/model</c> with dots, as Vercel writes it),
/// limits, prices, capabilities, and the wire ids gateways use where they differ from the mechanical rule.
/// </summary>
public sealed class CatalogModel
{
    /// <summary>Creates a catalog model.</summary>
    /// <param name="id">The canonical id, for example <c>anthropic/claude-sonnet-4.5</c>.</param>
    public CatalogModel(string id)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        var slash = id.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == id.Length - 1)
        {
            throw new ArgumentException($"A canonical model id is 'creator/model' (for example 'anthropic/claude-sonnet-4.5'); '{id}' is not.", nameof(id));
        }

        Id = id;
        Creator = id[..slash];
        Name = id[(slash + 1)..];
    }

    /// <summary>Gets the canonical id, for example <c>anthropic/claude-sonnet-4.5</c>.</summary>
    public string Id { get; }

    /// <summary>Gets the creator, for example <c>anthropic</c>, <c>openai</c>, <c>google</c>.</summary>
    public string Creator { get; }

    /// <summary>Gets the model part of the canonical id, for example <c>claude-sonnet-4.5</c>.</summary>
    public string Name { get; }

    /// <summary>Gets a display name, for example <c>Claude Sonnet 4.5</c>.</summary>
    public string? DisplayName { get; init; }

    /// <summary>Gets the context window in tokens, when known.</summary>
    public int? ContextWindow { get; init; }

    /// <summary>Gets the maximum output tokens, when known.</summary>
    public int? MaxOutputTokens { get; init; }

    /// <summary>Gets the prices, when published.</summary>
    public ModelPricing? Pricing { get; init; }

    /// <summary>Gets what the model can do.</summary>
    public ModelCapabilities Capabilities { get; init; }

    /// <summary>
    /// Gets the request parameters the model rejects with a 400 (for example <c>temperature</c>, <c>top_p</c>):
    /// dialect writers drop them with a logged warning instead of sending them.
    /// </summary>
    public IReadOnlySet<string> UnsupportedParameters { get; init; } = new HashSet<string>();

    /// <summary>Gets the wire ids per gateway, where a gateway lists the model (first = the one sent).</summary>
    public IReadOnlyDictionary<GatewayKind, IReadOnlyList<string>> WireIds { get; init; } = new Dictionary<GatewayKind, IReadOnlyList<string>>();

    /// <summary>Gets other ids that resolve to this model (dated snapshots, moving aliases).</summary>
    public IReadOnlyList<string> Aliases { get; init; } = [];

    /// <summary>Gets the length of the model's vectors when it is an embedding model (its full length), else <see langword="null"/>.</summary>
    public int? EmbeddingDimensions { get; init; }

    /// <summary>
    /// Gets a value indicating whether the embedding model returns shorter vectors on request (OpenAI's
    /// <c>dimensions</c>, Gemini's <c>outputDimensionality</c>); models with a fixed length refuse the option.
    /// </summary>
    public bool SupportsEmbeddingDimensions { get; init; }

    /// <summary>Gets a value indicating whether the model came from the catalog (<see langword="false"/> for an ad-hoc model built from an unknown id).</summary>
    public bool IsKnown { get; init; } = true;

    /// <summary>Gets a value indicating whether the model is served only over OpenAI Responses.</summary>
    public bool IsResponsesOnly => (Capabilities & ModelCapabilities.ResponsesOnly) != 0;

    /// <summary>
    /// Tells whether the catalog knows <paramref name="gateway"/> to serve this model. For Netlify, Neon and Rebyte,
    /// whose model lists the catalog carries, that is whether <see cref="WireIds"/> has the gateway; Vercel serves every
    /// model but Workers AI's; Cloudflare's provider paths and the providers' own APIs serve OpenAI, Anthropic and
    /// Google models (and Cloudflare Workers AI's); an explicit OpenAI-compatible endpoint publishes no list the catalog
    /// knows, so every model counts. Always <see langword="false"/> for an ad-hoc model (<see cref="IsKnown"/> false).
    /// Routing does not refuse a model on this alone: catalogs move weekly and the gateway has the last word.
    /// </summary>
    /// <param name="gateway">The gateway.</param>
    /// <returns><see langword="true"/> when the catalog lists the model for the gateway.</returns>
    public bool IsListedBy(GatewayKind gateway)
    {
        if (!IsKnown)
        {
            return false;
        }

        return GatewayRouting.For(gateway).Lists(this, Routing.ModelFamilies.Of(this));
    }

    /// <inheritdoc />
    public override string ToString() => Id;
}
