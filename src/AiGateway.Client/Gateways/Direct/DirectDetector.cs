using static AiGateway.Client.Gateways.GatewayDetectionContext;
using V = AiGateway.Client.Gateways.GatewayVariables;

namespace AiGateway.Client.Gateways;

/// <summary>
/// Finds the providers' own APIs from the provider pairs no gateway claimed (<c>OPENAI_API_KEY</c>,
/// <c>ANTHROPIC_API_KEY</c>, <c>GOOGLE_API_KEY</c>/<c>GEMINI_API_KEY</c>, each with an optional <c>*_BASE_URL</c>).
/// Runs after every gateway detector, so it sees which pairs are still free.
/// </summary>
internal sealed class DirectDetector : IGatewayDetector
{
    /// <inheritdoc />
    public GatewayKind Kind => GatewayKind.Direct;

    /// <inheritdoc />
    public void Detect(GatewayDetectionContext context, bool isExplicit)
    {
        var explicitKey = isExplicit ? context.ExplicitKey() : null;
        var openAIKey = explicitKey ?? context.PairKey(ProviderPair.OpenAI, GatewayKind.Direct);
        var anthropicKey = context.PairKey(ProviderPair.Anthropic, GatewayKind.Direct);
        var googleKey = context.GoogleKey(GatewayKind.Direct);
        var googleBothSet = context.Get(V.GoogleKey) is not null && context.Get(V.GeminiKey) is not null && !context.IsClaimed(ProviderPair.Gemini);
        if (googleBothSet)
        {
            context.Shadowing.Add($"{V.GoogleKey} shadows {V.GeminiKey} for direct Google calls (Google's SDKs prefer {V.GoogleKey} when both are set).");
        }

        foreach (var (pair, key) in new[] { (ProviderPair.OpenAI, openAIKey), (ProviderPair.Anthropic, anthropicKey), (ProviderPair.Gemini, googleKey) })
        {
            if (key is null && !context.IsClaimed(pair) && context.Get(pair.BaseUrlVariable) is not null)
            {
                context.Warnings.Add($"{pair.BaseUrlVariable} is set without {pair.KeyVariable}, so it is ignored: set {pair.KeyVariable} to call {pair.Provider} there.");
            }
        }

        if (openAIKey is null && anthropicKey is null && googleKey is null)
        {
            if (isExplicit)
            {
                context.Add(GatewayKind.Direct, GatewayDetector.Ranks.Direct, isExplicit).Fail(
                    $"AiGatewayOptions.Gateway is Direct, but no provider key is set: set {V.OpenAIKey}, {V.AnthropicKey} or {V.GeminiKey} (or {ExplicitApiKey} for OpenAI).");
            }

            return;
        }

        var candidate = context.Add(GatewayKind.Direct, GatewayDetector.Ranks.Direct, isExplicit);
        Uri? openAIBase = null, anthropicBase = null, googleBase = null;
        var sources = new List<string>();
        if (openAIKey is not null)
        {
            sources.Add(openAIKey.Source);
            if (isExplicit && context.ExplicitBaseUri is { } explicitBase)
            {
                openAIBase = explicitBase;
                sources.Add(ExplicitBaseUrl);
            }
            else
            {
                openAIBase = PairBase(context, ProviderPair.OpenAI, "https://api.openai.com/v1", candidate, sources);
            }
        }

        if (anthropicKey is not null)
        {
            sources.Add(anthropicKey.Source);
            anthropicBase = PairBase(context, ProviderPair.Anthropic, "https://api.anthropic.com", candidate, sources);
        }

        if (googleKey is not null)
        {
            sources.Add(googleKey.Source);
            googleBase = PairBase(context, ProviderPair.Gemini, "https://generativelanguage.googleapis.com", candidate, sources);
        }

        if (openAIKey is null)
        {
            candidate.Missing.Add($"{V.OpenAIKey}: OpenAI models cannot be called directly.");
        }

        if (anthropicKey is null)
        {
            candidate.Missing.Add($"{V.AnthropicKey}: Anthropic models cannot be called directly.");
        }

        if (googleKey is null)
        {
            candidate.Missing.Add($"{V.GeminiKey} (or {V.GoogleKey}): Google models cannot be called directly.");
        }

        if (candidate.Error is not null)
        {
            return;
        }

        candidate.Profile = new DirectGateway(openAIKey, anthropicKey, googleKey, openAIBase, anthropicBase, googleBase) { Sources = sources };
    }

    private static Uri? PairBase(GatewayDetectionContext context, ProviderPair pair, string example, GatewayCandidate candidate, List<string> sources)
    {
        if (context.IsClaimed(pair) || context.Get(pair.BaseUrlVariable) is not { } value)
        {
            return null;
        }

        sources.Add(pair.BaseUrlVariable);
        return context.ParseUrl(pair.BaseUrlVariable, value, example, candidate);
    }
}
