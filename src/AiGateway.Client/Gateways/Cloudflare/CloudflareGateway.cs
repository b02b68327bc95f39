using System.Buffers;
using System.Text;
using System.Text.Json;
using AiGateway.Client.Catalog;

namespace AiGateway.Client.Gateways;

/// <summary>
/// Cloudflare AI Gateway as a provider-native proxy: <c>https://gateway.ai.cloudflare.com/v1/{account}/{gateway}/{provider}/…</c>
/// with each provider's own body and auth header (https://developers.cloudflare.com/ai-gateway/usage/providers/):
/// <c>openai/chat/completions</c>, <c>openai/responses</c>, <c>anthropic/v1/messages</c>,
/// <c>google-ai-studio/v1beta/models/{m}:generateContent</c>, and <c>workers-ai/v1/chat/completions</c> for
/// <c>@cf/…</c> models.
/// </summary>
/// <remarks>
/// <para>
/// A provider key, when one is set, goes in that provider's native header; <c>cf-aig-authorization: Bearer</c>
/// carries the gateway token of an authenticated gateway
/// (https://developers.cloudflare.com/ai-gateway/configuration/authentication/). With a gateway token and no
/// provider key, the call relies on keys stored in the gateway (BYOK) or Unified Billing, so it is still sent.
/// </para>
/// <para>
/// Tags and user go in <c>cf-aig-metadata</c>, which keeps at most five flat entries
/// (https://developers.cloudflare.com/ai-gateway/observability/custom-metadata/). To stay under that limit whatever
/// the number of tags, tags are folded into one entry: <c>{"tags":"feature:chat,team:web","user":"u-1"}</c>.
/// A tag that contains a comma therefore cannot be sent and is an <see cref="ArgumentException"/>.
/// </para>
/// </remarks>
internal sealed class CloudflareGateway : GatewayProfile
{
    /// <summary>The gateway host, <c>gateway.ai.cloudflare.com</c>.</summary>
    public const string Host = "gateway.ai.cloudflare.com";

    private static readonly ChatDialect[] CloudflareDialects = [ChatDialect.ChatCompletions, ChatDialect.Responses, ChatDialect.Messages, ChatDialect.GenerateContent];
    private static readonly JsonEncodedText TagsProperty = JsonEncodedText.Encode("tags");
    private static readonly JsonEncodedText UserProperty = JsonEncodedText.Encode("user");
    private readonly Uri _openAIChatCompletions;
    private readonly Uri _openAIResponses;
    private readonly Uri _anthropicMessages;
    private readonly Uri _workersAIChatCompletions;
    private readonly Uri _googleBase;

    /// <summary>Creates the profile.</summary>
    /// <param name="accountId">The Cloudflare account id (32 hexadecimal characters).</param>
    /// <param name="gatewayId">The AI Gateway's id (its name).</param>
    public CloudflareGateway(string accountId, string gatewayId)
        : base(GatewayKind.Cloudflare, BuildBase(accountId, gatewayId))
    {
        AccountId = accountId;
        GatewayId = gatewayId;
        WorkersAIBaseUri = GatewayUri.Combine(BaseUri, "workers-ai/v1/");
        _openAIChatCompletions = GatewayUri.Combine(BaseUri, "openai/" + DialectPaths.ChatCompletions);
        _openAIResponses = GatewayUri.Combine(BaseUri, "openai/" + DialectPaths.Responses);
        _anthropicMessages = GatewayUri.Combine(BaseUri, "anthropic/" + DialectPaths.Messages);
        _workersAIChatCompletions = GatewayUri.Combine(WorkersAIBaseUri, DialectPaths.ChatCompletions);
        _googleBase = GatewayUri.Combine(BaseUri, "google-ai-studio/");
    }

    /// <summary>Gets the Cloudflare account id.</summary>
    public string AccountId { get; }

    /// <summary>Gets the AI Gateway id.</summary>
    public string GatewayId { get; }

    /// <summary>Gets the gateway token sent as <c>cf-aig-authorization</c> (authenticated gateways, BYOK, Unified Billing).</summary>
    public GatewayCredential? GatewayToken { get; init; }

    /// <summary>Gets the OpenAI key (<c>Authorization: Bearer</c> on the <c>openai</c> route).</summary>
    public GatewayCredential? OpenAIKey { get; init; }

    /// <summary>Gets the Anthropic key (<c>x-api-key</c> on the <c>anthropic</c> route).</summary>
    public GatewayCredential? AnthropicKey { get; init; }

    /// <summary>Gets the Google AI Studio key (<c>x-goog-api-key</c> on the <c>google-ai-studio</c> route).</summary>
    public GatewayCredential? GoogleKey { get; init; }

    /// <summary>Gets the Cloudflare API token with Workers AI access (<c>Authorization: Bearer</c> on the <c>workers-ai</c> route).</summary>
    public GatewayCredential? WorkersAIToken { get; init; }

