using AiGateway.Client.Catalog;
using AiGateway.Client.Gateways;
using AiGateway.Client.Routing;

namespace AiGateway.Client.Embeddings;

/// <summary>
/// Routes an embedding model on a gateway, reading only the facts the gateway profiles already publish (kind,
/// dialect base URLs, which provider keys they hold):
/// <list type="table">
/// <listheader><term>gateway</term><description>route (most inputs per request)</description></listheader>
/// <item><term>Vercel</term><description><c>{root}/v1/embeddings</c>, every model, OpenAI shape (2048)</description></item>
/// <item><term>Neon</term><description><c>H/v1/embeddings</c>, OpenAI shape (150)</description></item>
/// <item><term>Cloudflare</term><description><c>openai/embeddings</c> (2048), <c>workers-ai/v1/embeddings</c> for <c>@cf/</c> models (100), <c>google-ai-studio/v1beta/models/{m}:batchEmbedContents</c> (100)</description></item>
/// <item><term>direct</term><description>OpenAI <c>/v1/embeddings</c> (2048); Gemini <c>:embedContent</c>/<c>:batchEmbedContents</c> (100)</description></item>
/// <item><term>OpenAI-compatible endpoint</term><description><c>{base}/embeddings</c> (2048)</description></item>
/// <item><term>Netlify, Rebyte</term><description>none: <see cref="DialectNotSupportedException"/> naming the gateway</description></item>
/// </list>
/// </summary>
internal static class EmbeddingRouter
{
    /// <summary>
    /// OpenAI: "input … must not exceed … 2048 dimensions or less" for an array of inputs
    /// (https://platform.openai.com/docs/api-reference/embeddings/create#embeddings-create-input).
    /// </summary>
    internal const int OpenAIMaxInputs = 2048;

    /// <summary>Neon: at most 150 inputs a request (docs/gateways.md; https://neon.com/docs/ai-gateway/embeddings).</summary>
    internal const int NeonMaxInputs = 150;

    /// <summary>Gemini <c>batchEmbedContents</c> takes at most 100 requests (https://ai.google.dev/api/embeddings#method:-models.batchembedcontents).</summary>
    internal const int GeminiMaxInputs = 100;

    /// <summary>Workers AI embedding models take at most 100 texts a call (https://developers.cloudflare.com/workers-ai/models/bge-base-en-v1.5/).</summary>
    internal const int WorkersAIMaxInputs = 100;

    public static EmbeddingRoute Route(CatalogModel model, GatewayProfile gateway, string? requestedModelId)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(gateway);
        if (model.IsKnown && (model.Capabilities & ModelCapabilities.Embeddings) == 0)
        {
            throw new InvalidRequestException(
                $"'{model.Id}' is not an embedding model, so it cannot generate embeddings. Use an embedding model such as 'text-embedding-3-small', 'gemini-embedding-001' or (on Neon) 'qwen3-embedding-0-6b'. Nothing was sent.")
            {
                Gateway = gateway.Kind,
                ModelId = model.Id,
            };
        }

        switch (gateway.Kind)
        {
            case GatewayKind.Netlify:
                // Netlify's model list has chat and Gemini image models only (https://docs.netlify.com/build/ai-gateway/overview/).
                throw NotServed(gateway, model, "its model list has chat and image models only, no embedding model");
            case GatewayKind.Rebyte:
                // Rebyte's OpenAI-compatible API has chat/completions, responses and models only (docs/gateways.md, Rebyte: unconfirmed).
                throw NotServed(gateway, model, "its API has chat/completions, responses and models only");
        }

        if (gateway is CloudflareRestGateway rest)
        {
            return RestRoute(rest, model, requestedModelId);
        }

        var provider = ModelProviders.Of(model);
        var google = provider == ModelProvider.Google;
        var wireIdDialect = google && gateway.Kind is GatewayKind.Direct or GatewayKind.Cloudflare ? ChatDialect.GenerateContent : ChatDialect.ChatCompletions;
        var wireId = Router.Default.GetWireModelId(model, gateway, wireIdDialect, requestedModelId);
        if (wireIdDialect == ChatDialect.GenerateContent)
        {
            // Google's own API and Cloudflare's google-ai-studio pass-through: Gemini's embedding methods.
            if (!gateway.CanServe(ChatDialect.GenerateContent, model) || !gateway.DialectBaseUris.TryGetValue(ChatDialect.GenerateContent, out var googleBase))
            {
                throw NoKey(gateway, model, "GEMINI_API_KEY (or GOOGLE_API_KEY)");
            }

            var batch = new Uri(googleBase, "v1beta/" + GeminiMethod(wireId, "batchEmbedContents"));
            var single = new Uri(googleBase, "v1beta/" + GeminiMethod(wireId, "embedContent"));
            return new EmbeddingRoute(EmbeddingWireShape.Gemini, batch, single, wireId, model, gateway, GeminiMaxInputs);
        }

