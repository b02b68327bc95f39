using AiGateway.Client.Catalog;

namespace AiGateway.Client.Gateways;

/// <summary>
/// Cloudflare AI Gateway through Cloudflare's REST inference API (docs/gateways.md, Cloudflare, "REST inference API"):
/// <c>https://api.cloudflare.com/client/v4/accounts/{account}/ai/v1/</c> with <c>chat/completions</c>,
/// <c>responses</c> and <c>messages</c>, one Cloudflare API token as <c>Authorization: Bearer</c> for every model,
/// and <c>cf-aig-gateway-id</c> naming the gateway. Third-party models are paid through Unified Billing, so no provider
/// key is needed; model ids are <c>creator/model</c> (<c>openai/gpt-5.5</c>) and <c>@cf/…</c> for Workers AI.
/// </summary>
/// <remarks>
/// Serves OpenAI models over Chat Completions and Responses, Anthropic models over Messages and Chat Completions,
/// Google models over Chat Completions (the API has no generateContent route) and Workers AI models over Chat
/// Completions. The detector picks it only when the API token is the only credential (see <see cref="CloudflareDetector"/>).
/// </remarks>
internal sealed class CloudflareRestGateway : GatewayProfile
{
    /// <summary>The REST API host, <c>api.cloudflare.com</c>.</summary>
    public const string Host = "api.cloudflare.com";

    /// <summary>The header that routes a REST call through a named gateway (the account's default gateway without it).</summary>
    public const string GatewayIdHeader = "cf-aig-gateway-id";

    private static readonly ChatDialect[] RestDialects = [ChatDialect.ChatCompletions, ChatDialect.Responses, ChatDialect.Messages];
    private readonly Uri _chatCompletions;
    private readonly Uri _responses;
    private readonly Uri _messages;

    /// <summary>Creates the profile.</summary>
    /// <param name="accountId">The Cloudflare account id (32 hexadecimal characters).</param>
    /// <param name="gatewayId">The AI Gateway's id, sent as <c>cf-aig-gateway-id</c>.</param>
    /// <param name="apiToken">The Cloudflare API token, read at send time.</param>
    public CloudflareRestGateway(string accountId, string gatewayId, GatewayCredential apiToken)
        : base(GatewayKind.Cloudflare, BuildBase(accountId, gatewayId))
    {
        ArgumentNullException.ThrowIfNull(apiToken);
        AccountId = accountId;
        GatewayId = gatewayId;
        ApiToken = apiToken;
        _chatCompletions = GatewayUri.Combine(BaseUri, DialectPaths.ChatCompletions);
        _responses = GatewayUri.Combine(BaseUri, DialectPaths.Responses);
        _messages = GatewayUri.Combine(BaseUri, "messages");
    }

    /// <summary>Gets the Cloudflare account id.</summary>
    public string AccountId { get; }

    /// <summary>Gets the AI Gateway id sent as <c>cf-aig-gateway-id</c>.</summary>
    public string GatewayId { get; }

    /// <summary>Gets the Cloudflare API token (<c>Authorization: Bearer</c> on every call).</summary>
    public GatewayCredential ApiToken { get; }

    /// <inheritdoc />
    public override string Name => "Cloudflare AI Gateway (REST API)";

    /// <inheritdoc />
    public override IReadOnlyCollection<ChatDialect> Dialects => RestDialects;

    /// <inheritdoc />
    public override IReadOnlyList<GatewayCredential> Credentials => [ApiToken];

    /// <summary>Gets the base each dialect's path is appended to; Messages' path is <c>v1/messages</c>, so its base is <c>…/ai/</c>.</summary>
    /// <inheritdoc />
    public override IReadOnlyDictionary<ChatDialect, Uri> DialectBaseUris => new Dictionary<ChatDialect, Uri>
    {
        [ChatDialect.ChatCompletions] = BaseUri,
        [ChatDialect.Responses] = BaseUri,
        [ChatDialect.Messages] = new Uri(BaseUri, "../"),
    };

