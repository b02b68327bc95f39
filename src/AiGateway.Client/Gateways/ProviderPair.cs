namespace AiGateway.Client.Gateways;

/// <summary>
/// A provider's key and base-URL variables, read by the official SDKs. One pair can belong to only one gateway
/// (Netlify injects it, or its base URL points at Neon, Rebyte or Cloudflare); what no gateway claims is a direct key.
/// </summary>
internal sealed class ProviderPair(string provider, string keyVariable, string baseUrlVariable)
{
    public static readonly ProviderPair OpenAI = new("OpenAI", GatewayVariables.OpenAIKey, GatewayVariables.OpenAIBaseUrl);
    public static readonly ProviderPair Anthropic = new("Anthropic", GatewayVariables.AnthropicKey, GatewayVariables.AnthropicBaseUrl);
    public static readonly ProviderPair Gemini = new("Gemini", GatewayVariables.GeminiKey, GatewayVariables.GeminiBaseUrl);

    public static readonly ProviderPair[] All = [OpenAI, Anthropic, Gemini];

    public string Provider { get; } = provider;

    public string KeyVariable { get; } = keyVariable;

    public string BaseUrlVariable { get; } = baseUrlVariable;

    public override string ToString() => $"{KeyVariable}/{BaseUrlVariable}";
}
