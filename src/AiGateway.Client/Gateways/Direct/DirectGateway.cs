using AiGateway.Client.Catalog;

namespace AiGateway.Client.Gateways;

/// <summary>
/// No gateway: the providers' own APIs with their own keys. OpenAI (<c>https://api.openai.com/v1/</c>, Bearer) serves
/// Chat Completions and Responses, Anthropic (<c>https://api.anthropic.com/</c>, <c>x-api-key</c>) serves Messages, and
/// Google (<c>https://generativelanguage.googleapis.com/</c>, <c>x-goog-api-key</c>) serves generateContent, each only
/// when its key is set. A user-set base URL replaces a provider's host.
/// </summary>
internal sealed class DirectGateway : GatewayProfile
{
    private readonly GatewayCredential? _openAIKey;
    private readonly GatewayCredential? _anthropicKey;
    private readonly GatewayCredential? _googleKey;
    private readonly ChatDialect[] _dialects;
    private readonly Uri _chatCompletions;
    private readonly Uri _responses;
    private readonly Uri _messages;

    /// <summary>Creates the profile; at least one key is needed.</summary>
    /// <param name="openAIKey">The OpenAI key, or <see langword="null"/>.</param>
    /// <param name="anthropicKey">The Anthropic key, or <see langword="null"/>.</param>
    /// <param name="googleKey">The Google AI Studio (Gemini) key, or <see langword="null"/>.</param>
    /// <param name="openAIBaseUri">The OpenAI base URL (ends in <c>/v1</c>); <see langword="null"/> for <see cref="OpenAIDefaultBaseUri"/>.</param>
    /// <param name="anthropicBaseUri">The Anthropic base URL (no <c>/v1</c>); <see langword="null"/> for <see cref="AnthropicDefaultBaseUri"/>.</param>
    /// <param name="googleBaseUri">The Gemini API base URL (no version); <see langword="null"/> for <see cref="GoogleDefaultBaseUri"/>.</param>
    public DirectGateway(
        GatewayCredential? openAIKey,
        GatewayCredential? anthropicKey,
        GatewayCredential? googleKey,
        Uri? openAIBaseUri = null,
        Uri? anthropicBaseUri = null,
        Uri? googleBaseUri = null)
        : base(GatewayKind.Direct, PrimaryBase(openAIKey, anthropicKey, googleKey, openAIBaseUri, anthropicBaseUri, googleBaseUri))
    {
        _openAIKey = openAIKey;
        _anthropicKey = anthropicKey;
        _googleKey = googleKey;
        OpenAIBaseUri = GatewayUri.AsDirectory(openAIBaseUri ?? OpenAIDefaultBaseUri);
        AnthropicBaseUri = GatewayUri.AsDirectory(anthropicBaseUri ?? AnthropicDefaultBaseUri);
        GoogleBaseUri = GatewayUri.AsDirectory(googleBaseUri ?? GoogleDefaultBaseUri);
        _chatCompletions = GatewayUri.Combine(OpenAIBaseUri, DialectPaths.ChatCompletions);
        _responses = GatewayUri.Combine(OpenAIBaseUri, DialectPaths.Responses);
        _messages = GatewayUri.Combine(AnthropicBaseUri, DialectPaths.Messages);
        var dialects = new List<ChatDialect>(4);
        if (openAIKey is not null)
        {
            dialects.Add(ChatDialect.ChatCompletions);
            dialects.Add(ChatDialect.Responses);
        }

        if (anthropicKey is not null)
        {
            dialects.Add(ChatDialect.Messages);
        }

        if (googleKey is not null)
        {
            dialects.Add(ChatDialect.GenerateContent);
        }

        _dialects = [.. dialects];
    }

    /// <summary>Gets OpenAI's API base, <c>https://api.openai.com/v1/</c>.</summary>
    public static Uri OpenAIDefaultBaseUri { get; } = new("https://api.openai.com/v1/");

    /// <summary>Gets Anthropic's API base, <c>https://api.anthropic.com/</c>.</summary>
    public static Uri AnthropicDefaultBaseUri { get; } = new("https://api.anthropic.com/");

    /// <summary>Gets the Gemini API base, <c>https://generativelanguage.googleapis.com/</c>.</summary>
    public static Uri GoogleDefaultBaseUri { get; } = new("https://generativelanguage.googleapis.com/");

    /// <summary>Gets the OpenAI base URL in use.</summary>
    public Uri OpenAIBaseUri { get; }

    /// <summary>Gets the Anthropic base URL in use.</summary>
    public Uri AnthropicBaseUri { get; }

    /// <summary>Gets the Gemini API base URL in use.</summary>
    public Uri GoogleBaseUri { get; }

