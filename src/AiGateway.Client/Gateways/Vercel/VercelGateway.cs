using System.Text.Json;
using AiGateway.Client.Catalog;

namespace AiGateway.Client.Gateways;

/// <summary>
/// Vercel AI Gateway: OpenAI-compatible dialects under <c>https://ai-gateway.vercel.sh/v1/</c> and the
/// Anthropic-compatible Messages endpoint under <c>https://ai-gateway.vercel.sh/</c> (no <c>/v1</c>; the path is
/// <c>v1/messages</c>), every one with <c>Authorization: Bearer</c>. Every model id works on every dialect.
/// </summary>
/// <remarks>
/// The token is <c>AI_GATEWAY_API_KEY</c> when set (it wins even when invalid), else <c>VERCEL_OIDC_TOKEN</c>, which
/// the platform refreshes: both are re-read on every request
/// (https://vercel.com/docs/ai-gateway/authentication-and-byok). Tags, user and native fallback models go into
/// the body under <c>providerOptions.gateway</c> (https://vercel.com/docs/ai-gateway/models-and-providers/provider-options).
/// </remarks>
internal sealed class VercelGateway : GatewayProfile
{
    /// <summary>The default root: <c>https://ai-gateway.vercel.sh/</c>.</summary>
    public static Uri DefaultRoot { get; } = new("https://ai-gateway.vercel.sh/");

    private static readonly ChatDialect[] VercelDialects = [ChatDialect.ChatCompletions, ChatDialect.Responses, ChatDialect.Messages];
    private static readonly JsonEncodedText ProviderOptionsProperty = JsonEncodedText.Encode("providerOptions");
    private static readonly JsonEncodedText GatewayProperty = JsonEncodedText.Encode("gateway");
    private static readonly JsonEncodedText TagsProperty = JsonEncodedText.Encode("tags");
    private static readonly JsonEncodedText UserProperty = JsonEncodedText.Encode("user");
    private static readonly JsonEncodedText ModelsProperty = JsonEncodedText.Encode("models");
    private static readonly JsonEncodedText OrderProperty = JsonEncodedText.Encode("order");
    private static readonly JsonEncodedText OnlyProperty = JsonEncodedText.Encode("only");
    private static readonly JsonEncodedText CacheControlProperty = JsonEncodedText.Encode("cacheControl");
    private static readonly JsonEncodedText CachingProperty = JsonEncodedText.Encode("caching");
    private readonly GatewayCredential _token;
    private readonly Uri _openAIBase;
    private readonly Uri _chatCompletions;
    private readonly Uri _responses;
    private readonly Uri _messages;

    /// <summary>Creates the profile.</summary>
    /// <param name="token">The API key or OIDC token, read at send time.</param>
    /// <param name="root">The gateway root; <see langword="null"/> for <see cref="DefaultRoot"/>. The OpenAI dialects go under <c>{root}/v1/</c>.</param>
    public VercelGateway(GatewayCredential token, Uri? root = null)
        : base(GatewayKind.Vercel, GatewayUri.AsDirectory(root ?? DefaultRoot))
    {
        ArgumentNullException.ThrowIfNull(token);
        _token = token;
        _openAIBase = GatewayUri.Combine(BaseUri, "v1/");
        _chatCompletions = GatewayUri.Combine(_openAIBase, DialectPaths.ChatCompletions);
        _responses = GatewayUri.Combine(_openAIBase, DialectPaths.Responses);
        _messages = GatewayUri.Combine(BaseUri, DialectPaths.Messages);
    }

    /// <inheritdoc />
    public override string Name => "Vercel AI Gateway";

    /// <inheritdoc />
    public override IReadOnlyCollection<ChatDialect> Dialects => VercelDialects;

    /// <inheritdoc />
    public override IReadOnlyList<GatewayCredential> Credentials => [_token];

    /// <inheritdoc />
    public override IReadOnlyDictionary<ChatDialect, Uri> DialectBaseUris => new Dictionary<ChatDialect, Uri>
    {
        [ChatDialect.ChatCompletions] = _openAIBase,
        [ChatDialect.Responses] = _openAIBase,
        [ChatDialect.Messages] = BaseUri,
    };

