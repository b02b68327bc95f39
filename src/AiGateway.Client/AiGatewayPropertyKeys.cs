namespace AiGateway.Client;

/// <summary>
/// Keys this library reads from <c>ChatOptions.AdditionalProperties</c> and writes to
/// <c>ChatResponse.AdditionalProperties</c>. Prefer the typed helpers in <see cref="AiGatewayChatOptionsExtensions"/>
/// and <see cref="AiGatewayResponseExtensions"/>.
/// </summary>
/// <remarks>
/// Request keys and response keys are distinct: what a response reports (the gateway and dialect that answered) is
/// written under its own <c>aigateway.answered.*</c> keys, so copying a response's properties into the next request's
/// options does not pin that request to the same gateway or dialect.
/// </remarks>
public static class AiGatewayPropertyKeys
{
    /// <summary>Request: attribution tags, an <c>IReadOnlyList&lt;string&gt;</c>.</summary>
    public const string Tags = "aigateway.tags";

    /// <summary>Request: the end-user id, a <see cref="string"/>.</summary>
    public const string User = "aigateway.user";

    /// <summary>Request: fallback model ids tried in order after the first, an <c>IReadOnlyList&lt;string&gt;</c>.</summary>
    public const string FallbackModels = "aigateway.fallback_models";

    /// <summary>
    /// Request: model ids the gateway itself should fall back to, in order, where it has native fallback (Vercel
    /// <c>providerOptions.gateway.models</c>); an <c>IReadOnlyList&lt;string&gt;</c>. Gateways without native fallback
    /// ignore it. Failover sets it when <c>FailoverOptions.UseNativeFallback</c> is on.
    /// </summary>
    public const string NativeFallbackModels = "aigateway.native_fallback_models";

    /// <summary>Request: the preferred <see cref="ChatDialect"/>. Responses carry <see cref="AnsweredDialect"/> instead.</summary>
    public const string Dialect = "aigateway.dialect";

    /// <summary>Request: the <see cref="GatewayKind"/> to send through (failover sets it). Responses carry <see cref="AnsweredGateway"/> instead.</summary>
    public const string Gateway = "aigateway.gateway";

    /// <summary>Response (and every streamed update): the <see cref="GatewayKind"/> that answered. Never read from a request.</summary>
    public const string AnsweredGateway = "aigateway.answered.gateway";

    /// <summary>Response (and every streamed update): the <see cref="ChatDialect"/> the answer came in. Never read from a request.</summary>
    public const string AnsweredDialect = "aigateway.answered.dialect";

    /// <summary>Response: the canonical catalog id of the model that answered, a <see cref="string"/>.</summary>
    public const string CatalogModelId = "aigateway.model";

    /// <summary>Response: the cost of the call in USD, a <see cref="decimal"/> (the gateway's report, else the catalog prices).</summary>
    public const string CostUsd = "aigateway.cost_usd";

    /// <summary>
    /// Response (or the streamed update carrying the finish reason): the provider's own finish or stop reason, as it
    /// wrote it, when <c>ChatFinishReason</c> cannot say it exactly (for example Anthropic <c>stop_sequence</c> or
    /// <c>pause_turn</c>, Gemini <c>SAFETY</c> or <c>MALFORMED_FUNCTION_CALL</c>, an unknown Responses <c>incomplete_details.reason</c>), a <see cref="string"/>.
    /// Every dialect sets it under this one key.
    /// </summary>
    public const string RawFinishReason = "aigateway.raw_finish_reason";

    /// <summary>Response: how many attempts the call took, an <see cref="int"/> (set by failover).</summary>
    public const string Attempts = "aigateway.attempts";

    /// <summary>
    /// Key of Cloudflare AI Gateway's response-cache status (<c>cf-aig-cache-status</c>: <c>HIT</c> or <c>MISS</c>) on a
    /// <see cref="Microsoft.Extensions.AI.ChatResponse"/> (and the first streamed update), a <see cref="string"/>; absent
    /// when the gateway did not send the header. Read it with <see cref="AiGatewayResponseExtensions.GetCloudflareCacheStatus(Microsoft.Extensions.AI.ChatResponse)"/>.
    /// </summary>
    public const string CloudflareCacheStatus = "aigateway.cloudflare.cache_status";
}
