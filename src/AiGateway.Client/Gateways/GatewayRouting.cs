using AiGateway.Client.Catalog;
using AiGateway.Client.Routing;

namespace AiGateway.Client.Gateways;

/// <summary>
/// What one gateway knows about models: the dialects it serves each model family in (its row of the routing table
/// in docs/gateways.md), the model id it expects by the mechanical rule, and which catalog models it lists. Each
/// gateway's rules live in its folder (for example <see cref="NetlifyRouting"/>); <see cref="RoutingTable"/>,
/// <see cref="ModelId.ForGateway"/> and <see cref="CatalogModel.IsListedBy"/> ask them through <see cref="For"/>.
/// </summary>
internal abstract class GatewayRouting
{
    private protected static readonly ChatDialect[] ChatCompletionsOnly = [ChatDialect.ChatCompletions];
    private protected static readonly ChatDialect[] OpenAIDialects = [ChatDialect.ChatCompletions, ChatDialect.Responses];
    private protected static readonly ChatDialect[] MessagesOnly = [ChatDialect.Messages];
    private protected static readonly ChatDialect[] GenerateContentOnly = [ChatDialect.GenerateContent];

    /// <summary>Gets the gateway these rules are for.</summary>
    public abstract GatewayKind Kind { get; }

    /// <summary>
    /// Gets a value indicating whether the catalog carries this gateway's own model list, so membership in
    /// <see cref="CatalogModel.WireIds"/> says whether it serves a model (Netlify, Neon, Rebyte).
    /// </summary>
    public virtual bool PublishesModelList => false;

    /// <summary>Gets the rules of <paramref name="kind"/>.</summary>
    public static GatewayRouting For(GatewayKind kind) => kind switch
    {
        GatewayKind.Netlify => NetlifyRouting.Instance,
        GatewayKind.Vercel => VercelRouting.Instance,
        GatewayKind.Neon => NeonRouting.Instance,
        GatewayKind.Rebyte => RebyteRouting.Instance,
        GatewayKind.Cloudflare => CloudflareRouting.Instance,
        GatewayKind.Direct => DirectRouting.Instance,
        _ => OpenAICompatibleRouting.Instance,
    };

    /// <summary>
    /// Gets the dialects this gateway may use for <paramref name="family"/>, the default first. Not asked for
    /// Responses-only models, which every gateway serves over Responses only.
    /// </summary>
    public abstract IReadOnlyList<ChatDialect> DialectsFor(ModelFamily family);

    /// <summary>Gets the id this gateway expects for a model the catalog has no listed id for (the mechanical rule).</summary>
    public abstract string WireId(CatalogModel model);

    /// <summary>Tells whether the catalog knows this gateway to serve <paramref name="model"/> (a known model).</summary>
    public virtual bool Lists(CatalogModel model, ModelFamily family) =>
        PublishesModelList ? model.WireIds.ContainsKey(Kind) : true;
}
