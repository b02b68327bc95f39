namespace AiGateway.Client.Gateways;

/// <summary>The variables Vercel AI Gateway is found by (docs/gateways.md, Vercel): the key wins over the OIDC token even when invalid.</summary>
internal static class VercelVariables
{
    public const string ApiKey = "AI_GATEWAY_API_KEY";
    public const string OidcToken = "VERCEL_OIDC_TOKEN";
}
