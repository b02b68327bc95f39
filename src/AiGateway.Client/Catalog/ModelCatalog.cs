using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Net.Http.Headers;
using System.Text.Json;
using AiGateway.Client.Diagnostics;
using AiGateway.Client.Gateways;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AiGateway.Client.Catalog;

/// <summary>
/// The model catalog: resolves any alias of a model (canonical, provider-native, dotted, dashed, dated,
/// <c>databricks-</c>, creator-prefixed, Cloudflare provider paths, any case) to one <see cref="CatalogModel"/>,
/// builds an ad-hoc model by the mechanical rule for an id it does not know (or refuses it when strict), suggests the
/// nearest ids, and merges a gateway's live model list over what it knows. Starts from the embedded
/// <c>catalog.json</c> (<see cref="CreateDefault"/>) or from any models you give it. Thread-safe.
/// </summary>
public sealed class ModelCatalog : IModelCatalog
{
    /// <summary>How long a fetched model list is reused when no TTL is given: one hour.</summary>
    public static readonly TimeSpan DefaultRefreshTtl = TimeSpan.FromHours(1);

    // The list endpoints answer without auth on Vercel and with the dialect's Bearer key elsewhere; profiles pick
    // the credential by dialect and model, so the request is authenticated as a Chat Completions call would be.
    private static readonly CatalogModel ModelListRequestModel = new("openai/models") { IsKnown = false };
    private static readonly MediaTypeWithQualityHeaderValue AcceptJson = new("application/json");

    private readonly ConcurrentDictionary<Uri, DateTimeOffset> _lastRefreshed = new();
    private readonly object _mergeGate = new();
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private volatile CatalogIndex _index;

    /// <summary>Creates a catalog over <paramref name="models"/>.</summary>
    /// <param name="models">The models (canonical ids must be unique).</param>
    /// <param name="strict">Whether unknown ids fail instead of resolving by the mechanical rule.</param>
    public ModelCatalog(IEnumerable<CatalogModel> models, bool strict = false)
        : this(models, strict, refreshTtl: null, timeProvider: null, logger: null)
    {
    }

    /// <summary>Creates a catalog over <paramref name="models"/>.</summary>
    /// <param name="models">The models (canonical ids must be unique).</param>
    /// <param name="strict">Whether unknown ids fail instead of resolving by the mechanical rule.</param>
    /// <param name="refreshTtl">How long a fetched model list is reused (<see cref="DefaultRefreshTtl"/> when <see langword="null"/>; zero refetches every time).</param>
    /// <param name="timeProvider">The clock for the TTL (<see cref="TimeProvider.System"/> when <see langword="null"/>).</param>
    /// <param name="logger">Where refresh outcomes are logged.</param>
    public ModelCatalog(IEnumerable<CatalogModel> models, bool strict, TimeSpan? refreshTtl, TimeProvider? timeProvider, ILogger? logger)
    {
        ArgumentNullException.ThrowIfNull(models);
        if (refreshTtl is { } ttl && ttl < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(refreshTtl), ttl, "The catalog refresh TTL cannot be negative; use TimeSpan.Zero to refetch on every refresh.");
        }

        _index = new CatalogIndex(models);
        Strict = strict;
        RefreshTtl = refreshTtl ?? DefaultRefreshTtl;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>Gets the models of the embedded <c>catalog.json</c>, in file order.</summary>
    public static IReadOnlyList<CatalogModel> EmbeddedModels => EmbeddedCatalog.Models;

    /// <summary>Gets the header of the embedded <c>catalog.json</c>: where its facts came from.</summary>
    public static string EmbeddedSource => EmbeddedCatalog.Document.Source ?? string.Empty;

    /// <summary>Gets a value indicating whether unknown ids fail.</summary>
    public bool Strict { get; }

    /// <summary>Gets how long a fetched model list is reused before <see cref="RefreshAsync"/> asks the gateway again.</summary>
    public TimeSpan RefreshTtl { get; }

