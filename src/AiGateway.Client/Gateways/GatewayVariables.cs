namespace AiGateway.Client.Gateways;

/// <summary>
/// The provider pairs' variables, read by the official SDKs (and injected by Netlify), which several gateways'
/// detectors share. Each gateway's own variables live in its folder (for example <see cref="NetlifyVariables"/>).
/// </summary>
internal static class GatewayVariables
{
    public const string OpenAIKey = "OPENAI_API_KEY";
    public const string OpenAIBaseUrl = "OPENAI_BASE_URL";
    public const string AnthropicKey = "ANTHROPIC_API_KEY";
    public const string AnthropicBaseUrl = "ANTHROPIC_BASE_URL";
    public const string GeminiKey = "GEMINI_API_KEY";
    public const string GoogleKey = "GOOGLE_API_KEY";
    public const string GeminiBaseUrl = "GOOGLE_GEMINI_BASE_URL";
    public const string VertexBaseUrl = "GOOGLE_VERTEX_BASE_URL";
}
