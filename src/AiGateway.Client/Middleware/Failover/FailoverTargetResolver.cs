using System.Collections.Concurrent;
using AiGateway.Client.Catalog;
using AiGateway.Client.Diagnostics;
using AiGateway.Client.Gateways;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace AiGateway.Client.Middleware.Failover;

/// <summary>
/// Works out the targets of a request, in the order they are tried: its own model, its per-request fallback models,
/// the configured <see cref="FailoverOptions.Targets"/>, then the other detected gateways, duplicates removed. What it
/// learns from the inner pipeline (detected gateways, catalog, default model) it asks for once.
/// </summary>
internal sealed class FailoverTargetResolver
{
    private const int MaxRemembered = 256;

    private readonly IChatClient _inner;
    private readonly FailoverOptions _options;
    private readonly ILogger _logger;

    // The targets of requests without per-request fallback models depend only on the requested model and gateway:
    // resolved once each, so the usual call (its own model answers) resolves nothing. Bounded, as model ids come from callers.
    private readonly ConcurrentDictionary<(string? Model, GatewayKind? Gateway), FailoverTargetList> _resolved = new();
    private InnerFacts? _facts;
    private LastResolved? _last;

    public FailoverTargetResolver(IChatClient inner, FailoverOptions options, ILogger logger)
    {
        _inner = inner;
        _options = options;
        _logger = logger;
    }

    private InnerFacts Facts => _facts ??= InnerFacts.From(_inner);

    /// <summary>The breaker identity of a target named by the app; what it leaves unset means the default model and the primary gateway.</summary>
    public FailoverTargetKey KeyOf(FailoverTarget target)
    {
        var facts = Facts;
        return KeyOf(facts, target.ModelId ?? facts.DefaultModel, target.Gateway ?? facts.Environment?.Primary.Kind);
    }

    /// <summary>The request's own target, then its fallback models, the configured targets and the other detected gateways; duplicates removed.</summary>
    public FailoverTargetList Resolve(ChatOptions? options)
    {
        var facts = Facts;
        var requestedModel = options?.ModelId ?? facts.DefaultModel;
        var requestedGateway = GatewayOf(options) ?? facts.Environment?.Primary.Kind;
        var fallbackModels = options.GetFallbackModels();
        if (fallbackModels.Count > 0)
        {
            return new FailoverTargetList(Resolve(facts, requestedModel, requestedGateway, fallbackModels));
        }

        // Most apps send one model again and again: the last answer is checked before hashing the key.
        if (Volatile.Read(ref _last) is { } last && string.Equals(last.Model, requestedModel, StringComparison.Ordinal) && last.Gateway == requestedGateway)
        {
            return last.Targets;
        }

        if (!_resolved.TryGetValue((requestedModel, requestedGateway), out var resolved))
        {
            resolved = new FailoverTargetList(Resolve(facts, requestedModel, requestedGateway, fallbackModels));
            if (_resolved.Count < MaxRemembered)
            {
                _resolved.TryAdd((requestedModel, requestedGateway), resolved);
            }
        }

        Volatile.Write(ref _last, new LastResolved(requestedModel, requestedGateway, resolved));
        return resolved;
    }

    private ResolvedFailoverTarget[] Resolve(InnerFacts facts, string? requestedModel, GatewayKind? requestedGateway, IReadOnlyList<string> fallbackModels)
    {
        var environment = facts.Environment;
        var targets = new List<ResolvedFailoverTarget>(2);
        var seen = new HashSet<FailoverTargetKey>();

        Add(requestedModel, requestedGateway, isRequested: true);
        foreach (var model in fallbackModels)
        {
            if (!string.IsNullOrWhiteSpace(model))
            {
                Add(model, requestedGateway, isRequested: false);
            }
        }

        foreach (var target in _options.Targets)
        {
            Add(target.ModelId ?? requestedModel, target.Gateway ?? requestedGateway, isRequested: false);
        }

        if (_options.FailOverToDetectedGateways && environment is { Detected.Count: > 1 })
        {
            foreach (var gateway in environment.Detected)
            {
                Add(requestedModel, gateway.Kind, isRequested: false);
            }
        }

        return [.. targets];

        void Add(string? model, GatewayKind? gateway, bool isRequested)
        {
            var target = new FailoverTarget(model, gateway);
            if (!isRequested && gateway is { } kind && environment is not null && !environment.Detected.Any(g => g.Kind == kind))
            {
                AiGatewayLog.FailoverTargetNotDetected(_logger, target.ToString(), kind.ToString());
                return;
            }

            var key = KeyOf(facts, model, gateway);
            if (seen.Add(key))
            {
                targets.Add(new ResolvedFailoverTarget(target, key, isRequested));
            }
        }
    }

    private static FailoverTargetKey KeyOf(InnerFacts facts, string? modelId, GatewayKind? gateway)
    {
        var model = modelId;
        if (model is not null && facts.Catalog is { } catalog)
        {
            try
            {
                // Aliases of one model share one breaker: gpt-5-mini and openai/gpt-5-mini are the same target.
                model = catalog.Resolve(model).Id;
            }
            catch (AiGatewayException)
            {
                // A strict catalog rejects unknown ids; the call itself will say so. Key by the raw id.
            }
        }

        return new FailoverTargetKey(model?.ToLowerInvariant() ?? string.Empty, gateway);
    }

    private static GatewayKind? GatewayOf(ChatOptions? options) =>
        options?.AdditionalProperties?.TryGetValue(AiGatewayPropertyKeys.Gateway, out var value) == true
            ? value switch
            {
                GatewayKind kind => kind,
                GatewayProfile profile => profile.Kind,
                string name when Enum.TryParse<GatewayKind>(name, ignoreCase: true, out var parsed) => parsed,
                _ => null,
            }
            : null;

    /// <summary>The last request's model and gateway and the targets they gave.</summary>
    private sealed record LastResolved(string? Model, GatewayKind? Gateway, FailoverTargetList Targets);

    /// <summary>What failover learns from the inner pipeline once: the detected gateways, the catalog and the default model.</summary>
    private sealed record InnerFacts(GatewayEnvironment? Environment, IModelCatalog? Catalog, string? DefaultModel)
    {
        public static InnerFacts From(IChatClient inner) => new(
            inner.GetService(typeof(GatewayEnvironment)) as GatewayEnvironment,
            inner.GetService(typeof(IModelCatalog)) as IModelCatalog,
            (inner.GetService(typeof(ChatClientMetadata)) as ChatClientMetadata)?.DefaultModelId);
    }
}
