using AiGateway.Client.Catalog;

namespace AiGateway.Client.Gateways;

/// <summary>
/// Neon AI Gateway (branch-scoped, https://neon.com/docs/ai-gateway/get-started): every dialect under one bare host
/// <c>H</c> with <c>Authorization: Bearer</c> on every dialect (the Gemini route ignores <c>x-goog-api-key</c>):
/// <c>H/v1/chat/completions</c>, <c>H/openai/v1/responses</c>, <c>H/anthropic/v1/messages</c>,
/// <c>H/gemini/v1beta/models/{m}:generateContent</c>, and the model list at <c>H/v1/models</c>.
/// </summary>
internal sealed class NeonGateway : GatewayProfile
{
    private static readonly ChatDialect[] NeonDialects = [ChatDialect.ChatCompletions, ChatDialect.Responses, ChatDialect.Messages, ChatDialect.GenerateContent];
    private readonly GatewayCredential _token;
    private readonly Uri _chatCompletions;
    private readonly Uri _responses;
    private readonly Uri _messages;
    private readonly Uri _geminiBase;

    /// <summary>Creates the profile.</summary>
    /// <param name="host">The branch's gateway host, for example <c>https://br-x-api.ai.c-2.us-east-2.aws.neon.tech</c>; any path is ignored.</param>
    /// <param name="token">The <c>nt_live_</c> credential, read at send time.</param>
    public NeonGateway(Uri host, GatewayCredential token)
        : base(GatewayKind.Neon, GatewayUri.Root(host ?? throw new ArgumentNullException(nameof(host))))
    {
        ArgumentNullException.ThrowIfNull(token);
        _token = token;
        _chatCompletions = GatewayUri.Combine(BaseUri, "v1/" + DialectPaths.ChatCompletions);
        _responses = GatewayUri.Combine(BaseUri, "openai/v1/" + DialectPaths.Responses);
        _messages = GatewayUri.Combine(BaseUri, "anthropic/" + DialectPaths.Messages);
        _geminiBase = GatewayUri.Combine(BaseUri, "gemini/");
    }

    /// <inheritdoc />
    public override string Name => "Neon AI Gateway";

    /// <inheritdoc />
    public override IReadOnlyCollection<ChatDialect> Dialects => NeonDialects;

    /// <inheritdoc />
    public override IReadOnlyList<GatewayCredential> Credentials => [_token];

    /// <inheritdoc />
    public override IReadOnlyDictionary<ChatDialect, Uri> DialectBaseUris => new Dictionary<ChatDialect, Uri>
    {
        [ChatDialect.ChatCompletions] = GatewayUri.Combine(BaseUri, "v1/"),
        [ChatDialect.Responses] = GatewayUri.Combine(BaseUri, "openai/v1/"),
        [ChatDialect.Messages] = GatewayUri.Combine(BaseUri, "anthropic/"),
        [ChatDialect.GenerateContent] = _geminiBase,
    };

    /// <summary>Gets <c>GET H/v1/models</c>, the branch's model catalog (prices are null there).</summary>
    public override Uri? ModelsEndpoint => GatewayUri.Combine(BaseUri, "v1/models");

    /// <summary>
    /// Chat Completions serves every model; Responses serves OpenAI models, Messages Anthropic models and
    /// generateContent Google models (Neon's own routing rule, which its AI SDK provider follows).
    /// </summary>
    /// <inheritdoc />
    public override bool CanServe(ChatDialect dialect, CatalogModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return (dialect, ModelProviders.Of(model)) switch
        {
            (ChatDialect.ChatCompletions, _) => true,
            (ChatDialect.Responses, ModelProvider.OpenAI) => true,
            (ChatDialect.Messages, ModelProvider.Anthropic) => true,
            (ChatDialect.GenerateContent, ModelProvider.Google) => true,
            _ => false,
        };
    }

    /// <inheritdoc />
    public override Uri GetEndpoint(ChatDialect dialect, CatalogModel model, string wireModelId, bool streaming) => dialect switch
    {
        ChatDialect.ChatCompletions => _chatCompletions,
        ChatDialect.Responses => _responses,
        ChatDialect.Messages => _messages,
        // Streaming is ':streamGenerateContent'; whether Neon honours '?alt=sse' is unconfirmed, but it is what the
        // Google SDK sends, so Neon's Gemini route has to accept it.
        ChatDialect.GenerateContent => new Uri(_geminiBase, DialectPaths.GenerateContent(wireModelId, streaming)),
        _ => throw new NotSupportedException($"{Name} has no endpoint for the {dialect} dialect."),
    };

    /// <summary>Sets <c>Authorization: Bearer</c> on every dialect, plus <c>anthropic-version</c> on Messages.</summary>
    /// <inheritdoc />
    public override void ApplyAuthentication(HttpRequestMessage request, ChatDialect dialect, CatalogModel model)
    {
        ArgumentNullException.ThrowIfNull(request);
        GatewayHeaders.SetBearerOnEveryDialect(request, dialect, GatewayHeaders.ReadSecret(_token, Name));
    }
}
