using AiGateway.Client.Catalog;
using AiGateway.Client.Gateways;

namespace AiGateway.Client.Routing;

/// <summary>
/// Picks the dialect, endpoint and wire model id for a model on a gateway. FOUNDATION VERSION: Chat Completions
/// with the id the caller passed; the routing table from DESIGN.md replaces this.
/// </summary>
public sealed class Router
{
    /// <summary>Gets the shared router.</summary>
    public static Router Default { get; } = new();

    /// <summary>Routes <paramref name="model"/> on <paramref name="gateway"/>.</summary>
    /// <param name="model">The catalog model.</param>
    /// <param name="gateway">The gateway.</param>
    /// <param name="preferredDialect">A dialect the caller prefers, when the gateway serves it for this model.</param>
    /// <returns>The route.</returns>
    public Route Route(CatalogModel model, GatewayProfile gateway, ChatDialect? preferredDialect = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(gateway);
        var dialect = preferredDialect ?? ChatDialect.ChatCompletions;
        var wireId = model.IsKnown ? model.Name : model.Aliases.FirstOrDefault() ?? model.Name;
        return new Route(
            dialect,
            gateway.GetEndpoint(dialect, model, wireId, streaming: false),
            gateway.GetEndpoint(dialect, model, wireId, streaming: true),
            wireId,
            model,
            gateway);
    }
}
