using AiGateway.Client.Catalog;
using AiGateway.Client.Routing;

namespace AiGateway.Client.Gateways;

/// <summary>
/// Cloudflare proxies each provider natively (<c>openai/</c>, <c>anthropic/</c>, <c>google-ai-studio/</c>) under the
/// provider-native id, and Workers AI (<c>@cf/</c> ids) over Chat Completions on <c>workers-ai/</c>.
/// </summary>
internal sealed class CloudflareRouting : GatewayRouting
{
    public static readonly CloudflareRouting Instance = new();

    public override GatewayKind Kind => GatewayKind.Cloudflare;

    public override IReadOnlyList<ChatDialect> DialectsFor(ModelFamily family) => family switch
    {
        ModelFamily.OpenAI => OpenAIDialects,
        ModelFamily.Anthropic => MessagesOnly,
        ModelFamily.Google => GenerateContentOnly,
        _ => ChatCompletionsOnly,
    };

    public override string WireId(CatalogModel model) => ModelId.ToProviderNative(model);

    public override bool Lists(CatalogModel model, ModelFamily family) =>
        family != ModelFamily.Other || model.Creator == ModelId.WorkersAICreator;
}
