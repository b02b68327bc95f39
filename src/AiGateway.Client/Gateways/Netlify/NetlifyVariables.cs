namespace AiGateway.Client.Gateways;

/// <summary>
/// The variables Netlify injects at runtime and under <c>netlify dev</c> (docs/gateways.md, Netlify): the Edge runtime
/// names the URL variable <c>NETLIFY_AI_GATEWAY_URL</c>.
/// </summary>
internal static class NetlifyVariables
{
    public const string Key = "NETLIFY_AI_GATEWAY_KEY";
    public const string BaseUrl = "NETLIFY_AI_GATEWAY_BASE_URL";
    public const string Url = "NETLIFY_AI_GATEWAY_URL";

    // Injected since August 2026 beside the other provider pairs (docs/gateways.md, Netlify, OpenRouter pair).
    public const string OpenRouterKey = "OPENROUTER_API_KEY";
    public const string OpenRouterBaseUrl = "OPENROUTER_BASE_URL";
}