    /// <inheritdoc />
    public override string Name => "Cloudflare AI Gateway";

    /// <inheritdoc />
    public override IReadOnlyCollection<ChatDialect> Dialects => CloudflareDialects;

    /// <inheritdoc />
    public override IReadOnlyList<GatewayCredential> Credentials =>
        new[] { GatewayToken, OpenAIKey, AnthropicKey, GoogleKey, WorkersAIToken }.OfType<GatewayCredential>().ToArray();

    /// <inheritdoc />
    public override IReadOnlyDictionary<ChatDialect, Uri> DialectBaseUris => new Dictionary<ChatDialect, Uri>
    {
        [ChatDialect.ChatCompletions] = GatewayUri.Combine(BaseUri, "openai/"),
        [ChatDialect.Responses] = GatewayUri.Combine(BaseUri, "openai/"),
        [ChatDialect.Messages] = GatewayUri.Combine(BaseUri, "anthropic/"),
        [ChatDialect.GenerateContent] = _googleBase,
    };

    /// <summary>Gets the base of the Workers AI route, <c>…/workers-ai/v1/</c> (Chat Completions for <c>@cf/</c> models).</summary>
    public Uri WorkersAIBaseUri { get; }

    /// <summary>
    /// Each provider's models in that provider's dialect (Workers AI <c>@cf/</c> models over Chat Completions), when
    /// the provider's key is set or a gateway token lets keys stored in the gateway (BYOK) or Unified Billing serve it.
    /// </summary>
    /// <inheritdoc />
    public override bool CanServe(ChatDialect dialect, CatalogModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var provider = ProviderOf(model);
        var dialectFits = (dialect, provider) switch
        {
            (ChatDialect.ChatCompletions, ModelProvider.OpenAI or ModelProvider.WorkersAI) => true,
            (ChatDialect.Responses, ModelProvider.OpenAI) => true,
            (ChatDialect.Messages, ModelProvider.Anthropic) => true,
            (ChatDialect.GenerateContent, ModelProvider.Google) => true,
            _ => false,
        };
        return dialectFits && (GatewayToken is not null || KeyFor(provider) is not null);
    }

    /// <inheritdoc />
    public override Uri GetEndpoint(ChatDialect dialect, CatalogModel model, string wireModelId, bool streaming)
    {
        ArgumentNullException.ThrowIfNull(model);
        return dialect switch
        {
            ChatDialect.ChatCompletions when ModelProviders.IsWorkersAI(model) => _workersAIChatCompletions,
            ChatDialect.ChatCompletions => _openAIChatCompletions,
            ChatDialect.Responses => _openAIResponses,
            ChatDialect.Messages => _anthropicMessages,
            // Cloudflare passes the path through to Google; v1beta is the version the Google SDKs call
            // (https://developers.cloudflare.com/ai-gateway/usage/providers/google-ai-studio/).
            ChatDialect.GenerateContent => new Uri(_googleBase, DialectPaths.GenerateContent(wireModelId, streaming)),
            _ => throw new NotSupportedException($"{Name} has no endpoint for the {dialect} dialect."),
        };
    }

    /// <inheritdoc />
    public override void ApplyAuthentication(HttpRequestMessage request, ChatDialect dialect, CatalogModel model)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(model);
        var gatewayToken = GatewayHeaders.TryReadSecret(GatewayToken, Name);
        if (gatewayToken is not null)
        {
            GatewayHeaders.Set(request, GatewayHeaders.CloudflareAuthorizationHeader, "Bearer " + gatewayToken);
        }

        var provider = dialect switch
        {
            ChatDialect.Messages => ModelProvider.Anthropic,
            ChatDialect.GenerateContent => ModelProvider.Google,
            _ => ModelProviders.IsWorkersAI(model) ? ModelProvider.WorkersAI : ModelProvider.OpenAI,
        };
        var key = KeyFor(provider);
        var secret = GatewayHeaders.TryReadSecret(key, Name);
        if (secret is null && gatewayToken is null)
        {
            throw new GatewayConfigurationException(
                $"{Name}: no key for the {RouteName(provider)} route. Set {KeyVariableHint(provider)}, or store the provider key in the gateway (BYOK) and set CLOUDFLARE_AI_GATEWAY_TOKEN.");
        }

