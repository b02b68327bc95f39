using AiGateway.Client.Catalog;

namespace AiGateway.Client.Gateways;

/// <summary>
/// Rebyte AI Gateway: OpenAI-compatible, one base URL ending in exactly one <c>/v1</c>
/// (default <c>https://api.rebyte.ai/api/ai/v1/</c>) with <c>chat/completions</c>, <c>responses</c> (codex models) and
/// <c>models</c>, and <c>Authorization: Bearer</c> with an <c>aig_</c> key. Every model is served over Chat Completions;
/// OpenAI models also over Responses.
/// </summary>
internal sealed class RebyteGateway : GatewayProfile
{
    private static readonly ChatDialect[] RebyteDialects = [ChatDialect.ChatCompletions, ChatDialect.Responses];
    private readonly GatewayCredential _key;
    private readonly Uri _chatCompletions;
    private readonly Uri _responses;

    /// <summary>Creates the profile.</summary>
    /// <param name="baseUri">The base URL; sources disagree on whether it carries <c>/v1</c>, so it is normalised to exactly one.</param>
    /// <param name="key">The <c>aig_</c> key, read at send time.</param>
    public RebyteGateway(Uri baseUri, GatewayCredential key)
        : base(GatewayKind.Rebyte, GatewayUri.WithSingleTrailingSegment(baseUri ?? throw new ArgumentNullException(nameof(baseUri)), "v1"))
    {
        ArgumentNullException.ThrowIfNull(key);
        _key = key;
        _chatCompletions = GatewayUri.Combine(BaseUri, DialectPaths.ChatCompletions);
        _responses = GatewayUri.Combine(BaseUri, DialectPaths.Responses);
    }

    /// <summary>Gets the default base URL, <c>https://api.rebyte.ai/api/ai/v1/</c>.</summary>
    public static Uri DefaultBaseUri { get; } = new("https://api.rebyte.ai/api/ai/v1/");

    /// <inheritdoc />
    public override string Name => "Rebyte AI Gateway";

    /// <inheritdoc />
    public override IReadOnlyCollection<ChatDialect> Dialects => RebyteDialects;

    /// <inheritdoc />
    public override IReadOnlyList<GatewayCredential> Credentials => [_key];

    /// <inheritdoc />
    public override Uri? ModelsEndpoint => GatewayUri.Combine(BaseUri, DialectPaths.Models);

    /// <inheritdoc />
    public override bool CanServe(ChatDialect dialect, CatalogModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return dialect switch
        {
            ChatDialect.ChatCompletions => true,
            ChatDialect.Responses => ModelProviders.Of(model) is ModelProvider.OpenAI or ModelProvider.Other,
            _ => false,
        };
    }

    /// <inheritdoc />
    public override Uri GetEndpoint(ChatDialect dialect, CatalogModel model, string wireModelId, bool streaming) => dialect switch
    {
        ChatDialect.ChatCompletions => _chatCompletions,
        ChatDialect.Responses => _responses,
        _ => throw new NotSupportedException($"{Name} serves only the OpenAI dialects (Chat Completions, Responses), not {dialect}."),
    };

    /// <inheritdoc />
    public override void ApplyAuthentication(HttpRequestMessage request, ChatDialect dialect, CatalogModel model)
    {
        ArgumentNullException.ThrowIfNull(request);
        GatewayHeaders.SetBearer(request, GatewayHeaders.ReadSecret(_key, Name));
    }
}
