using System.Net.Http.Headers;
using AiGateway.Client.Catalog;
using AiGateway.Client.Gateways;

namespace AiGateway.Client.Tests.Middleware.Failover;

/// <summary>A minimal profile of any <see cref="GatewayKind"/> (for environments with several detected gateways).</summary>
public sealed class KindGateway(GatewayKind kind, string key = KindGateway.Key)
    : GatewayProfile(kind, new Uri($"https://{kind.ToString().ToLowerInvariant()}.gateway.test/"))
{
    public const string Key = "kind-secret-key-0123456789";

    public override IReadOnlyCollection<ChatDialect> Dialects { get; } = Enum.GetValues<ChatDialect>();

    public override bool CanServe(ChatDialect dialect, CatalogModel model) => true;

    public override Uri GetEndpoint(ChatDialect dialect, CatalogModel model, string wireModelId, bool streaming) => new(BaseUri, "chat/completions");

    public override void ApplyAuthentication(HttpRequestMessage request, ChatDialect dialect, CatalogModel model) =>
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
}
