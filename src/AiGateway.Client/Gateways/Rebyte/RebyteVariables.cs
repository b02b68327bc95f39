namespace AiGateway.Client.Gateways;

/// <summary>The newer Rebyte AI Gateway variables; the older setup is <c>OPENAI_API_KEY=aig_…</c> + <c>OPENAI_BASE_URL</c> (docs/gateways.md, Rebyte).</summary>
internal static class RebyteVariables
{
    public const string Key = "REBYTE_AI_GATEWAY_KEY";
    public const string Url = "REBYTE_AI_GATEWAY_URL";
}
