namespace AiGateway.Client;

/// <summary>The gateways (and the no-gateway cases) the client knows how to call.</summary>
public enum GatewayKind
{
    /// <summary>Netlify AI Gateway (<c>NETLIFY_AI_GATEWAY_*</c>).</summary>
    Netlify,

    /// <summary>Vercel AI Gateway (<c>AI_GATEWAY_API_KEY</c> or <c>VERCEL_OIDC_TOKEN</c>).</summary>
    Vercel,

    /// <summary>Neon AI Gateway (<c>NEON_AI_GATEWAY_*</c>).</summary>
    Neon,

    /// <summary>Rebyte AI Gateway (<c>REBYTE_AI_GATEWAY_*</c> or an <c>aig_</c> key).</summary>
    Rebyte,

    /// <summary>Cloudflare AI Gateway (account id + gateway id).</summary>
    Cloudflare,

    /// <summary>No gateway: the providers' own APIs (OpenAI, Anthropic, Google) with their own keys.</summary>
    Direct,

    /// <summary>Any other OpenAI-compatible endpoint given explicitly by base URL (and key).</summary>
    OpenAICompatible,
}
