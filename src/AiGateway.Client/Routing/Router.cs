using AiGateway.Client.Catalog;
using AiGateway.Client.Gateways;

namespace AiGateway.Client.Routing;

/// <summary>
/// Picks the dialect, endpoint and wire model id for a model on a gateway, by the routing table of docs/gateways.md:
/// <list type="table">
/// <listheader><term>gateway</term><description>OpenAI · Responses-only · Anthropic · Google · other</description></listheader>
/// <item><term>Netlify</term><description>Chat Completions · Responses · Messages · generateContent · Chat Completions</description></item>
/// <item><term>Vercel</term><description>Chat Completions for all but Responses-only (Responses); Messages and Responses on request</description></item>
/// <item><term>Neon</term><description>Responses · Responses · Messages · Chat Completions · Chat Completions</description></item>
/// <item><term>Rebyte</term><description>Chat Completions for all but Responses-only (Responses)</description></item>
/// <item><term>Cloudflare</term><description>Chat Completions · Responses · Messages · generateContent · Chat Completions (Workers AI)</description></item>
/// <item><term>direct provider</term><description>Chat Completions · Responses · Messages · generateContent · none</description></item>
/// </list>
/// The wire id is the gateway's listed id where the catalog has one (<see cref="CatalogModel.WireIds"/>), else
/// <see cref="ModelId.ForGateway"/>. Endpoints and authentication are the <see cref="GatewayProfile"/>'s business.
/// </summary>
internal sealed class Router
{
    /// <summary>Gets the shared router.</summary>
    public static Router Default { get; } = new();

