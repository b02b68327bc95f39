namespace AiGateway.Client.Gateways;

/// <summary>What a provider pair's base URL (or key prefix) says it belongs to.</summary>
internal enum PairTarget
{
    None,
    Netlify,
    Neon,
    Rebyte,
    RebyteModelApi,
    Cloudflare,
    Other,
}
