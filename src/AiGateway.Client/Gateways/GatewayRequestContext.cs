using AiGateway.Client.Catalog;
using Microsoft.Extensions.AI;

namespace AiGateway.Client.Gateways;

/// <summary>What one call carries that a gateway may send natively: tags, user, fallback models.</summary>
internal sealed class GatewayRequestContext
{
    /// <summary>Creates the context.</summary>
    /// <param name="dialect">The dialect of the call.</param>
    /// <param name="model">The catalog model.</param>
    public GatewayRequestContext(ChatDialect dialect, CatalogModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        Dialect = dialect;
        Model = model;
    }

    /// <summary>Gets the dialect of the call.</summary>
    public ChatDialect Dialect { get; }

    /// <summary>Gets the catalog model.</summary>
    public CatalogModel Model { get; }

    /// <summary>Gets the attribution tags (for example <c>feature:chat</c>).</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>Gets the end-user id the call is made for.</summary>
    public string? User { get; init; }

    /// <summary>Gets the wire ids of models the gateway itself should fall back to (native fallback), in order.</summary>
    public IReadOnlyList<string> FallbackWireModelIds { get; init; } = [];

    /// <summary>Gets the request's property bag, where the per-gateway options live (<see cref="GatewayRequestOptions"/>).</summary>
    public AdditionalPropertiesDictionary? Properties { get; init; }
}
