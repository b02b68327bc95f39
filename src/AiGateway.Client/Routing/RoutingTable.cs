using AiGateway.Client.Gateways;

namespace AiGateway.Client.Routing;

/// <summary>
/// The routing table of DESIGN.md: for each gateway and model family, the dialect calls go to by default (first)
/// and the others a caller may prefer. Kept in one place so a vendor change is a one-line edit.
/// </summary>
internal static class RoutingTable
{
    private static readonly ChatDialect[] Responses = [ChatDialect.Responses];
    private static readonly ChatDialect[] ChatCompletionsOnly = [ChatDialect.ChatCompletions];
    private static readonly ChatDialect[] OpenAIDialects = [ChatDialect.ChatCompletions, ChatDialect.Responses];
    private static readonly ChatDialect[] MessagesOnly = [ChatDialect.Messages];
    private static readonly ChatDialect[] GenerateContentOnly = [ChatDialect.GenerateContent];
    private static readonly ChatDialect[] None = [];

    // Vercel serves every model over Chat Completions, Responses and its Anthropic-compatible Messages endpoint:
    // https://vercel.com/docs/ai-gateway/anthropic-compat ("use any model available through the gateway"),
    // https://vercel.com/docs/ai-gateway/sdks-and-apis/responses
    private static readonly ChatDialect[] VercelAnyModel = [ChatDialect.ChatCompletions, ChatDialect.Responses, ChatDialect.Messages];
    private static readonly ChatDialect[] VercelAnthropic = [ChatDialect.ChatCompletions, ChatDialect.Messages, ChatDialect.Responses];

    // Neon: the unified Chat Completions route serves every model; the native routes serve their own family
    // (https://neon.com/docs/ai-gateway/chat-completions). Its own SDK rule sends gpt- to Responses, claude to Messages.
    private static readonly ChatDialect[] NeonOpenAI = [ChatDialect.Responses, ChatDialect.ChatCompletions];
    private static readonly ChatDialect[] NeonAnthropic = [ChatDialect.Messages, ChatDialect.ChatCompletions];
    private static readonly ChatDialect[] NeonGoogle = [ChatDialect.ChatCompletions, ChatDialect.GenerateContent];

    // An endpoint given by base URL: its profile says what it serves; Chat Completions unless Responses-only.
    private static readonly ChatDialect[] AnyDialect = [ChatDialect.ChatCompletions, ChatDialect.Responses, ChatDialect.Messages, ChatDialect.GenerateContent];

    /// <summary>Gets the dialects <paramref name="gateway"/> may use for <paramref name="family"/>, the default first.</summary>
    public static IReadOnlyList<ChatDialect> DialectsFor(GatewayKind gateway, ModelFamily family)
    {
        if (family == ModelFamily.OpenAIResponsesOnly)
        {
            // Responses-only models answer 400 on Chat Completions everywhere.
            return Responses;
        }

        return (gateway, family) switch
        {
            (GatewayKind.Netlify, ModelFamily.OpenAI) => OpenAIDialects,
            (GatewayKind.Netlify, ModelFamily.Anthropic) => MessagesOnly,
            (GatewayKind.Netlify, ModelFamily.Google) => GenerateContentOnly,
            (GatewayKind.Netlify, _) => ChatCompletionsOnly,

            (GatewayKind.Vercel, ModelFamily.Anthropic) => VercelAnthropic,
            (GatewayKind.Vercel, _) => VercelAnyModel,

            (GatewayKind.Neon, ModelFamily.OpenAI) => NeonOpenAI,
            (GatewayKind.Neon, ModelFamily.Anthropic) => NeonAnthropic,
            (GatewayKind.Neon, ModelFamily.Google) => NeonGoogle,
            (GatewayKind.Neon, _) => ChatCompletionsOnly,

            // Rebyte: "everything is served over Chat Completions except codex (Responses)".
            (GatewayKind.Rebyte, ModelFamily.OpenAI) => OpenAIDialects,
            (GatewayKind.Rebyte, _) => ChatCompletionsOnly,

            // Cloudflare proxies each provider natively: openai/, anthropic/, google-ai-studio/, workers-ai/ (@cf ids).
            (GatewayKind.Cloudflare, ModelFamily.OpenAI) => OpenAIDialects,
            (GatewayKind.Cloudflare, ModelFamily.Anthropic) => MessagesOnly,
            (GatewayKind.Cloudflare, ModelFamily.Google) => GenerateContentOnly,
            (GatewayKind.Cloudflare, _) => ChatCompletionsOnly,

            (GatewayKind.Direct, ModelFamily.OpenAI) => OpenAIDialects,
            (GatewayKind.Direct, ModelFamily.Anthropic) => MessagesOnly,
            (GatewayKind.Direct, ModelFamily.Google) => GenerateContentOnly,
            (GatewayKind.Direct, _) => None,

            _ => AnyDialect,
        };
    }
}
