namespace AiGateway.Client.Gateways;

/// <summary>
/// The variables of Neon AI Gateway's current and earliest setups (docs/gateways.md, Neon); the middle generation is
/// the <c>OPENAI_API_KEY</c>/<c>OPENAI_BASE_URL</c> pair.
/// </summary>
internal static class NeonVariables
{
    public const string Token = "NEON_AI_GATEWAY_TOKEN";
    public const string BaseUrl = "NEON_AI_GATEWAY_BASE_URL";
    public const string LegacyKey = "NEON_AI_GATEWAY_KEY";
    public const string LegacyHost = "NEON_AI_GATEWAY_HOST";
}
