using static AiGateway.Client.Gateways.GatewayDetectionContext;
using N = AiGateway.Client.Gateways.NetlifyVariables;
using V = AiGateway.Client.Gateways.GatewayVariables;

namespace AiGateway.Client.Gateways;

/// <summary>
/// Finds Netlify AI Gateway from the token and root Netlify injects, and claims the provider pairs Netlify injected
/// with them (same token, or the same root), so no later detector reads them as the user's own keys.
/// </summary>
internal sealed class NetlifyDetector : IGatewayDetector
{
    /// <inheritdoc />
    public GatewayKind Kind => GatewayKind.Netlify;

    /// <summary>Tells whether <paramref name="uri"/> is a Netlify site's gateway root (<c>/.netlify/ai</c>).</summary>
    public static bool IsGatewayUrl(Uri uri) => uri.AbsolutePath.StartsWith("/.netlify/ai", StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    public void Detect(GatewayDetectionContext context, bool isExplicit)
    {
        var key = context.Get(N.Key);
        var baseUrl = context.Get(N.BaseUrl);
        var edgeUrl = context.Get(N.Url);
        if (!isExplicit && key is null && baseUrl is null && edgeUrl is null)
        {
            return;
        }

        var candidate = context.Add(GatewayKind.Netlify, GatewayDetector.Ranks.Netlify, isExplicit);
        if (baseUrl is not null && edgeUrl is not null && !string.Equals(baseUrl.TrimEnd('/'), edgeUrl.TrimEnd('/'), StringComparison.OrdinalIgnoreCase))
        {
            context.Warnings.Add($"{N.BaseUrl} and {N.Url} differ; {N.BaseUrl} is used.");
        }

        var (urlSource, urlValue) = baseUrl is not null ? (N.BaseUrl, baseUrl) : (N.Url, edgeUrl);
        Uri? root = null;
        if (isExplicit && context.ExplicitBaseUri is { } explicitRoot)
        {
            (urlSource, root) = (ExplicitBaseUrl, explicitRoot);
        }
        else if (urlValue is not null)
        {
            root = context.ParseUrl(urlSource, urlValue, "https://<site>.netlify.app/.netlify/ai/", candidate);
        }

        var credential = isExplicit ? context.ExplicitKey() : null;
        var keySource = credential is null ? N.Key : ExplicitApiKey;
        credential ??= key is null ? null : context.Credential(N.Key);

        if (root is null && urlValue is null)
        {
            candidate.Fail(key is null
                ? $"AiGatewayOptions.Gateway is Netlify, but {N.Key} and {N.BaseUrl} are not set. Netlify injects them at runtime (and in `netlify dev` after the site's first production deploy); outside Netlify, set both."
                : $"{N.Key} is set but neither {N.BaseUrl} nor {N.Url} is. Netlify injects them together; set {N.BaseUrl} to the site's gateway root, for example https://<site>.netlify.app/.netlify/ai/.");
        }

        if (credential is null)
        {
            candidate.Fail($"{urlSource} is set but {N.Key} is empty. Netlify injects the token with the URL at runtime (and in `netlify dev` after the site's first production deploy); set {N.Key} (or {ExplicitApiKey}).");
        }

        context.Hints.Add("Netlify AI Gateway only answers after the site's first production deploy, also under `netlify dev`.");
        context.WarnIfExpired(key, N.Key, "it is re-injected per invocation on Netlify; outside Netlify, fetch a fresh one (restart `netlify dev`)");
        if (key is not null)
        {
            ClaimPairs(context, key, root, candidate);
        }

        if (candidate.Error is not null || root is null || credential is null)
        {
            return;
        }

        candidate.Notes.Add($"The token is re-read on every request ({keySource}), so rotated tokens are picked up.");
        var (openRouterKey, openRouterBase) = FindOpenRouterPair(context, key, candidate);
        candidate.Profile = new NetlifyGateway(root, credential)
        {
            Sources = openRouterBase is null ? [keySource, urlSource] : [keySource, urlSource, openRouterKey!.Source, N.OpenRouterBaseUrl],
            OpenRouterKey = openRouterKey,
            OpenRouterBaseUri = openRouterBase,
        };
    }

    /// <summary>
    /// Netlify's OpenRouter pair (docs/gateways.md, Netlify, OpenRouter pair): used when its base URL is on the Netlify
    /// gateway or its key is Netlify's token; a pair of the user's own (another URL and key) is left alone. Other
    /// creators' models (DeepSeek, Meta, Mistral, Qwen, xAI, …) need it. Never fails the Netlify candidate.
    /// </summary>
    private static (GatewayCredential? Key, Uri? BaseUri) FindOpenRouterPair(GatewayDetectionContext context, string? netlifyKey, GatewayCandidate candidate)
    {
        var key = context.Get(N.OpenRouterKey);
        var baseUrl = context.Get(N.OpenRouterBaseUrl);
        if (key is null && baseUrl is null)
        {
            candidate.Missing.Add($"{N.OpenRouterKey}/{N.OpenRouterBaseUrl}: models of other creators (DeepSeek, Meta, Mistral, Qwen, xAI, …) cannot be called through Netlify without its OpenRouter pair. Netlify injects it at runtime; outside Netlify, set both.");
            return (null, null);
        }

        if (baseUrl is null)
        {
            context.Warnings.Add($"{N.OpenRouterKey} is set but {N.OpenRouterBaseUrl} is not, so other creators' models cannot be called through Netlify. Netlify injects both; set {N.OpenRouterBaseUrl} too.");
            return (null, null);
        }

        if (TryUrl(baseUrl) is not { } uri || !GatewayUri.IsSecureOrLoopback(uri) || uri.UserInfo.Length > 0)
        {
            context.Warnings.Add($"{N.OpenRouterBaseUrl} is not an absolute https URL without user info (its value is not shown), so other creators' models cannot be called through Netlify. Fix {N.OpenRouterBaseUrl}.");
            return (null, null);
        }

        var keyIsNetlify = key is not null && netlifyKey is not null && string.Equals(key, netlifyKey, StringComparison.Ordinal);
        if (!keyIsNetlify && !IsGatewayUrl(uri))
        {
            context.Shadowing.Add($"{N.OpenRouterKey}/{N.OpenRouterBaseUrl} set by you point at {GatewayUri.Display(uri)}, not at Netlify, and Netlify injects neither when either is set. This client does not send other creators' models there; unset them to use Netlify's pair.");
            return (null, null);
        }

        if (key is null && netlifyKey is null)
        {
            context.Warnings.Add($"{N.OpenRouterBaseUrl} is set but {N.OpenRouterKey} is not. Netlify injects both; set {N.OpenRouterKey} too.");
            return (null, null);
        }

        var credential = context.Credential(key is not null ? N.OpenRouterKey : N.Key);
        candidate.Notes.Add($"{N.OpenRouterKey}/{N.OpenRouterBaseUrl}: Netlify's OpenRouter pair; models of other creators (DeepSeek, Meta, Mistral, Qwen, xAI, …) go over Chat Completions to {GatewayUri.Display(GatewayUri.AsDirectory(uri))}chat/completions with OpenRouter's ids (for example meta-llama/llama-3.3-70b-instruct).");
        return (credential, uri);
    }

    /// <summary>
    /// Netlify injects each provider pair with the same token and root, unless the user set either variable of the
    /// pair (then it injects neither; GOOGLE_API_KEY/GOOGLE_VERTEX_BASE_URL also stop the Gemini pair).
    /// </summary>
    private static void ClaimPairs(GatewayDetectionContext context, string netlifyKey, Uri? root, GatewayCandidate candidate)
    {
        foreach (var pair in ProviderPair.All)
        {
            var key = context.Get(pair.KeyVariable);
            var baseUrl = context.Get(pair.BaseUrlVariable);
            if (pair == ProviderPair.Gemini && (context.Get(V.GoogleKey) is not null || context.Get(V.VertexBaseUrl) is not null))
            {
                var setBy = string.Join(" and ", new[] { V.GoogleKey, V.VertexBaseUrl }.Where(n => context.Get(n) is not null));
                context.Shadowing.Add($"{setBy} (set by you) stops Netlify injecting {V.GeminiKey}/{V.GeminiBaseUrl}. This client still sends Google models through Netlify.");
            }

            if (key is null && baseUrl is null)
            {
                continue;
            }

            var keyIsNetlify = key is not null && string.Equals(key, netlifyKey, StringComparison.Ordinal);

            // Both sides as directories: NetlifyGateway adds the missing trailing slash to the root, so ".../ai" and
            // ".../ai/" are the same gateway here too.
            var baseIsNetlify = baseUrl is not null && root is not null && TryUrl(baseUrl) is { } parsed
                && string.Equals(GatewayUri.AsDirectory(parsed).AbsoluteUri, GatewayUri.AsDirectory(root).AbsoluteUri, StringComparison.OrdinalIgnoreCase);
            if (keyIsNetlify || (baseIsNetlify && key is null))
            {
                context.Claim(pair, GatewayKind.Netlify);
                candidate.Notes.Add($"{pair}: injected by Netlify (same token), so {pair.Provider} SDKs in this process also go through the gateway.");
            }
            else if (baseIsNetlify)
            {
                context.Claim(pair, GatewayKind.Netlify);
                context.Warnings.Add($"{pair.BaseUrlVariable} points at the Netlify gateway but {pair.KeyVariable} is not {N.Key}, so {pair.Provider} SDKs using that pair will be refused; this client sends {N.Key}.");
            }
            else
            {
                var setNames = new[] { (pair.KeyVariable, key), (pair.BaseUrlVariable, baseUrl) }.Where(p => p.Item2 is not null).Select(p => p.Item1).ToArray();
                var why = key is not null ? $" (the key differs from {N.Key}, so it is your own)" : string.Empty;
                context.Shadowing.Add(
                    $"{string.Join(" and ", setNames)} set by you{why} {(setNames.Length == 1 ? "shadows" : "shadow")} Netlify's {pair.Provider} pair: Netlify injects neither {pair.KeyVariable} nor {pair.BaseUrlVariable} when either is set. " +
                    $"This client still sends {pair.Provider} models through Netlify; your pair is used for its own target (a failover target).");
            }
        }
    }
}
