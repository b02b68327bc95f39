using static AiGateway.Client.Gateways.GatewayDetectionContext;
using R = AiGateway.Client.Gateways.RebyteVariables;
using V = AiGateway.Client.Gateways.GatewayVariables;

namespace AiGateway.Client.Gateways;

/// <summary>
/// Finds Rebyte AI Gateway from <c>REBYTE_AI_GATEWAY_KEY</c> (+ <c>REBYTE_AI_GATEWAY_URL</c>), or from the older OpenAI
/// pair (<c>OPENAI_API_KEY=aig_…</c>, <c>OPENAI_BASE_URL</c> on api.rebyte.ai), which it claims. model.rebyte.ai is a
/// different Rebyte product and is left to the direct detector.
/// </summary>
internal sealed class RebyteDetector : IGatewayDetector
{
    /// <inheritdoc />
    public GatewayKind Kind => GatewayKind.Rebyte;

    /// <summary>Tells whether <paramref name="uri"/> is on the Rebyte AI Gateway host (api.rebyte.ai).</summary>
    public static bool IsGatewayUrl(Uri uri) => uri.Host.Equals("api.rebyte.ai", StringComparison.OrdinalIgnoreCase);

    /// <summary>Tells whether <paramref name="uri"/> is on Rebyte's model API (model.rebyte.ai, <c>sk_</c> keys), which is not the gateway.</summary>
    public static bool IsModelApiUrl(Uri uri) => uri.Host.Equals("model.rebyte.ai", StringComparison.OrdinalIgnoreCase);

    /// <summary>Tells whether <paramref name="key"/> looks like a Rebyte gateway key (<c>aig_…</c>).</summary>
    public static bool IsGatewayKey(string key) => key.StartsWith("aig_", StringComparison.Ordinal);

    /// <inheritdoc />
    public void Detect(GatewayDetectionContext context, bool isExplicit)
    {
        var key = context.Get(R.Key);
        var url = context.Get(R.Url);
        var pairTarget = context.IsClaimed(ProviderPair.OpenAI) ? PairTarget.None : context.ClassifyPair(ProviderPair.OpenAI);
        if (pairTarget == PairTarget.RebyteModelApi)
        {
            context.Hints.Add($"{V.OpenAIBaseUrl} points at model.rebyte.ai, a different Rebyte product (sk_ keys) than the Rebyte AI Gateway (api.rebyte.ai); it is treated as a direct OpenAI-compatible endpoint.");
        }

        var openAIPair = pairTarget == PairTarget.Rebyte;
        var newer = key is not null || url is not null;
        if (!isExplicit && !newer && !openAIPair)
        {
            return;
        }

        var candidate = context.Add(GatewayKind.Rebyte, GatewayDetector.Ranks.Rebyte, isExplicit);
        if (openAIPair)
        {
            context.Claim(ProviderPair.OpenAI, GatewayKind.Rebyte);
        }

        string keySource, urlSource;
        string? urlValue;
        if (newer || !openAIPair)
        {
            (keySource, urlSource, urlValue) = (R.Key, R.Url, url);
            if (openAIPair)
            {
                context.Shadowing.Add($"{R.Key}/{R.Url} (the newer Rebyte setup) shadow {V.OpenAIKey}/{V.OpenAIBaseUrl}.");
            }
        }
        else
        {
            (keySource, urlSource, urlValue) = (V.OpenAIKey, V.OpenAIBaseUrl, context.Get(V.OpenAIBaseUrl));
            var pairKey = context.Get(V.OpenAIKey);
            if (pairKey is not null && !IsGatewayKey(pairKey))
            {
                context.Warnings.Add($"{V.OpenAIBaseUrl} points at the Rebyte AI Gateway but {V.OpenAIKey} does not look like a Rebyte gateway key (aig_…); Rebyte will refuse it.");
            }
        }

        Uri? baseUri;
        if (isExplicit && context.ExplicitBaseUri is { } explicitBase)
        {
            (urlSource, baseUri) = (ExplicitBaseUrl, explicitBase);
        }
        else if (urlValue is not null)
        {
            baseUri = context.ParseUrl(urlSource, urlValue, "https://api.rebyte.ai/api/ai/v1", candidate);
        }
        else
        {
            baseUri = RebyteGateway.DefaultBaseUri;
            candidate.Notes.Add($"{urlSource} is not set; using {GatewayUri.Display(RebyteGateway.DefaultBaseUri)}.");
        }

        var credential = isExplicit ? context.ExplicitKey() : null;
        if (credential is not null)
        {
            keySource = ExplicitApiKey;
        }
        else if (context.Get(keySource) is not null)
        {
            credential = context.Credential(keySource);
        }

        if (credential is null)
        {
            candidate.Fail(isExplicit && !newer && !openAIPair
                ? $"AiGatewayOptions.Gateway is Rebyte, but {R.Key} is not set: set it (or {ExplicitApiKey}) to the gateway key (aig_…)."
                : $"{urlSource} is set but {keySource} is empty: set {keySource} to the Rebyte gateway key (aig_…).");
        }

        if (candidate.Error is not null || baseUri is null || credential is null)
        {
            return;
        }

        var profile = new RebyteGateway(baseUri, credential) { Sources = urlValue is null && urlSource != ExplicitBaseUrl ? [keySource] : [keySource, urlSource] };
        if (!string.Equals(GatewayUri.AsDirectory(baseUri).AbsolutePath, profile.BaseUri.AbsolutePath, StringComparison.Ordinal))
        {
            candidate.Notes.Add($"The base URL was normalised to exactly one /v1: {GatewayUri.Display(profile.BaseUri)}.");
        }

        candidate.Profile = profile;
    }
}