        switch (dialect)
        {
            case ChatDialect.Messages:
                // The version header is required whether the key comes from here or from the gateway.
                GatewayHeaders.SetAnthropicVersion(request);
                if (secret is not null)
                {
                    GatewayHeaders.SetAnthropicKey(request, secret);
                }

                break;
            case ChatDialect.GenerateContent:
                if (secret is not null)
                {
                    GatewayHeaders.SetGoogleKey(request, secret);
                }

                break;
            default:
                if (secret is not null)
                {
                    GatewayHeaders.SetBearer(request, secret);
                }

                break;
        }
    }

    /// <summary>
    /// Writes <c>cf-aig-metadata</c> with the call's tags folded into one <c>tags</c> entry and its user in a
    /// <c>user</c> entry (two of the five entries Cloudflare keeps); nothing when the call has neither.
    /// </summary>
    /// <exception cref="ArgumentException">A tag or the user contains a line break, or a tag contains a comma.</exception>
    /// <inheritdoc />
    internal override void AddRequestHeaders(HttpRequestMessage request, GatewayRequestContext context) => AddCloudflareHeaders(request, context);

    /// <summary>
    /// The request headers both Cloudflare routes send: the per-request options (<c>cf-aig-*</c>) and
    /// <c>cf-aig-metadata</c> with the call's tags and user.
    /// </summary>
    internal static void AddCloudflareHeaders(HttpRequestMessage request, GatewayRequestContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        AddOptionHeaders(request, context);
        var user = string.IsNullOrEmpty(context.User) ? null : context.User;
        if (context.Tags.Count == 0 && user is null)
        {
            return;
        }

        foreach (var tag in context.Tags)
        {
            GatewayHeaders.RequireSingleLine(tag, $"The tag '{tag.ReplaceLineEndings(" ")}'", nameof(context));
            if (tag.Contains(',', StringComparison.Ordinal))
            {
                throw new ArgumentException(
                    $"The tag '{tag}' contains a comma. Cloudflare keeps at most 5 metadata entries, so this client folds all tags into one comma-separated 'tags' entry of cf-aig-metadata; use tags without commas (for example 'feature:chat').",
                    nameof(context));
            }
        }

        if (user is not null)
        {
            GatewayHeaders.RequireSingleLine(user, "The user id", nameof(context));
        }

        var buffer = new ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            // The default encoder escapes non-ASCII, so the header value stays ASCII.
            writer.WriteStartObject();
            if (context.Tags.Count > 0)
            {
                writer.WriteString(TagsProperty, string.Join(',', context.Tags));
            }

            if (user is not null)
            {
                writer.WriteString(UserProperty, user);
            }

            writer.WriteEndObject();
        }

        GatewayHeaders.Set(request, GatewayHeaders.CloudflareMetadataHeader, Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    /// <summary>
    /// Writes the request's Cloudflare options (<see cref="CloudflareChatOptionsExtensions"/>: cache, timeout, retries,
    /// logging, no-wholesale) as their <c>cf-aig-*</c> headers. Shared by both Cloudflare routes.
    /// </summary>
    internal static void AddOptionHeaders(HttpRequestMessage request, GatewayRequestContext context)
    {
        foreach (var (header, value) in CloudflareChatOptionsExtensions.CloudflareHeaders(context.Properties))
        {
            GatewayHeaders.RequireSingleLine(value, $"The {header} value", nameof(context));
            GatewayHeaders.Set(request, header, value);
        }
    }

    /// <summary>Whether <paramref name="id"/> may go into the gateway URL path: letters, digits, '-' and '_'.</summary>
    internal static bool IsValidPathId(string id) =>
        id.Length > 0 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    private static ModelProvider ProviderOf(CatalogModel model) =>
        ModelProviders.IsWorkersAI(model) ? ModelProvider.WorkersAI : ModelProviders.Of(model);

    private static string RouteName(ModelProvider provider) => provider switch
    {
        ModelProvider.Anthropic => "anthropic",
        ModelProvider.Google => "google-ai-studio",
        ModelProvider.WorkersAI => "workers-ai",
        _ => "openai",
    };

    private static string KeyVariableHint(ModelProvider provider) => provider switch
    {
        ModelProvider.Anthropic => "ANTHROPIC_API_KEY",
        ModelProvider.Google => "GEMINI_API_KEY (or GOOGLE_API_KEY)",
        ModelProvider.WorkersAI => "CLOUDFLARE_API_TOKEN (a token with Workers AI access)",
        _ => "OPENAI_API_KEY",
    };

    private static Uri BuildBase(string accountId, string gatewayId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(accountId);
        ArgumentException.ThrowIfNullOrWhiteSpace(gatewayId);
        if (!IsValidPathId(accountId))
        {
            throw new ArgumentException("The Cloudflare account id may only contain letters, digits, '-' and '_' (it is 32 hexadecimal characters).", nameof(accountId));
        }

        if (!IsValidPathId(gatewayId))
        {
            throw new ArgumentException("The Cloudflare AI Gateway id may only contain letters, digits, '-' and '_'.", nameof(gatewayId));
        }

        return new Uri($"https://{Host}/v1/{accountId}/{gatewayId}/");
    }

    private GatewayCredential? KeyFor(ModelProvider provider) => provider switch
    {
        ModelProvider.OpenAI => OpenAIKey,
        ModelProvider.Anthropic => AnthropicKey,
        ModelProvider.Google => GoogleKey,
        ModelProvider.WorkersAI => WorkersAIToken,
        _ => null,
    };
}
