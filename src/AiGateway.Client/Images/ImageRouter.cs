using AiGateway.Client.Catalog;
using AiGateway.Client.Gateways;
using AiGateway.Client.Routing;

namespace AiGateway.Client.Images;

/// <summary>
/// Routes an image model on a gateway:
/// <list type="bullet">
/// <item>Gemini image models (catalog flag <c>img</c>) go through generateContent wherever the gateway has it: Netlify,
/// Neon, Cloudflare's google-ai-studio route, Google directly. Vercel has no generateContent route, so they are
/// refused there.</item>
/// <item>OpenAI image models (<c>imagegen</c>) go to <c>images/generations</c> on Vercel (docs/gateways.md: the
/// OpenAI-compatible base serves <c>images/generations</c>), Netlify (GPT Image through the OpenAI route,
/// https://www.netlify.com/changelog/tag/ai-gateway/), Cloudflare's openai route, OpenAI directly and explicit
/// OpenAI-compatible endpoints. Edits with input images (<c>images/edits</c>) only where the gateway passes OpenAI's API
/// through unchanged (Cloudflare, OpenAI, an explicit endpoint); Vercel and Netlify document generation only.</item>
/// </list>
/// </summary>
internal static class ImageRouter
{
    public static ImageRoute Route(CatalogModel model, GatewayProfile gateway, string? requestedModelId, bool edit)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(gateway);
        var gemini = (model.Capabilities & ModelCapabilities.ImageOutput) != 0 || (!model.IsKnown && ModelProviders.Of(model) == ModelProvider.Google);
        var openAI = (model.Capabilities & ModelCapabilities.ImageGeneration) != 0 || (!model.IsKnown && ModelProviders.Of(model) != ModelProvider.Google);
        if (!gemini && !openAI)
        {
            throw new InvalidRequestException(
                $"'{model.Id}' does not generate images. Use an image model such as 'gemini-2.5-flash-image' (Netlify, Cloudflare, Google) or 'gpt-image-1' (Vercel, Cloudflare, OpenAI). Nothing was sent.")
            {
                Gateway = gateway.Kind,
                ModelId = model.Id,
            };
        }

        if (gateway is CloudflareRestGateway)
        {
            // Its /ai/v1 API has chat/completions, responses, messages and embeddings; image models run on /ai/run,
            // another request shape (docs/gateways.md, Cloudflare, "REST inference API").
            throw NotServed(gateway, model, $"{gateway.Name} has no OpenAI images or Gemini generateContent endpoint", "a provider key (OPENAI_API_KEY, GEMINI_API_KEY) for Cloudflare's gateway URL route");
        }

        if (gemini)
        {
            if (!gateway.Dialects.Contains(ChatDialect.GenerateContent))
            {
                throw NotServed(gateway, model, $"{gateway.Name} has no Gemini generateContent route, which Gemini image models answer on", "Netlify, Cloudflare, Neon or GEMINI_API_KEY");
            }

            if (!gateway.CanServe(ChatDialect.GenerateContent, model))
            {
                throw NotServed(gateway, model, $"{gateway.Name} cannot send generateContent for '{model.Id}' with its current configuration (no Google key)", "GEMINI_API_KEY (or GOOGLE_API_KEY)");
            }

            var wireId = Router.Default.GetWireModelId(model, gateway, ChatDialect.GenerateContent, requestedModelId);
            return new ImageRoute(ImageWireShape.GenerateContent, gateway.GetEndpoint(ChatDialect.GenerateContent, model, wireId, streaming: false), wireId, model, gateway);
        }

        var served = gateway.Kind is GatewayKind.Vercel or GatewayKind.Netlify or GatewayKind.Cloudflare or GatewayKind.Direct or GatewayKind.OpenAICompatible;
        if (!served)
        {
            throw NotServed(gateway, model, $"{gateway.Name} does not serve OpenAI's images API", "Vercel, Cloudflare or OPENAI_API_KEY");
        }

        if (edit && gateway.Kind is GatewayKind.Vercel or GatewayKind.Netlify)
        {
            throw NotServed(gateway, model, $"{gateway.Name} documents image generation but not OpenAI's images/edits, so input images cannot be sent", "Cloudflare or OPENAI_API_KEY for edits, or generate without input images");
        }

        if (!gateway.CanServe(ChatDialect.ChatCompletions, model) || !gateway.DialectBaseUris.TryGetValue(ChatDialect.ChatCompletions, out var openAIBase))
        {
            throw NotServed(gateway, model, $"{gateway.Name} cannot call OpenAI's API with its current configuration (no OpenAI key)", "OPENAI_API_KEY");
        }

        var id = Router.Default.GetWireModelId(model, gateway, ChatDialect.ChatCompletions, requestedModelId);
        return new ImageRoute(ImageWireShape.OpenAIImages, GatewayUri.Combine(openAIBase, edit ? "images/edits" : "images/generations"), id, model, gateway);
    }

    private static DialectNotSupportedException NotServed(GatewayProfile gateway, CatalogModel model, string why, string instead) =>
        new($"Images from '{model.Id}' cannot be generated through {gateway.Name}: {why}. Use {instead}. Nothing was sent.")
        {
            Gateway = gateway.Kind,
            ModelId = model.Id,
        };
}
