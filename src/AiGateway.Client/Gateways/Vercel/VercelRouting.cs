using AiGateway.Client.Catalog;
using AiGateway.Client.Routing;

namespace AiGateway.Client.Gateways;

/// <summary>
/// Vercel serves every model over Chat Completions, Responses and its Anthropic-compatible Messages endpoint
/// (https://vercel.com/docs/ai-gateway/anthropic-compat: "use any model available through the gateway";
/// https://vercel.com/docs/ai-gateway/sdks-and-apis/responses), under the canonical id (<c>creator/model</c>). It
/// serves every catalog model but Cloudflare's Workers AI ones.
/// </summary>
internal sealed class VercelRouting : GatewayRouting
{
    public static readonly VercelRouting Instance = new();

    private static readonly ChatDialect[] AnyModel = [ChatDialect.ChatCompletions, ChatDialect.Responses, ChatDialect.Messages];
    private static readonly ChatDialect[] Anthropic = [ChatDialect.ChatCompletions, ChatDialect.Messages, ChatDialect.Responses];

    public override GatewayKind Kind => GatewayKind.Vercel;

    public override IReadOnlyList<ChatDialect> DialectsFor(ModelFamily family) => family == ModelFamily.Anthropic ? Anthropic : AnyModel;

    public override string WireId(CatalogModel model) => model.Id;

    public override bool Lists(CatalogModel model, ModelFamily family) => model.Creator != ModelId.WorkersAICreator;
}