    /// <inheritdoc />
    public IReadOnlyCollection<CatalogModel> Models => _index.Models;

    /// <summary>Creates a catalog over the embedded <c>catalog.json</c>.</summary>
    /// <param name="strict">Whether unknown ids fail instead of resolving by the mechanical rule.</param>
    /// <param name="refreshTtl">How long a fetched model list is reused (<see cref="DefaultRefreshTtl"/> when <see langword="null"/>).</param>
    /// <param name="timeProvider">The clock for the TTL.</param>
    /// <param name="logger">Where refresh outcomes are logged.</param>
    /// <returns>The catalog.</returns>
    public static ModelCatalog CreateDefault(bool strict = false, TimeSpan? refreshTtl = null, TimeProvider? timeProvider = null, ILogger? logger = null) =>
        new(EmbeddedCatalog.Models, strict, refreshTtl, timeProvider, logger);

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
            var suggestions = Suggest(modelId);
            var hint = DidYouMean(suggestions);
            throw new ModelNotFoundException(
                $"Model '{modelId}' is not in the catalog and StrictModels is on, so nothing was sent.{hint} Use a catalog id or alias, add the model to AiGatewayOptions.Catalog, refresh the catalog from the gateway (IModelCatalog.RefreshAsync), or turn StrictModels off to call unknown ids by the mechanical rule.")
            {
                Suggestions = suggestions,
                ModelId = modelId,
            };
        }

        // Aliases[0] keeps the id exactly as the caller wrote it: OpenAI-compatible endpoints get it verbatim.
        var canonical = ModelId.ToCanonical(modelId);
        var slash = canonical.IndexOf('/', StringComparison.Ordinal);
        return new CatalogModel(canonical)
        {
            IsKnown = false,
            Aliases = [modelId.Trim()],
            Capabilities = ModelId.LooksResponsesOnly(canonical[..slash], canonical[(slash + 1)..]) ? ModelCapabilities.ResponsesOnly : ModelCapabilities.None,
        };
    }

    /// <summary>" Did you mean 'a', 'b'?" for the suggestions, or empty when there are none.</summary>
    internal static string DidYouMean(IReadOnlyList<string> suggestions) =>
        suggestions.Count > 0 ? $" Did you mean {string.Join(", ", suggestions.Select(s => "'" + s + "'"))}?" : string.Empty;

    /// <inheritdoc />
    public bool TryFind(string modelId, [NotNullWhen(true)] out CatalogModel? model)
    {
        if (string.IsNullOrWhiteSpace(modelId))
        {
            model = null;
            return false;
        }

        return _index.TryFind(modelId, out model);
    }

    /// <inheritdoc />
    public IReadOnlyList<string> Suggest(string modelId, int count = 3) => Suggest(modelId, gateway: null, count);

    /// <inheritdoc />
    public IReadOnlyList<string> Suggest(string modelId, GatewayKind gateway, int count = 3) => Suggest(modelId, (GatewayKind?)gateway, count);

    /// <inheritdoc />
    public async Task<bool> RefreshAsync(GatewayProfile gateway, HttpClient httpClient, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(gateway);
        ArgumentNullException.ThrowIfNull(httpClient);
        if (gateway.ModelsEndpoint is not { } endpoint)
        {
            AiGatewayLog.CatalogNoModelsEndpoint(_logger, gateway.Name);
            return false;
        }

        var now = _timeProvider.GetUtcNow();
        if (_lastRefreshed.TryGetValue(endpoint, out var at) && now - at < RefreshTtl)
        {
            AiGatewayLog.CatalogRefreshSkipped(_logger, gateway.Name, now - at, RefreshTtl);
            return true;
        }

        List<ModelListEntry> entries;
        try
        {
            entries = await FetchAsync(gateway, endpoint, httpClient, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or OperationCanceledException or IOException
            or InvalidDataException or AiGatewayException or InvalidOperationException or NotSupportedException)
        {
            // Never into chat calls: the catalog keeps what it knows.
            AiGatewayLog.CatalogRefreshFailed(_logger, gateway.Name, endpoint, Describe(ex));
            return false;
        }

        ModelListMerge.Result result;
        lock (_mergeGate)
        {
            result = ModelListMerge.Merge(_index, entries, gateway, _logger);
            _index = new CatalogIndex(result.Models);
        }

        _lastRefreshed[endpoint] = _timeProvider.GetUtcNow();
        AiGatewayLog.CatalogRefreshed(_logger, gateway.Name, endpoint, result.Listed, result.Added, result.Updated, result.Disabled);
        return true;
    }

    private static async Task<List<ModelListEntry>> FetchAsync(GatewayProfile gateway, Uri endpoint, HttpClient httpClient, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, endpoint);
        request.Headers.Accept.Add(AcceptJson);
        gateway.ApplyAuthentication(request, ChatDialect.ChatCompletions, ModelListRequestModel);
        using var response = await httpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidDataException($"the models endpoint answered {(int)response.StatusCode} {response.ReasonPhrase}.");
        }

        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var document = await JsonSerializer.DeserializeAsync(stream, ModelListJsonContext.Default.ModelListDocument, cancellationToken).ConfigureAwait(false);
            return document?.Data ?? document?.Models
                ?? throw new InvalidDataException("the body is not a model list (no 'data' or 'models' array).");
        }
    }

    private static string Describe(Exception ex) => ex switch
    {
        InvalidDataException => SecretRedactor.Redact(ex.Message),
        JsonException => "the body is not valid JSON: " + SecretRedactor.Redact(ex.Message),
        OperationCanceledException => "the request timed out.",
        _ => $"{ex.GetType().Name}: {ExceptionDetail.Describe(ex)}",
    };

    /// <summary>
    /// Ranks catalog models by the edit distance between <paramref name="modelId"/> and their ids, names, aliases and
    /// wire ids (all compared in <see cref="ModelId.Normalize"/> form, creator and <c>databricks-</c> prefixes removed),
    /// leaving out the model the id itself resolves to and matches too far off to be a typo.
    /// </summary>
    private List<string> Suggest(string modelId, GatewayKind? gateway, int count)
    {
        if (string.IsNullOrWhiteSpace(modelId) || count <= 0)
        {
            return [];
        }

        var index = _index;
        var queries = ModelId.LookupKeys(modelId).ToArray();
        var query = queries[^1];
        index.TryFind(modelId, out var self);
        var ranked = new List<(int Distance, int ViaAlias, int Order, string Id)>();
        var order = 0;
        foreach (var model in index.Models)
        {
            order++;
            if (ReferenceEquals(model, self) || (gateway is { } kind && !model.IsListedBy(kind)))
            {
                continue;
            }

            // On a tie, a model whose own id or name is that close beats one reached through an alias or a snapshot id.
            var best = (Distance: int.MaxValue, ViaAlias: 1);
            foreach (var (key, primary) in CatalogIndex.KeysOf(model))
            {
                foreach (var q in queries)
                {
                    var candidate = (Distance: EditDistance(q, key), ViaAlias: primary ? 0 : 1);
                    if (candidate.CompareTo(best) < 0)
                    {
                        best = candidate;
                    }
                }
            }

            // A typo is a few edits; past that the "nearest" model is noise.
            if (best.Distance <= Math.Max(2, query.Length / 3) && best.Distance * 2 < query.Length)
            {
                ranked.Add((best.Distance, best.ViaAlias, order, model.Id));
            }
        }

        ranked.Sort();
        return ranked.Take(count).Select(r => r.Id).ToList();
    }

    /// <summary>Levenshtein distance (insert, delete, substitute each cost 1).</summary>
    internal static int EditDistance(string a, string b)
    {
        if (a.Length == 0)
        {
            return b.Length;
        }

        if (b.Length == 0)
        {
            return a.Length;
        }

        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j], current[j - 1]) + 1);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
