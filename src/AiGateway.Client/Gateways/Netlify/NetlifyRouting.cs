using AiGateway.Client.Catalog;
using AiGateway.Client.Routing;

namespace AiGateway.Client.Gateways;

/// <summary>
/// Netlify proxies each provider's own API, so each family goes to its provider's dialect with the provider-native id;
/// other creators' models go over Chat Completions, through the OpenRouter pair when their creator is known
/// (<see cref="OpenRouterModels"/>, with OpenRouter's id). The catalog carries Netlify's model list.
/// </summary>
internal sealed class NetlifyRouting : GatewayRouting
{
    public static readonly NetlifyRouting Instance = new();

    public override GatewayKind Kind => GatewayKind.Netlify;

    public override bool PublishesModelList => true;

    public override IReadOnlyList<ChatDialect> DialectsFor(ModelFamily family) => family switch
    {
        ModelFamily.OpenAI => OpenAIDialects,
        ModelFamily.Anthropic => MessagesOnly,
        ModelFamily.Google => GenerateContentOnly,
        _ => ChatCompletionsOnly,
    };

    public override string WireId(CatalogModel model) =>
        OpenRouterModels.Serves(model) ? OpenRouterModels.WireId(model) : ModelId.ToProviderNative(model);
}