    /// <inheritdoc />
    public override bool CanServe(ChatDialect dialect, CatalogModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var provider = ModelProviders.IsWorkersAI(model) ? ModelProvider.WorkersAI : ModelProviders.Of(model);
        return (dialect, provider) switch
        {
            (ChatDialect.ChatCompletions or ChatDialect.Responses, ModelProvider.OpenAI) => true,
            (ChatDialect.Messages or ChatDialect.ChatCompletions, ModelProvider.Anthropic) => true,
            (ChatDialect.ChatCompletions, ModelProvider.Google or ModelProvider.WorkersAI) => true,
            _ => false,
        };
    }

    /// <inheritdoc />
    public override Uri GetEndpoint(ChatDialect dialect, CatalogModel model, string wireModelId, bool streaming) => dialect switch
    {
        ChatDialect.ChatCompletions => _chatCompletions,
        ChatDialect.Responses => _responses,
        ChatDialect.Messages => _messages,
        _ => throw new NotSupportedException($"{Name} has no endpoint for the {dialect} dialect (the REST API serves chat/completions, responses and messages)."),
    };

    /// <summary>The API token as a Bearer token on every dialect (plus <c>anthropic-version</c> on Messages, as the Anthropic SDK sends it).</summary>
    /// <inheritdoc />
    public override void ApplyAuthentication(HttpRequestMessage request, ChatDialect dialect, CatalogModel model)
    {
        ArgumentNullException.ThrowIfNull(request);
        GatewayHeaders.SetBearerOnEveryDialect(request, dialect, GatewayHeaders.ReadSecret(ApiToken, Name));
    }

    /// <summary><c>cf-aig-gateway-id</c>, then what both Cloudflare routes send (options, <c>cf-aig-metadata</c>).</summary>
    /// <inheritdoc />
    internal override void AddRequestHeaders(HttpRequestMessage request, GatewayRequestContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        GatewayHeaders.Set(request, GatewayIdHeader, GatewayId);
        CloudflareGateway.AddCloudflareHeaders(request, context);
    }

    /// <summary>
    /// The REST API names models <c>creator/model</c> (<c>openai/gpt-5.5</c>) and Workers AI models by their <c>@cf/</c>
    /// id: the provider-native id gets its provider in front.
    /// </summary>
    /// <inheritdoc />
    internal override string WireModelId(CatalogModel model, string routedId)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(routedId);
        if (ModelProviders.IsWorkersAI(model) || routedId.Contains('/', StringComparison.Ordinal))
        {
            return routedId;
        }

        return ModelProviders.Of(model) switch
        {
            ModelProvider.OpenAI => "openai/" + routedId,
            ModelProvider.Anthropic => "anthropic/" + routedId,
            ModelProvider.Google => "google/" + routedId,
            _ => routedId,
        };
    }

    /// <inheritdoc />
    internal override string? CannotServeHint(CatalogModel model) =>
        ModelProviders.Of(model) == ModelProvider.Other && !ModelProviders.IsWorkersAI(model)
            ? $"Cloudflare's REST API route (chosen because CLOUDFLARE_API_TOKEN is the only credential) serves OpenAI, Anthropic, Google and Workers AI (@cf/…) models; for '{model.Creator}' models use another gateway"
            : null;

    private static Uri BuildBase(string accountId, string gatewayId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(accountId);
        ArgumentException.ThrowIfNullOrWhiteSpace(gatewayId);
        if (!CloudflareGateway.IsValidPathId(accountId))
        {
            throw new ArgumentException("The Cloudflare account id may only contain letters, digits, '-' and '_' (it is 32 hexadecimal characters).", nameof(accountId));
        }

        if (!CloudflareGateway.IsValidPathId(gatewayId))
        {
            throw new ArgumentException("The Cloudflare AI Gateway id may only contain letters, digits, '-' and '_'.", nameof(gatewayId));
        }

        return new Uri($"https://{Host}/client/v4/accounts/{accountId}/ai/v1/");
    }
}
