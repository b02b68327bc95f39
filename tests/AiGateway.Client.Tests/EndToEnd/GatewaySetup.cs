using AiGateway.Client.Gateways;

namespace AiGateway.Client.Tests.EndToEnd;

/// <summary>
/// One gateway as an app's environment provides it: the variables a platform (or <c>env pull</c>) sets, nothing
/// built by hand. <see cref="Name"/> is what tables and test names use.
/// </summary>
internal sealed record GatewaySetup(string Name, GatewayKind Kind, params (string Name, string Value)[] Variables)
{
    public IEnvironmentSource Environment =>
        EnvironmentSource.FromDictionary(Variables.Select(v => new KeyValuePair<string, string?>(v.Name, v.Value)));

    public AiGatewayOptions Options() => new() { Environment = Environment };

    public override string ToString() => Name;
}

/// <summary>
/// Every gateway generation the detector accepts, each with its own distinctive fake credentials, so a test can tell
/// from a header value which variable it came from.
/// </summary>
internal static class GatewaySetups
{
    public const string NetlifyRoot = "https://my-site.netlify.app/.netlify/ai/";
    public const string VercelRoot = "https://ai-gateway.vercel.sh/";
    public const string NeonHost = "https://br-e2e-pond-api.ai.c-2.us-east-2.aws.neon.tech";
    public const string RebyteBase = "https://api.rebyte.ai/api/ai/v1/";
    public const string CloudflareAccount = "0123456789abcdef0123456789abcdef";
    public const string CloudflareGatewayId = "e2e-gateway";
    public const string CloudflareBase = "https://gateway.ai.cloudflare.com/v1/" + CloudflareAccount + "/" + CloudflareGatewayId + "/";

    public const string NetlifyKey = "e2e-netlify-token-N1";
    public const string VercelKey = "vck_e2e-vercel-key-V1";
    public const string VercelOidc = "e2e-vercel-oidc-V2";
    public const string NeonToken = "nt_live_e2e-neon-token-E1";
    public const string RebyteKey = "aig_e2e-rebyte-key-R1";
    public const string CloudflareToken = "e2e-cf-aig-token-C1";
    public const string CloudflareApiToken = "e2e-cf-api-token-C2";
    public const string OpenAIKey = "sk-e2e-openai-key-O1";
    public const string AnthropicKey = "sk-ant-e2e-anthropic-key-A1";
    public const string GeminiKey = "AIza-e2e-gemini-key-G1";

    public static readonly GatewaySetup Netlify = new(
        "netlify", GatewayKind.Netlify, ("NETLIFY_AI_GATEWAY_KEY", NetlifyKey), ("NETLIFY_AI_GATEWAY_BASE_URL", NetlifyRoot));

    public static readonly GatewaySetup VercelKeyed = new("vercel", GatewayKind.Vercel, ("AI_GATEWAY_API_KEY", VercelKey));

    public static readonly GatewaySetup VercelOidcOnly = new("vercel-oidc", GatewayKind.Vercel, ("VERCEL_OIDC_TOKEN", VercelOidc));

    public static readonly GatewaySetup NeonCurrent = new(
        "neon", GatewayKind.Neon, ("NEON_AI_GATEWAY_TOKEN", NeonToken), ("NEON_AI_GATEWAY_BASE_URL", NeonHost));

    public static readonly GatewaySetup NeonOpenAIPair = new(
        "neon-openai-pair", GatewayKind.Neon, ("OPENAI_API_KEY", NeonToken), ("OPENAI_BASE_URL", NeonHost + "/ai-gateway/openai/v1"));

    public static readonly GatewaySetup NeonEarliest = new(
        "neon-earliest", GatewayKind.Neon, ("NEON_AI_GATEWAY_KEY", NeonToken), ("NEON_AI_GATEWAY_HOST", new Uri(NeonHost).Host));

    public static readonly GatewaySetup RebyteNewer = new(
        "rebyte", GatewayKind.Rebyte, ("REBYTE_AI_GATEWAY_KEY", RebyteKey), ("REBYTE_AI_GATEWAY_URL", "https://api.rebyte.ai/api/ai/v1"));

    public static readonly GatewaySetup RebyteOpenAIPair = new(
        "rebyte-openai-pair", GatewayKind.Rebyte, ("OPENAI_API_KEY", RebyteKey), ("OPENAI_BASE_URL", "https://api.rebyte.ai/api/ai/v1"));

    /// <summary>An authenticated Cloudflare gateway with every provider key (the token goes beside each provider's own header).</summary>
    public static readonly GatewaySetup CloudflareAuthenticated = new(
        "cloudflare", GatewayKind.Cloudflare,
        ("CLOUDFLARE_ACCOUNT_ID", CloudflareAccount), ("CLOUDFLARE_AI_GATEWAY_ID", CloudflareGatewayId), ("CLOUDFLARE_AI_GATEWAY_TOKEN", CloudflareToken),
        ("OPENAI_API_KEY", OpenAIKey), ("ANTHROPIC_API_KEY", AnthropicKey), ("GEMINI_API_KEY", GeminiKey), ("CLOUDFLARE_API_TOKEN", CloudflareApiToken));

    /// <summary>An unauthenticated Cloudflare gateway: provider keys only, so no <c>cf-aig-authorization</c>.</summary>
    public static readonly GatewaySetup CloudflareOpen = new(
        "cloudflare-open", GatewayKind.Cloudflare,
        ("CLOUDFLARE_ACCOUNT_ID", CloudflareAccount), ("CLOUDFLARE_AI_GATEWAY_ID", CloudflareGatewayId),
        ("OPENAI_API_KEY", OpenAIKey), ("ANTHROPIC_API_KEY", AnthropicKey), ("GEMINI_API_KEY", GeminiKey), ("CLOUDFLARE_API_TOKEN", CloudflareApiToken));

    public static readonly GatewaySetup Direct = new(
        "direct", GatewayKind.Direct, ("OPENAI_API_KEY", OpenAIKey), ("ANTHROPIC_API_KEY", AnthropicKey), ("GEMINI_API_KEY", GeminiKey));

    public static readonly GatewaySetup[] All =
    [
        Netlify, VercelKeyed, VercelOidcOnly, NeonCurrent, NeonOpenAIPair, NeonEarliest, RebyteNewer, RebyteOpenAIPair,
        CloudflareAuthenticated, CloudflareOpen, Direct,
    ];

    public static GatewaySetup Named(string name) => All.Single(s => s.Name == name);
}
