namespace AiGateway.Client.Gateways;

/// <summary>The environment variables detection reads (GATEWAYS.md lists where each comes from).</summary>
internal static class GatewayVariables
{
    // Netlify: injected at runtime; the Edge runtime names the URL variable NETLIFY_AI_GATEWAY_URL.
    public const string NetlifyKey = "NETLIFY_AI_GATEWAY_KEY";
    public const string NetlifyBaseUrl = "NETLIFY_AI_GATEWAY_BASE_URL";
    public const string NetlifyUrl = "NETLIFY_AI_GATEWAY_URL";

    // Vercel: the key wins over the OIDC token even when invalid.
    public const string VercelApiKey = "AI_GATEWAY_API_KEY";
    public const string VercelOidcToken = "VERCEL_OIDC_TOKEN";

    // Neon: current, and the earliest generation (the middle one is the OPENAI_* pair).
    public const string NeonToken = "NEON_AI_GATEWAY_TOKEN";
    public const string NeonBaseUrl = "NEON_AI_GATEWAY_BASE_URL";
    public const string NeonKey = "NEON_AI_GATEWAY_KEY";
    public const string NeonHost = "NEON_AI_GATEWAY_HOST";

    // Rebyte: newer pair (the older one is OPENAI_API_KEY=aig_… + OPENAI_BASE_URL).
    public const string RebyteKey = "REBYTE_AI_GATEWAY_KEY";
    public const string RebyteUrl = "REBYTE_AI_GATEWAY_URL";

    // Cloudflare: no single standard exists; each list is in order of preference.
    public static readonly string[] CloudflareAccountId = ["CLOUDFLARE_ACCOUNT_ID", "CF_ACCOUNT_ID"];
    public static readonly string[] CloudflareGatewayId = ["CLOUDFLARE_AI_GATEWAY_ID", "CLOUDFLARE_GATEWAY_ID", "CF_AIG_ID"];
    public static readonly string[] CloudflareGatewayToken = ["CLOUDFLARE_AI_GATEWAY_TOKEN", "CF_AIG_TOKEN"];

    // The Workers AI route takes a Cloudflare API token (https://developers.cloudflare.com/ai-gateway/usage/providers/workersai/).
    public static readonly string[] CloudflareApiToken = ["CLOUDFLARE_API_TOKEN", "CF_API_TOKEN"];

    // Provider pairs, read by the official SDKs (and injected by Netlify).
    public const string OpenAIKey = "OPENAI_API_KEY";
    public const string OpenAIBaseUrl = "OPENAI_BASE_URL";
    public const string AnthropicKey = "ANTHROPIC_API_KEY";
    public const string AnthropicBaseUrl = "ANTHROPIC_BASE_URL";
    public const string GeminiKey = "GEMINI_API_KEY";
    public const string GoogleKey = "GOOGLE_API_KEY";
    public const string GeminiBaseUrl = "GOOGLE_GEMINI_BASE_URL";
    public const string VertexBaseUrl = "GOOGLE_VERTEX_BASE_URL";
}