    /// <inheritdoc />
    public override string Name
    {
        get
        {
            var providers = new List<string>(3);
            if (_openAIKey is not null)
            {
                providers.Add("OpenAI");
            }

            if (_anthropicKey is not null)
            {
                providers.Add("Anthropic");
            }

            if (_googleKey is not null)
            {
                providers.Add("Google");
            }

            return $"Direct providers ({string.Join(", ", providers)})";
        }
    }

    /// <inheritdoc />
    public override IReadOnlyCollection<ChatDialect> Dialects => _dialects;

    /// <inheritdoc />
    public override IReadOnlyList<GatewayCredential> Credentials =>
        new[] { _openAIKey, _anthropicKey, _googleKey }.OfType<GatewayCredential>().ToArray();

    /// <inheritdoc />
    public override IReadOnlyDictionary<ChatDialect, Uri> DialectBaseUris => _dialects.ToDictionary(
        dialect => dialect,
        dialect => dialect switch
        {
            ChatDialect.Messages => AnthropicBaseUri,
            ChatDialect.GenerateContent => GoogleBaseUri,
            _ => OpenAIBaseUri,
        });

    /// <summary>Gets OpenAI's <c>GET /v1/models</c> when an OpenAI key is set.</summary>
    public override Uri? ModelsEndpoint => _openAIKey is null ? null : GatewayUri.Combine(OpenAIBaseUri, DialectPaths.Models);

    /// <summary>A model is served in its provider's dialect when that provider's key is set (ids the catalog cannot place go to OpenAI's API).</summary>
    /// <inheritdoc />
    public override bool CanServe(ChatDialect dialect, CatalogModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return (dialect, ModelProviders.Of(model)) switch
        {
            (ChatDialect.ChatCompletions or ChatDialect.Responses, ModelProvider.OpenAI or ModelProvider.Other) => _openAIKey is not null,
            (ChatDialect.Messages, ModelProvider.Anthropic) => _anthropicKey is not null,
            (ChatDialect.GenerateContent, ModelProvider.Google) => _googleKey is not null,
            _ => false,
        };
    }

    /// <inheritdoc />
    public override Uri GetEndpoint(ChatDialect dialect, CatalogModel model, string wireModelId, bool streaming) => dialect switch
    {
        ChatDialect.ChatCompletions => _chatCompletions,
        ChatDialect.Responses => _responses,
        ChatDialect.Messages => _messages,
        ChatDialect.GenerateContent => new Uri(GoogleBaseUri, DialectPaths.GenerateContent(wireModelId, streaming)),
        _ => throw new NotSupportedException($"{Name} has no endpoint for the {dialect} dialect."),
    };

    /// <inheritdoc />
    public override void ApplyAuthentication(HttpRequestMessage request, ChatDialect dialect, CatalogModel model)
    {
        ArgumentNullException.ThrowIfNull(request);
        switch (dialect)
        {
            case ChatDialect.Messages:
                GatewayHeaders.SetAnthropicKey(request, GatewayHeaders.ReadSecret(Require(_anthropicKey, "Anthropic", "ANTHROPIC_API_KEY"), Name));
                break;
            case ChatDialect.GenerateContent:
                GatewayHeaders.SetGoogleKey(request, GatewayHeaders.ReadSecret(Require(_googleKey, "Google", "GEMINI_API_KEY (or GOOGLE_API_KEY)"), Name));
                break;
            default:
                GatewayHeaders.SetBearer(request, GatewayHeaders.ReadSecret(Require(_openAIKey, "OpenAI", "OPENAI_API_KEY"), Name));
                break;
        }
    }

    private GatewayCredential Require(GatewayCredential? key, string provider, string variable) =>
        key ?? throw new GatewayConfigurationException($"{Name}: no {provider} key, so {provider}'s API cannot be called directly. Set {variable}.");

    private static Uri PrimaryBase(GatewayCredential? openAIKey, GatewayCredential? anthropicKey, GatewayCredential? googleKey, Uri? openAIBase, Uri? anthropicBase, Uri? googleBase)
    {
        if (openAIKey is not null)
        {
            return GatewayUri.AsDirectory(openAIBase ?? OpenAIDefaultBaseUri);
        }

        if (anthropicKey is not null)
        {
            return GatewayUri.AsDirectory(anthropicBase ?? AnthropicDefaultBaseUri);
        }

        if (googleKey is not null)
        {
            return GatewayUri.AsDirectory(googleBase ?? GoogleDefaultBaseUri);
        }

        throw new ArgumentException("A direct profile needs at least one provider key (OpenAI, Anthropic or Google).", nameof(openAIKey));
    }
}
