using AiGateway.Client.Catalog;
using AiGateway.Client.Routing;

namespace AiGateway.Client.Gateways;

/// <summary>
/// Neon's unified Chat Completions route serves every model; the native routes serve their own family
/// (https://neon.com/docs/ai-gateway/chat-completions). Its own SDK rule sends <c>gpt-</c> to Responses and
/// <c>claude</c> to Messages, so those are the defaults. Ids have every dot a dash and no creator
/// (<c>claude-sonnet-4-5</c>, <c>gpt-5-4</c>). The catalog carries Neon's model list.
/// </summary>
internal sealed class NeonRouting : GatewayRouting
{
    public static readonly NeonRouting Instance = new();

    private static readonly ChatDialect[] OpenAI = [ChatDialect.Responses, ChatDialect.ChatCompletions];
    private static readonly ChatDialect[] Anthropic = [ChatDialect.Messages, ChatDialect.ChatCompletions];
    private static readonly ChatDialect[] Google = [ChatDialect.ChatCompletions, ChatDialect.GenerateContent];

    public override GatewayKind Kind => GatewayKind.Neon;

    public override bool PublishesModelList => true;

    public override IReadOnlyList<ChatDialect> DialectsFor(ModelFamily family) => family switch
    {
        ModelFamily.OpenAI => OpenAI,
        ModelFamily.Anthropic => Anthropic,
        ModelFamily.Google => Google,
        _ => ChatCompletionsOnly,
    };

    public override string WireId(CatalogModel model) => model.Name.Replace('.', '-');
}
