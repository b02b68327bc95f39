using AiGateway.Client.Catalog;
using AiGateway.Client.Routing;

namespace AiGateway.Client.Gateways;

/// <summary>
/// Cloudflare proxies each provider natively (<c>openai/</c>, <c>anthropic/</c>, <c>google-ai-studio/</c>) under the
/// provider-native id, and Workers AI (<c>@cf/</c> ids) over Chat Completions on <c>workers-ai/</c>; its REST API route
/// takes <c>creator/</c> + that id (<see cref="CloudflareRestGateway.WireModelId"/>).
/// </summary>
internal sealed class CloudflareRouting : GatewayRouting
{
    public static readonly CloudflareRouting Instance = new();

    public override GatewayKind Kind => GatewayKind.Cloudflare;

    // The gateway-URL route serves Anthropic on Messages and Google on generateContent only; the REST API route
    // (CloudflareRestGateway) also serves Anthropic over Chat Completions and Google only over it. Each profile's
    // CanServe keeps the dialects it can send.
    private static readonly ChatDialect[] AnthropicDialects = [ChatDialect.Messages, ChatDialect.ChatCompletions];
    private static readonly ChatDialect[] GoogleDialects = [ChatDialect.GenerateContent, ChatDialect.ChatCompletions];

    public override IReadOnlyList<ChatDialect> DialectsFor(ModelFamily family) => family switch
    {
        ModelFamily.OpenAI => OpenAIDialects,
        ModelFamily.Anthropic => AnthropicDialects,
        ModelFamily.Google => GoogleDialects,
        _ => ChatCompletionsOnly,
    };

    public override string WireId(CatalogModel model) => ModelId.ToProviderNative(model);

    public override bool Lists(CatalogModel model, ModelFamily family) =>
        family != ModelFamily.Other || model.Creator == ModelId.WorkersAICreator;
}
