using AiGateway.Client.Gateways;

namespace AiGateway.Client.Routing;

/// <summary>
/// The routing table (docs/gateways.md, "Routing table"): for each gateway and model family, the dialect calls go to
/// by default (first) and the others a caller may prefer. Each gateway's row lives in its folder
/// (<see cref="GatewayRouting"/>); the one rule every gateway shares is here.
/// </summary>
internal static class RoutingTable
{
    private static readonly ChatDialect[] Responses = [ChatDialect.Responses];

    /// <summary>Gets the dialects <paramref name="gateway"/> may use for <paramref name="family"/>, the default first.</summary>
    public static IReadOnlyList<ChatDialect> DialectsFor(GatewayKind gateway, ModelFamily family) =>
        // Responses-only models answer 400 on Chat Completions everywhere.
        family == ModelFamily.OpenAIResponsesOnly ? Responses : GatewayRouting.For(gateway).DialectsFor(family);
}
