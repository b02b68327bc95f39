using AiGateway.Client.Catalog;
using AiGateway.Client.Gateways;
using AiGateway.Client.Routing;

namespace AiGateway.Client.Embeddings;

/// <summary>Where and how one embeddings call goes. Credentials are applied at send time by the gateway profile.</summary>
internal sealed class EmbeddingRoute
{
    public EmbeddingRoute(EmbeddingWireShape shape, Uri endpoint, Uri? singleEndpoint, string wireModelId, CatalogModel model, GatewayProfile gateway, int maxBatchSize)
    {
        Shape = shape;
        Endpoint = endpoint;
        SingleEndpoint = singleEndpoint;
        WireModelId = wireModelId;
        Model = model;
        Gateway = gateway;
        MaxBatchSize = maxBatchSize;
        AuthDialect = shape == EmbeddingWireShape.Gemini ? ChatDialect.GenerateContent : ChatDialect.ChatCompletions;

        // The error reader and telemetry describe calls by a chat route; the dialect names whose auth and envelope it is.
        ErrorRoute = new Route(AuthDialect, endpoint, endpoint, wireModelId, model, gateway);
    }

    /// <summary>Gets the wire shape.</summary>
    public EmbeddingWireShape Shape { get; }

    /// <summary>Gets the endpoint of a batch (OpenAI: every call; Gemini: <c>:batchEmbedContents</c>).</summary>
    public Uri Endpoint { get; }

    /// <summary>Gets Gemini's <c>:embedContent</c> endpoint for a single text, else <see langword="null"/>.</summary>
    public Uri? SingleEndpoint { get; }

    /// <summary>Gets the model id as the gateway writes it.</summary>
    public string WireModelId { get; }

    /// <summary>Gets the catalog model.</summary>
    public CatalogModel Model { get; }

    /// <summary>Gets the gateway.</summary>
    public GatewayProfile Gateway { get; }

    /// <summary>Gets the most inputs one request may carry on this route; larger batches are split.</summary>
    public int MaxBatchSize { get; }

    /// <summary>Gets the dialect whose authentication headers the call carries (OpenAI Bearer, or Google's key header).</summary>
    public ChatDialect AuthDialect { get; }

    /// <summary>Gets a chat route describing this call, for <c>ErrorResponseReader</c> and log lines.</summary>
    public Route ErrorRoute { get; }
}
