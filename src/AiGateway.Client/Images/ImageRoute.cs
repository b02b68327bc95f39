using AiGateway.Client.Catalog;
using AiGateway.Client.Gateways;
using AiGateway.Client.Routing;

namespace AiGateway.Client.Images;

/// <summary>Where and how one image call goes. Credentials are applied at send time by the gateway profile.</summary>
internal sealed class ImageRoute
{
    public ImageRoute(ImageWireShape shape, Uri endpoint, string wireModelId, CatalogModel model, GatewayProfile gateway)
    {
        Shape = shape;
        Endpoint = endpoint;
        WireModelId = wireModelId;
        Model = model;
        Gateway = gateway;
        AuthDialect = shape == ImageWireShape.GenerateContent ? ChatDialect.GenerateContent : ChatDialect.ChatCompletions;
        ErrorRoute = new Route(AuthDialect, endpoint, endpoint, wireModelId, model, gateway);
    }

    public ImageWireShape Shape { get; }

    /// <summary>Gets the endpoint: <c>:generateContent</c>, <c>images/generations</c> or <c>images/edits</c>.</summary>
    public Uri Endpoint { get; }

    public string WireModelId { get; }

    public CatalogModel Model { get; }

    public GatewayProfile Gateway { get; }

    /// <summary>Gets the dialect whose authentication headers the call carries.</summary>
    public ChatDialect AuthDialect { get; }

    /// <summary>Gets a chat route describing this call, for <c>ErrorResponseReader</c>.</summary>
    public Route ErrorRoute { get; }
}
