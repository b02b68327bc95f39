using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace AiGateway.Client.Catalog;

/// <summary>
/// An immutable set of models and the lookup keys that lead to them (canonical id, name, aliases, wire ids, all in
/// <see cref="ModelId.Normalize"/> form). A catalog swaps whole indexes, so readers never lock.
/// </summary>
internal sealed class CatalogIndex
{
    private const int MaxResolved = 1024;

    private readonly Dictionary<string, CatalogModel> _byCanonical = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CatalogModel> _byKey = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, CatalogModel?> _resolved = new(StringComparer.Ordinal);

    public CatalogIndex(IEnumerable<CatalogModel> models)
    {
        var list = new List<CatalogModel>();
        foreach (var model in models)
        {
            ArgumentNullException.ThrowIfNull(model, nameof(models));
            var key = ModelId.Normalize(model.Id);
            if (!_byCanonical.TryAdd(key, model))
            {
                throw new ArgumentException(
                    $"Two catalog models have the id '{model.Id}' (ids compare ignoring case, dots and dashes: '{_byCanonical[key].Id}' is the other). Give each model one entry.",
                    nameof(models));
            }

            list.Add(model);
        }

        Models = list.AsReadOnly();

        // Canonical ids win over every other key; after them, the first model to claim a key keeps it, so a model
        // added by a live refresh never takes an alias the embedded data already gave to another model.
        foreach (var (key, model) in _byCanonical)
        {
            _byKey[key] = model;
        }

        foreach (var model in list)
        {
            _byKey.TryAdd(ModelId.Normalize(model.Name), model);
            foreach (var alias in model.Aliases)
            {
                _byKey.TryAdd(ModelId.Normalize(alias), model);
            }

            foreach (var ids in model.WireIds.Values)
            {
                foreach (var wireId in ids)
                {
                    _byKey.TryAdd(ModelId.Normalize(wireId), model);
                }
            }
        }
    }

    /// <summary>Gets the models in catalog order.</summary>
    public IReadOnlyList<CatalogModel> Models { get; }

    /// <summary>Finds a model by any alias form (see <see cref="ModelId.LookupKeys"/>).</summary>
    public bool TryFind(string modelId, [NotNullWhen(true)] out CatalogModel? model)
    {
        // Every key is a normalized id, and Normalize leaves a normalized id as it is: an id found as written is
        // what the first lookup key would find, without normalizing it or enumerating the keys.
        if (_byKey.TryGetValue(modelId, out model))
        {
            return true;
        }

        // Ids written another way (openai/gpt-4.1-mini, Claude-Sonnet-4.5) are looked up once: normalizing and
        // trying each lookup key costs a few strings per call, and apps send the same few ids again and again.
        if (_resolved.TryGetValue(modelId, out model))
        {
            return model is not null;
        }

        model = null;
        foreach (var key in ModelId.LookupKeys(modelId))
        {
            if (_byKey.TryGetValue(key, out model))
            {
                break;
            }
        }

        // Bounded: ids come from callers. The index is immutable, so a remembered answer never goes stale.
        if (_resolved.Count < MaxResolved)
        {
            _resolved.TryAdd(modelId, model);
        }

        return model is not null;
    }

    /// <summary>Finds a model by its canonical id only (any case, dots or dashes).</summary>
    public bool TryFindCanonical(string modelId, [NotNullWhen(true)] out CatalogModel? model) =>
        _byCanonical.TryGetValue(ModelId.Normalize(modelId), out model);

    /// <summary>
    /// Gets every key that leads to <paramref name="model"/> from its own data (for suggestions), with whether it is
    /// the model's own id or name (primary) rather than an alias or a gateway's wire id.
    /// </summary>
    public static IEnumerable<(string Key, bool Primary)> KeysOf(CatalogModel model)
    {
        yield return (ModelId.Normalize(model.Id), true);
        yield return (ModelId.Normalize(model.Name), true);
        foreach (var alias in model.Aliases)
        {
            yield return (ModelId.Normalize(alias), false);
        }

        foreach (var ids in model.WireIds.Values)
        {
            foreach (var wireId in ids)
            {
                yield return (ModelId.Normalize(wireId), false);
            }
        }
    }
}
