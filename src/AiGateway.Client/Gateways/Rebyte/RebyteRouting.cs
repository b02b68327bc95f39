using AiGateway.Client.Catalog;
using AiGateway.Client.Routing;

namespace AiGateway.Client.Gateways;

/// <summary>
/// Rebyte serves everything over Chat Completions except codex (Responses), under the canonical id without its
/// creator (<c>claude-sonnet-4.5</c>). The catalog carries Rebyte's model list.
/// </summary>
internal sealed class RebyteRouting : GatewayRouting
{
    public static readonly RebyteRouting Instance = new();

    public override GatewayKind Kind => GatewayKind.Rebyte;

    public override bool PublishesModelList => true;

    public override IReadOnlyList<ChatDialect> DialectsFor(ModelFamily family) => family == ModelFamily.OpenAI ? OpenAIDialects : ChatCompletionsOnly;

    public override string WireId(CatalogModel model) => model.Name;
}
