using System.Diagnostics.CodeAnalysis;
using AiGateway.Client.Errors;
using AiGateway.Client.Gateways;

namespace AiGateway.Client.Catalog;

/// <summary>
/// The model catalog. FOUNDATION VERSION: knows no models yet and resolves every id by the mechanical rule
/// (creator inferred from the name). The embedded catalog, alias rules and live refresh replace this.
/// </summary>
public sealed class ModelCatalog : IModelCatalog
{
    private readonly Dictionary<string, CatalogModel> _byAlias = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Creates a catalog over <paramref name="models"/>.</summary>
    /// <param name="models">The models.</param>
    /// <param name="strict">Whether unknown ids fail instead of resolving by the mechanical rule.</param>
    public ModelCatalog(IEnumerable<CatalogModel> models, bool strict = false)
    {
        ArgumentNullException.ThrowIfNull(models);
        Strict = strict;
        foreach (var model in models)
        {
            _byAlias[model.Id] = model;
        }
    }

    /// <summary>Gets a value indicating whether unknown ids fail.</summary>
    public bool Strict { get; }

    /// <inheritdoc />
    public IReadOnlyCollection<CatalogModel> Models => _byAlias.Values;

    /// <inheritdoc />
    public CatalogModel Resolve(string modelId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelId);
        if (TryFind(modelId, out var known))
        {
            return known;
        }

        if (Strict)
        {
            throw new ModelNotFoundException($"Model '{modelId}' is not in the catalog and StrictModels is on.");
        }

        var creator = InferCreator(modelId);
        var name = modelId.Contains('/', StringComparison.Ordinal) ? modelId[(modelId.IndexOf('/', StringComparison.Ordinal) + 1)..] : modelId;
        return new CatalogModel($"{creator}/{name}") { IsKnown = false, Aliases = [modelId] };
    }

    /// <inheritdoc />
    public bool TryFind(string modelId, [NotNullWhen(true)] out CatalogModel? model) => _byAlias.TryGetValue(modelId, out model);

    /// <inheritdoc />
    public IReadOnlyList<string> Suggest(string modelId, int count = 3) => [];

    /// <inheritdoc />
    public Task<bool> RefreshAsync(GatewayProfile gateway, HttpClient httpClient, CancellationToken cancellationToken = default) => Task.FromResult(false);

    private static string InferCreator(string modelId)
    {
        var slash = modelId.IndexOf('/', StringComparison.Ordinal);
        if (slash > 0)
        {
            return modelId[..slash].ToLowerInvariant();
        }

        var id = modelId.ToLowerInvariant();
        return id switch
        {
            _ when id.StartsWith("claude", StringComparison.Ordinal) => "anthropic",
            _ when id.StartsWith("gemini", StringComparison.Ordinal) => "google",
            _ when id.StartsWith("gpt", StringComparison.Ordinal) || id.StartsWith("o1", StringComparison.Ordinal)
                || id.StartsWith("o3", StringComparison.Ordinal) || id.StartsWith("o4", StringComparison.Ordinal) => "openai",
            _ => "unknown",
        };
    }
}
