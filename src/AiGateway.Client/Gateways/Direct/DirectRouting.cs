using AiGateway.Client.Catalog;
using AiGateway.Client.Routing;

namespace AiGateway.Client.Gateways;

/// <summary>The providers' own APIs: each family in its provider's dialect with the provider-native id; nothing else.</summary>
internal sealed class DirectRouting : GatewayRouting
{
    public static readonly DirectRouting Instance = new();

    private static readonly ChatDialect[] None = [];

    public override GatewayKind Kind => GatewayKind.Direct;

    public override IReadOnlyList<ChatDialect> DialectsFor(ModelFamily family) => family switch
    {
        ModelFamily.OpenAI => OpenAIDialects,
        ModelFamily.Anthropic => MessagesOnly,
        ModelFamily.Google => GenerateContentOnly,
        _ => None,
    };

    public override string WireId(CatalogModel model) => ModelId.ToProviderNative(model);

    public override bool Lists(CatalogModel model, ModelFamily family) => family != ModelFamily.Other;
}