    /// <summary>Gets <c>GET {root}/v1/models</c> (no auth; prices are decimal strings in USD per token).</summary>
    public override Uri? ModelsEndpoint => GatewayUri.Combine(_openAIBase, DialectPaths.Models);

    /// <inheritdoc />
    public override bool CanServe(ChatDialect dialect, CatalogModel model) => Dialects.Contains(dialect);

    /// <inheritdoc />
    public override Uri GetEndpoint(ChatDialect dialect, CatalogModel model, string wireModelId, bool streaming) => dialect switch
    {
        ChatDialect.ChatCompletions => _chatCompletions,
        ChatDialect.Responses => _responses,
        // https://vercel.com/docs/ai-gateway/sdks-and-apis/anthropic-messages-api: base URL without /v1.
        ChatDialect.Messages => _messages,
        _ => throw new NotSupportedException($"{Name} has no {dialect} endpoint; it serves Google models over Chat Completions."),
    };

    /// <summary>Sets <c>Authorization: Bearer</c> on every dialect (OIDC tokens only work as Bearer), plus <c>anthropic-version</c> on Messages.</summary>
    /// <inheritdoc />
    public override void ApplyAuthentication(HttpRequestMessage request, ChatDialect dialect, CatalogModel model)
    {
        ArgumentNullException.ThrowIfNull(request);
        GatewayHeaders.SetBearerOnEveryDialect(request, dialect, GatewayHeaders.ReadSecret(_token, Name));
    }

    /// <summary>
    /// Writes <c>"providerOptions":{"gateway":{"tags":[…],"user":"…","models":[…]}}</c> with whichever of tags, user and
    /// fallback models the call carries; writes nothing when it carries none.
    /// </summary>
    /// <inheritdoc />
    internal override void WriteBodyExtensions(Utf8JsonWriter writer, GatewayRequestContext context)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(context);
        var user = string.IsNullOrEmpty(context.User) ? null : context.User;
        var properties = GatewayRequestOptions.HasAny(context.Properties, GatewayRequestOptions.VercelPrefix) ? context.Properties : null;
        var order = GatewayRequestOptions.Strings(properties, GatewayRequestOptions.VercelOrder);
        var only = GatewayRequestOptions.Strings(properties, GatewayRequestOptions.VercelOnly);
        var cacheControl = GatewayRequestOptions.HeaderValue(properties, GatewayRequestOptions.VercelCacheControl);
        var caching = GatewayRequestOptions.HeaderValue(properties, GatewayRequestOptions.VercelCaching);
        if (context.Tags.Count == 0 && user is null && context.FallbackWireModelIds.Count == 0
            && order.Count == 0 && only.Count == 0 && cacheControl is null && caching is null)
        {
            return;
        }

        writer.WriteStartObject(ProviderOptionsProperty);
        writer.WriteStartObject(GatewayProperty);
        if (context.Tags.Count > 0)
        {
            WriteStrings(writer, TagsProperty, context.Tags);
        }

        if (user is not null)
        {
            writer.WriteString(UserProperty, user);
        }

        if (context.FallbackWireModelIds.Count > 0)
        {
            WriteStrings(writer, ModelsProperty, context.FallbackWireModelIds);
        }

        // Per-request options (VercelChatOptionsExtensions): provider routing, response cache, automatic caching.
        WriteStrings(writer, OrderProperty, order);
        WriteStrings(writer, OnlyProperty, only);
        if (cacheControl is not null)
        {
            writer.WriteString(CacheControlProperty, cacheControl);
        }

        if (caching is not null)
        {
            writer.WriteString(CachingProperty, caching);
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteStrings(Utf8JsonWriter writer, JsonEncodedText name, IReadOnlyList<string> values)
    {
        if (values.Count == 0)
        {
            return;
        }

        // By index: foreach over the interface would box an enumerator per request.
        writer.WriteStartArray(name);
        for (var i = 0; i < values.Count; i++)
        {
            writer.WriteStringValue(values[i]);
        }

        writer.WriteEndArray();
    }
}