    /// <summary>
    /// Gets the dialects <paramref name="gateway"/> can serve <paramref name="model"/> in: those the routing table
    /// allows for the gateway and model family that the profile can send (<see cref="GatewayProfile.CanServe"/>),
    /// the default first. Empty when the gateway cannot serve the model at all.
    /// </summary>
    /// <param name="model">The catalog model.</param>
    /// <param name="gateway">The gateway.</param>
    /// <returns>The usable dialects, default first.</returns>
    public IReadOnlyList<ChatDialect> GetDialects(CatalogModel model, GatewayProfile gateway)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(gateway);
        return Usable(RoutingTable.DialectsFor(gateway.Kind, ModelFamilies.Of(model)), model, gateway);
    }

    /// <summary>
    /// Gets the model id <paramref name="gateway"/> expects for <paramref name="model"/> in <paramref name="dialect"/>:
    /// the first id the catalog lists for the gateway, else the mechanical rule (<see cref="ModelId.ForGateway"/>).
    /// On an explicit OpenAI-compatible endpoint the provider's own dialects (Messages, generateContent) take the
    /// provider-native id, since those are the providers' APIs and Gemini puts the id in the URL path.
    /// </summary>
    /// <param name="model">The catalog model.</param>
    /// <param name="gateway">The gateway.</param>
    /// <param name="dialect">The dialect of the call.</param>
    /// <param name="requestedModelId">
    /// The id as the caller wrote it. An explicit OpenAI-compatible endpoint gets it verbatim in the OpenAI dialects:
    /// only the caller knows how that endpoint (LiteLLM, vLLM, OpenRouter, Azure…) names its models.
    /// </param>
    /// <returns>The wire id.</returns>
    public string GetWireModelId(CatalogModel model, GatewayProfile gateway, ChatDialect dialect, string? requestedModelId = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(gateway);
        if (gateway.Kind == GatewayKind.OpenAICompatible && dialect is ChatDialect.ChatCompletions or ChatDialect.Responses && !string.IsNullOrEmpty(requestedModelId))
        {
            return requestedModelId;
        }

        if (model.WireIds.TryGetValue(gateway.Kind, out var ids) && ids.Count > 0)
        {
            return gateway.WireModelId(model, ids[0]);
        }

        if (gateway.Kind == GatewayKind.OpenAICompatible && model.IsKnown && dialect is ChatDialect.Messages or ChatDialect.GenerateContent)
        {
            return model.WireIds.TryGetValue(GatewayKind.Direct, out var native) && native.Count > 0 ? native[0] : ModelId.ToProviderNative(model);
        }

        return gateway.WireModelId(model, ModelId.ForGateway(model, gateway.Kind));
    }

    /// <summary>Routes <paramref name="model"/> on <paramref name="gateway"/>.</summary>
    /// <param name="model">The catalog model.</param>
    /// <param name="gateway">The gateway.</param>
    /// <param name="preferredDialect">
    /// A dialect the caller asks for. It is used when the routing table allows it for this gateway and model and the
    /// gateway can send it; otherwise <see cref="DialectNotSupportedException"/> is thrown before anything is sent.
    /// <see langword="null"/> takes the table's default.
    /// </param>
    /// <param name="requestedModelId">The id as the caller wrote it (see <see cref="GetWireModelId"/>).</param>
    /// <returns>The route.</returns>
    /// <exception cref="DialectNotSupportedException">The preferred dialect is not served for this model on this gateway.</exception>
    /// <exception cref="ModelNotFoundException">The gateway cannot serve the model in any dialect.</exception>
    public Route Route(CatalogModel model, GatewayProfile gateway, ChatDialect? preferredDialect = null, string? requestedModelId = null) =>
        Route(model, gateway, preferredDialect, requestedModelId, reusable: null);

    /// <summary>
    /// Routes as <see cref="Route(CatalogModel, GatewayProfile, ChatDialect?, string?)"/>, returning
    /// <paramref name="reusable"/> (a route this router made earlier) instead of a new one when the dialect chosen now,
    /// the model, the gateway and the requested id are the same: a built-in gateway's endpoints and wire ids depend on
    /// nothing else, so the call skips building two URIs and the route. The dialect is still chosen anew every call.
    /// </summary>
    internal Route Route(CatalogModel model, GatewayProfile gateway, ChatDialect? preferredDialect, string? requestedModelId, Route? reusable)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(gateway);

        // The hot path asks the table once and allocates nothing; the usable list is built only for an error message.
        var allowed = RoutingTable.DialectsFor(gateway.Kind, ModelFamilies.Of(model));
        ChatDialect dialect;
        if (preferredDialect is { } preferred)
        {
            if (!allowed.Contains(preferred) || !gateway.CanServe(preferred, model))
            {
                throw NotSupported(model, gateway, preferred, allowed, Usable(allowed, model, gateway));
            }

            dialect = preferred;
        }
        else if (FirstUsable(allowed, model, gateway) is { } first)
        {
            dialect = first;
        }
        else
        {
            throw CannotServe(model, gateway, allowed);
        }

        if (reusable is not null
            && reusable.Dialect == dialect
            && ReferenceEquals(reusable.Model, model)
            && ReferenceEquals(reusable.Gateway, gateway)
            && string.Equals(reusable.RequestedModelId, requestedModelId, StringComparison.Ordinal)
            && gateway.GetType().Assembly == typeof(Router).Assembly)
        {
            return reusable;
        }

        var wireId = GetWireModelId(model, gateway, dialect, requestedModelId);
        return new Route(
            dialect,
            gateway.GetEndpoint(dialect, model, wireId, streaming: false),
            gateway.GetEndpoint(dialect, model, wireId, streaming: true),
            wireId,
            model,
            gateway)
        {
            RequestedModelId = requestedModelId,
        };
    }

    /// <summary>Tells whether <paramref name="gateway"/> can serve <paramref name="model"/> in <paramref name="dialect"/>, without building the list.</summary>
    internal static bool CanRoute(CatalogModel model, GatewayProfile gateway, ChatDialect dialect) =>
        RoutingTable.DialectsFor(gateway.Kind, ModelFamilies.Of(model)).Contains(dialect) && gateway.CanServe(dialect, model);

    private static List<ChatDialect> Usable(IReadOnlyList<ChatDialect> allowed, CatalogModel model, GatewayProfile gateway)
    {
        var usable = new List<ChatDialect>(allowed.Count);
        foreach (var dialect in allowed)
        {
            if (gateway.CanServe(dialect, model))
            {
                usable.Add(dialect);
            }
        }

        return usable;
    }

    private static ChatDialect? FirstUsable(IReadOnlyList<ChatDialect> allowed, CatalogModel model, GatewayProfile gateway)
    {
        foreach (var dialect in allowed)
        {
            if (gateway.CanServe(dialect, model))
            {
                return dialect;
            }
        }

        return null;
    }

    private static DialectNotSupportedException NotSupported(
        CatalogModel model, GatewayProfile gateway, ChatDialect preferred, IReadOnlyList<ChatDialect> allowed, IReadOnlyList<ChatDialect> usable)
    {
        var why = allowed.Contains(preferred)
            ? $"{gateway.Name} cannot send {preferred} with its current configuration (for example, no key for that provider)"
            : model.IsResponsesOnly
                ? $"'{model.Id}' is served only over Responses"
                : $"{gateway.Name} does not serve {Describe(model)} over {preferred}";
        var instead = usable.Count > 0
            ? $"Use {string.Join(" or ", usable)}, or leave the dialect out to get {usable[0]}."
            : $"{gateway.Name} cannot serve this model in any dialect; use another gateway.";
        return new DialectNotSupportedException($"The request asks for {preferred} for model '{model.Id}', but {why}. {instead} Nothing was sent.")
        {
            SupportedDialects = usable,
            Gateway = gateway.Kind,
            Dialect = preferred,
            ModelId = model.Id,
        };
    }

    private static ModelNotFoundException CannotServe(CatalogModel model, GatewayProfile gateway, IReadOnlyList<ChatDialect> allowed)
    {
        var why = allowed.Count == 0
            ? $"it has no route for {Describe(model)}"
            : gateway.CannotServeHint(model) is { } hint
                ? $"the model needs {string.Join(" or ", allowed)}. {hint}"
                : $"the model needs {string.Join(" or ", allowed)}, which this gateway cannot send with its current configuration (for example, no key for that provider)";
        return new ModelNotFoundException(
            $"{gateway.Name} cannot serve model '{model.Id}': {why}. Configure that provider's key, use another gateway, or pick a model this gateway serves. Nothing was sent.")
        {
            Gateway = gateway.Kind,
            ModelId = model.Id,
        };
    }

    private static string Describe(CatalogModel model) => ModelFamilies.Of(model) switch
    {
        ModelFamily.Anthropic => "Anthropic models",
        ModelFamily.Google => "Google models",
        ModelFamily.OpenAI => "OpenAI models",
        ModelFamily.OpenAIResponsesOnly => "Responses-only OpenAI models",
        _ => $"'{model.Creator}' models",
    };
}
