using System.Text.Json;
using AiGateway.Client.Catalog;
using AiGateway.Client.Gateways;

namespace AiGateway.Client.Routing;

/// <summary>
/// Where and how one call goes: the dialect, the absolute endpoint, the model id as the gateway writes it, and any
/// extra non-secret headers. Produced by <see cref="Router"/>; credentials are applied at send time by the
/// <see cref="GatewayProfile"/>, never stored here.
/// </summary>
public sealed class Route
{
    /// <summary>Creates a route.</summary>
    /// <param name="dialect">The wire dialect.</param>
    /// <param name="endpoint">The absolute URI of a non-streaming call.</param>
    /// <param name="streamingEndpoint">The absolute URI of a streaming call (differs only for Gemini).</param>
    /// <param name="wireModelId">The model id as this gateway expects it on the wire.</param>
    /// <param name="model">The catalog model.</param>
    /// <param name="gateway">The gateway the call goes through.</param>
    /// <param name="headers">Extra non-secret headers (for example <c>anthropic-version</c>).</param>
    internal Route(
        ChatDialect dialect,
        Uri endpoint,
        Uri streamingEndpoint,
        string wireModelId,
        CatalogModel model,
        GatewayProfile gateway,
        IReadOnlyList<KeyValuePair<string, string>>? headers = null)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(streamingEndpoint);
        ArgumentException.ThrowIfNullOrEmpty(wireModelId);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(gateway);
        Dialect = dialect;
        Endpoint = endpoint;
        StreamingEndpoint = streamingEndpoint;
        WireModelId = wireModelId;
        Model = model;
        Gateway = gateway;
        Headers = headers ?? [];
    }

    /// <summary>Gets the wire dialect.</summary>
    public ChatDialect Dialect { get; }

    /// <summary>Gets the absolute URI of a non-streaming call.</summary>
    public Uri Endpoint { get; }

    /// <summary>Gets the absolute URI of a streaming call.</summary>
    public Uri StreamingEndpoint { get; }

    /// <summary>Gets the model id as the gateway expects it on the wire.</summary>
    public string WireModelId { get; }

    /// <summary>
    /// Gets <see cref="WireModelId"/> encoded for a JSON writer, made on first use and kept with the route (boxed, so
    /// threads never see half of it): a body writer copies it instead of escaping and transcoding it per request.
    /// </summary>
    internal JsonEncodedText WireModelIdJson => _wireModelIdJson is JsonEncodedText encoded
        ? encoded
        : (JsonEncodedText)(_wireModelIdJson = JsonEncodedText.Encode(WireModelId));

    private object? _wireModelIdJson;

    /// <summary>Gets the catalog model the call is for.</summary>
    public CatalogModel Model { get; }

    /// <summary>Gets the gateway the call goes through.</summary>
    public GatewayProfile Gateway { get; }

    /// <summary>Gets the model id the caller asked for, which the route was made for (see <see cref="Router"/>).</summary>
    internal string? RequestedModelId { get; init; }

    /// <summary>Gets extra non-secret request headers.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Gateway.Kind} {Dialect} {Endpoint} model={WireModelId}";
}
