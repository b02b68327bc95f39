using AiGateway.Client.Catalog;

namespace AiGateway.Client.Gateways;

/// <summary>
/// Any endpoint that speaks the OpenAI dialects under one base URL with Bearer auth (<c>{base}/chat/completions</c>,
/// <c>{base}/responses</c>, <c>{base}/models</c>): the explicit <see cref="AiGatewayOptions.BaseUrl"/> case.
/// </summary>
internal sealed class OpenAICompatibleGateway : GatewayProfile
{
    private static readonly ChatDialect[] OpenAIDialects = [ChatDialect.ChatCompletions, ChatDialect.Responses];
    private readonly GatewayCredential? _credential;
    private readonly Uri _chatCompletions;
    private readonly Uri _responses;

    /// <summary>Creates the profile.</summary>
    /// <param name="baseUri">The base URL, usually ending in <c>/v1</c>.</param>
    /// <param name="credential">The Bearer credential, or <see langword="null"/> for an endpoint without auth.</param>
    /// <param name="kind">The kind to report (defaults to <see cref="GatewayKind.OpenAICompatible"/>).</param>
    public OpenAICompatibleGateway(Uri baseUri, GatewayCredential? credential, GatewayKind kind = GatewayKind.OpenAICompatible)
        : base(kind, GatewayUri.AsDirectory(baseUri))
    {
        _credential = credential;
        _chatCompletions = GatewayUri.Combine(BaseUri, DialectPaths.ChatCompletions);
        _responses = GatewayUri.Combine(BaseUri, DialectPaths.Responses);
    }

    /// <inheritdoc />
    public override string Name => Kind == GatewayKind.OpenAICompatible ? $"OpenAI-compatible endpoint {BaseUri.Host}" : Kind.ToString();

    /// <inheritdoc />
    public override IReadOnlyCollection<ChatDialect> Dialects => OpenAIDialects;

    /// <inheritdoc />
    public override IReadOnlyList<GatewayCredential> Credentials => _credential is null ? [] : [_credential];

    /// <inheritdoc />
    public override Uri? ModelsEndpoint => GatewayUri.Combine(BaseUri, DialectPaths.Models);

    /// <inheritdoc />
    public override Uri GetEndpoint(ChatDialect dialect, CatalogModel model, string wireModelId, bool streaming) => dialect switch
    {
        ChatDialect.ChatCompletions => _chatCompletions,
        ChatDialect.Responses => _responses,
        _ => throw new NotSupportedException($"{Name} serves only the OpenAI dialects, not {dialect}."),
    };

    /// <inheritdoc />
    public override void ApplyAuthentication(HttpRequestMessage request, ChatDialect dialect, CatalogModel model)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (GatewayHeaders.TryReadSecret(_credential, Name) is { } secret)
        {
            GatewayHeaders.SetBearer(request, secret);
        }
    }
}
