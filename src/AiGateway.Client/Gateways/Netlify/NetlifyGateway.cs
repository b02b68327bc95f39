using AiGateway.Client.Catalog;

namespace AiGateway.Client.Gateways;

/// <summary>
/// Netlify AI Gateway (https://docs.netlify.com/build/ai-gateway/overview): one root URL for every dialect
/// (<c>https://&lt;site&gt;.netlify.app/.netlify/ai/</c>, trailing slash, no <c>/v1</c>) and one short-lived token sent
/// in each dialect's native header, the way the official SDKs send it. Serves OpenAI models over Chat Completions and
/// Responses, Anthropic models over Messages and Google models over generateContent.
/// </summary>
/// <remarks>
/// The token (<c>NETLIFY_AI_GATEWAY_KEY</c>) is re-read on every request: Netlify rotates it and re-injects it per
/// invocation on the Edge runtime. The gateway only answers after the site's first production deploy.
/// </remarks>
internal sealed class NetlifyGateway : GatewayProfile
{
    private static readonly ChatDialect[] AllDialects = [ChatDialect.ChatCompletions, ChatDialect.Responses, ChatDialect.Messages, ChatDialect.GenerateContent];
    private readonly GatewayCredential _key;
    private readonly Uri _chatCompletions;
    private readonly Uri _responses;
    private readonly Uri _messages;

    /// <summary>Creates the profile.</summary>
    /// <param name="root">The gateway root, for example <c>https://my-site.netlify.app/.netlify/ai/</c> (a missing trailing slash is added).</param>
    /// <param name="key">The gateway token, read at send time.</param>
    public NetlifyGateway(Uri root, GatewayCredential key)
        : base(GatewayKind.Netlify, GatewayUri.AsDirectory(root ?? throw new ArgumentNullException(nameof(root))))
    {
        ArgumentNullException.ThrowIfNull(key);
        _key = key;

        // Fixed paths are built once; only Gemini's path carries the model.
        _chatCompletions = GatewayUri.Combine(BaseUri, DialectPaths.ChatCompletions);
        _responses = GatewayUri.Combine(BaseUri, DialectPaths.Responses);
        _messages = GatewayUri.Combine(BaseUri, DialectPaths.Messages);
    }

    /// <inheritdoc />
    public override string Name => "Netlify AI Gateway";

    /// <inheritdoc />
    public override IReadOnlyCollection<ChatDialect> Dialects => AllDialects;

    /// <inheritdoc />
    public override IReadOnlyList<GatewayCredential> Credentials => [_key];

    /// <summary>Serves each provider's models in that provider's dialect only: Netlify proxies each provider's own API.</summary>
    /// <inheritdoc />
    public override bool CanServe(ChatDialect dialect, CatalogModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return (dialect, ModelProviders.Of(model)) switch
        {
            (ChatDialect.Messages, ModelProvider.Anthropic) => true,
            (ChatDialect.GenerateContent, ModelProvider.Google) => true,
            // OpenAI's API; an id the catalog cannot place is tried there and the gateway answers for it.
            (ChatDialect.ChatCompletions or ChatDialect.Responses, ModelProvider.OpenAI or ModelProvider.Other) => true,
            _ => false,
        };
    }

    /// <inheritdoc />
    public override Uri GetEndpoint(ChatDialect dialect, CatalogModel model, string wireModelId, bool streaming) => dialect switch
    {
        ChatDialect.ChatCompletions => _chatCompletions,
        ChatDialect.Responses => _responses,
        ChatDialect.Messages => _messages,
        // Inferred from how the Google SDK builds URLs under a base (unconfirmed by Netlify's docs).
        ChatDialect.GenerateContent => new Uri(BaseUri, DialectPaths.GenerateContent(wireModelId, streaming)),
        _ => throw new NotSupportedException($"{Name} has no endpoint for the {dialect} dialect."),
    };

    /// <inheritdoc />
    public override void ApplyAuthentication(HttpRequestMessage request, ChatDialect dialect, CatalogModel model)
    {
        ArgumentNullException.ThrowIfNull(request);
        var secret = GatewayHeaders.ReadSecret(_key, Name);
        switch (dialect)
        {
            case ChatDialect.Messages:
                GatewayHeaders.SetAnthropicKey(request, secret);
                break;
            case ChatDialect.GenerateContent:
                GatewayHeaders.SetGoogleKey(request, secret);
                break;
            default:
                GatewayHeaders.SetBearer(request, secret);
                break;
        }
    }
}
