using AiGateway.Client.Catalog;

namespace AiGateway.Client.Gateways;

/// <summary>
/// Netlify AI Gateway (https://docs.netlify.com/build/ai-gateway/overview): one root URL for every dialect
/// (<c>https://&lt;site&gt;.netlify.app/.netlify/ai/</c>, trailing slash, no <c>/v1</c>) and one short-lived token sent
/// in each dialect's native header, the way the official SDKs send it. Serves OpenAI models over Chat Completions and
/// Responses, Anthropic models over Messages and Google models over generateContent; other creators' models
/// (DeepSeek, Meta, Mistral, Qwen, xAI, …) over Chat Completions through the OpenRouter pair Netlify injects
/// (<c>OPENROUTER_API_KEY</c>/<c>OPENROUTER_BASE_URL</c>), when it is there.
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
    private readonly Uri? _openRouterBase;
    private readonly Uri? _openRouterChatCompletions;

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

    /// <summary>Gets the base URL of Netlify's OpenRouter pair (<c>OPENROUTER_BASE_URL</c>), or <see langword="null"/> without the pair.</summary>
    public Uri? OpenRouterBaseUri
    {
        get => _openRouterBase;
        init
        {
            _openRouterBase = value is null ? null : GatewayUri.AsDirectory(value);
            _openRouterChatCompletions = _openRouterBase is null ? null : GatewayUri.Combine(_openRouterBase, DialectPaths.ChatCompletions);
        }
    }

    /// <summary>Gets the key of Netlify's OpenRouter pair (<c>OPENROUTER_API_KEY</c>, read at send time), or <see langword="null"/>.</summary>
    public GatewayCredential? OpenRouterKey { get; init; }

    /// <inheritdoc />
    public override string Name => "Netlify AI Gateway";

    /// <inheritdoc />
    public override IReadOnlyCollection<ChatDialect> Dialects => AllDialects;

    /// <inheritdoc />
    public override IReadOnlyList<GatewayCredential> Credentials => OpenRouterKey is { } openRouter ? [_key, openRouter] : [_key];

    /// <summary>Gets a value indicating whether the OpenRouter pair is there (other creators' models can be served).</summary>
    internal bool HasOpenRouter => _openRouterChatCompletions is not null && OpenRouterKey is not null;

    /// <summary>
    /// Serves each provider's models in that provider's dialect only: Netlify proxies each provider's own API. Other
    /// creators' models go over Chat Completions through the OpenRouter pair, so only when it is there.
    /// </summary>
    /// <inheritdoc />
    public override bool CanServe(ChatDialect dialect, CatalogModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (OpenRouterModels.Serves(model))
        {
            return dialect == ChatDialect.ChatCompletions && HasOpenRouter;
        }

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
        ChatDialect.ChatCompletions when _openRouterChatCompletions is { } openRouter && OpenRouterModels.Serves(model) => openRouter,
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
        ArgumentNullException.ThrowIfNull(model);
        if (dialect == ChatDialect.ChatCompletions && OpenRouterKey is { } openRouterKey && OpenRouterModels.Serves(model))
        {
            GatewayHeaders.SetBearer(request, GatewayHeaders.ReadSecret(openRouterKey, Name));
            return;
        }

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

    /// <inheritdoc />
    internal override string? CannotServeHint(CatalogModel model) =>
        OpenRouterModels.Serves(model) && !HasOpenRouter
            ? $"Netlify serves '{model.Creator}' models through its OpenRouter pair, which is not set: Netlify injects {NetlifyVariables.OpenRouterKey} and {NetlifyVariables.OpenRouterBaseUrl} at runtime (outside Netlify, set both)"
            : null;
}
