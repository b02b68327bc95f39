using AiGateway.Client.Catalog;
using AiGateway.Client.Routing;

namespace AiGateway.Client.Gateways;

/// <summary>
/// An endpoint given by base URL: its profile says what it serves (Chat Completions unless Responses-only); the
/// canonical id (the router sends the caller's own id when it has one); it publishes no list the catalog knows, so
/// every model counts as listed.
/// </summary>
internal sealed class OpenAICompatibleRouting : GatewayRouting
{
    public static readonly OpenAICompatibleRouting Instance = new();

    private static readonly ChatDialect[] AnyDialect = [ChatDialect.ChatCompletions, ChatDialect.Responses, ChatDialect.Messages, ChatDialect.GenerateContent];

    public override GatewayKind Kind => GatewayKind.OpenAICompatible;

    public override IReadOnlyList<ChatDialect> DialectsFor(ModelFamily family) => AnyDialect;

    public override string WireId(CatalogModel model) => model.Id;
}
