namespace AiGateway.Client.Gateways;

/// <summary>
/// The variables Cloudflare AI Gateway is found by. No single standard exists, so each list is in order of
/// preference (docs/gateways.md, Cloudflare).
/// </summary>
internal static class CloudflareVariables
{
    public static readonly string[] AccountId = ["CLOUDFLARE_ACCOUNT_ID", "CF_ACCOUNT_ID"];
    public static readonly string[] GatewayId = ["CLOUDFLARE_AI_GATEWAY_ID", "CLOUDFLARE_GATEWAY_ID", "CF_AIG_ID"];
    public static readonly string[] GatewayToken = ["CLOUDFLARE_AI_GATEWAY_TOKEN", "CF_AIG_TOKEN"];

    // The Workers AI route takes a Cloudflare API token (https://developers.cloudflare.com/ai-gateway/usage/providers/workersai/).
    public static readonly string[] ApiToken = ["CLOUDFLARE_API_TOKEN", "CF_API_TOKEN"];
}
