using AiGateway.Client.Catalog;
using AiGateway.Client.Gateways;

namespace AiGateway.Client.Tests.Routing;

/// <summary>
/// A gateway profile of any <see cref="GatewayKind"/> that records every <see cref="GetEndpoint"/> call and answers
/// with a URI that encodes the call, so a test can check that the route carries exactly what the profile returned.
/// The real per-gateway profiles are written separately; routing only uses the abstract API.
/// </summary>
public sealed class RecordingGateway : GatewayProfile
{
    public const string AuthHeader = "x-recording-auth";

    private readonly IReadOnlyCollection<ChatDialect> _dialects;
    private readonly Func<ChatDialect, CatalogModel, bool>? _canServe;
    private readonly Uri? _modelsEndpoint;
    private readonly List<EndpointCall> _calls = [];

    public RecordingGateway(
        GatewayKind kind,
        IReadOnlyCollection<ChatDialect>? dialects = null,
        Func<ChatDialect, CatalogModel, bool>? canServe = null,
        Uri? modelsEndpoint = null)
        : base(kind, new Uri($"https://{kind.ToString().ToLowerInvariant()}.gateway.test/root/"))
    {
        _dialects = dialects ?? Enum.GetValues<ChatDialect>();
        _canServe = canServe;
        _modelsEndpoint = modelsEndpoint;
    }

    public IReadOnlyList<EndpointCall> Calls => _calls;

    public override string Name => $"Recording {Kind} gateway";

    public override IReadOnlyCollection<ChatDialect> Dialects => _dialects;

    public override Uri? ModelsEndpoint => _modelsEndpoint;

    public override bool CanServe(ChatDialect dialect, CatalogModel model) =>
        _dialects.Contains(dialect) && (_canServe?.Invoke(dialect, model) ?? true);

    public override Uri GetEndpoint(ChatDialect dialect, CatalogModel model, string wireModelId, bool streaming)
    {
        var uri = new Uri(BaseUri, $"{dialect}/{Uri.EscapeDataString(wireModelId)}/{(streaming ? "stream" : "once")}?call={_calls.Count}");
        _calls.Add(new EndpointCall(dialect, model, wireModelId, streaming, uri));
        return uri;
    }

    public override void ApplyAuthentication(HttpRequestMessage request, ChatDialect dialect, CatalogModel model) =>
        request.Headers.TryAddWithoutValidation(AuthHeader, $"{dialect}");
}

/// <summary>One <see cref="GatewayProfile.GetEndpoint"/> call.</summary>
public sealed record EndpointCall(ChatDialect Dialect, CatalogModel Model, string WireModelId, bool Streaming, Uri Returned);