        var workersAI = gateway is CloudflareGateway && ModelProviders.IsWorkersAI(model);
        if (gateway.Kind is GatewayKind.Direct or GatewayKind.Cloudflare && !gateway.CanServe(ChatDialect.ChatCompletions, model))
        {
            throw NoKey(gateway, model, workersAI ? "CLOUDFLARE_API_TOKEN (a token with Workers AI access)" : "OPENAI_API_KEY");
        }

        Uri openAIBase;
        if (gateway is CloudflareGateway cloudflare && workersAI)
        {
            // Workers AI's OpenAI-compatible embeddings (https://developers.cloudflare.com/workers-ai/configuration/open-ai-compatibility/).
            openAIBase = cloudflare.WorkersAIBaseUri;
        }
        else if (!gateway.DialectBaseUris.TryGetValue(ChatDialect.ChatCompletions, out openAIBase!))
        {
            throw NotServed(gateway, model, "it has no OpenAI-compatible route");
        }

        var max = gateway.Kind switch
        {
            GatewayKind.Neon => NeonMaxInputs,
            _ when workersAI => WorkersAIMaxInputs,
            _ => OpenAIMaxInputs,
        };

        // Vercel: https://vercel.com/docs/ai-gateway/sdks-and-apis/openai-chat-completions/embeddings (POST /v1/embeddings);
        // Neon: https://neon.com/docs/ai-gateway/embeddings (H/v1/embeddings); Cloudflare's openai route passes OpenAI's path through.
        return new EmbeddingRoute(EmbeddingWireShape.OpenAI, GatewayUri.Combine(openAIBase, "embeddings"), null, wireId, model, gateway, max);
    }

    /// <summary>
    /// Cloudflare's REST API documents OpenAI-style embeddings for Workers AI models only
    /// (https://developers.cloudflare.com/workers-ai/configuration/open-ai-compatibility/, docs/gateways.md).
    /// </summary>
    private static EmbeddingRoute RestRoute(CloudflareRestGateway rest, CatalogModel model, string? requestedModelId)
    {
        if (!ModelProviders.IsWorkersAI(model))
        {
            throw NotServed(rest, model, "its REST API documents embeddings for Workers AI models (@cf/…) only; set OPENAI_API_KEY or GEMINI_API_KEY to use the gateway URL route, whose provider paths embed");
        }

        var wireId = Router.Default.GetWireModelId(model, rest, ChatDialect.ChatCompletions, requestedModelId);
        return new EmbeddingRoute(EmbeddingWireShape.OpenAI, GatewayUri.Combine(rest.BaseUri, "embeddings"), null, wireId, model, rest, WorkersAIMaxInputs);
    }

    private static string GeminiMethod(string wireId, string method)
    {
        if (wireId.AsSpan().IndexOfAny("?#/ \r\n") >= 0)
        {
            throw new InvalidRequestException($"The Gemini model id '{wireId}' goes into the URL path and must not contain '/', '?', '#' or whitespace.");
        }

        return $"models/{wireId}:{method}";
    }

    private static DialectNotSupportedException NotServed(GatewayProfile gateway, CatalogModel model, string why) =>
        new($"{gateway.Name} does not serve embeddings ({why}), so '{model.Id}' cannot be embedded through it. Use Vercel AI Gateway, Neon AI Gateway, Cloudflare AI Gateway or a provider key (OPENAI_API_KEY, GEMINI_API_KEY) for embeddings. Nothing was sent.")
        {
            Gateway = gateway.Kind,
            ModelId = model.Id,
        };

    private static ModelNotFoundException NoKey(GatewayProfile gateway, CatalogModel model, string variable) =>
        new($"{gateway.Name} cannot embed with '{model.Id}' with its current configuration: it has no key for that provider. Set {variable}, or use another gateway. Nothing was sent.")
        {
            Gateway = gateway.Kind,
            ModelId = model.Id,
        };
}
