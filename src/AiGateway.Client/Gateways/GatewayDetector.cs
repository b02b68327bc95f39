using System.Globalization;
using V = AiGateway.Client.Gateways.GatewayVariables;

namespace AiGateway.Client.Gateways;

/// <summary>
/// Reads the variables (and explicit options) once and turns them into ranked <see cref="GatewayCandidate"/>s, plus
/// the warnings, shadowing and hints of the diagnosis. Never puts a secret value into any message: keys are only
/// compared with each other, and URL values are shown without user info or query.
/// </summary>
internal sealed class GatewayDetector
{
    private const string ExplicitBaseUrl = "AiGatewayOptions.BaseUrl";
    private const string ExplicitApiKey = "AiGatewayOptions.ApiKey";
    private const string ExplicitAccountId = "AiGatewayOptions.AccountId";
    private const string ExplicitGatewayId = "AiGatewayOptions.GatewayId";
    private const string ExplicitGatewayToken = "AiGatewayOptions.GatewayToken";

    private readonly AiGatewayOptions _options;
    private readonly IEnvironmentSource _env;
    private readonly TimeProvider _time;
    private readonly List<GatewayCandidate> _candidates = [];
    private readonly List<string> _warnings = [];
    private readonly List<string> _shadowing = [];
    private readonly List<string> _hints = [];
    private readonly Dictionary<ProviderPair, GatewayKind> _claims = [];
    private string? _fatal;
    private Uri? _explicitBaseUrl;

    private GatewayDetector(AiGatewayOptions options, IEnvironmentSource env)
    {
        _options = options;
        _env = env;
        _time = options.TimeProvider ?? TimeProvider.System;
    }

    /// <summary>What a provider pair's base URL (or key prefix) says it belongs to.</summary>
    private enum PairTarget
    {
        None,
        Netlify,
        Neon,
        Rebyte,
        RebyteModelApi,
        Cloudflare,
        Other,
    }

    /// <summary>Runs detection over <paramref name="env"/> with <paramref name="options"/> winning over it.</summary>
    public static DetectionOutcome Run(AiGatewayOptions options, IEnvironmentSource env, string environmentDescription, IEnumerable<string> notes)
    {
        var detector = new GatewayDetector(options, env);
        detector._hints.AddRange(notes);
        var explicitKind = detector.ResolveExplicitKind();

        // Order matters: Netlify claims the pairs it injected before Neon, Rebyte and Cloudflare claim the pairs whose
        // base URL points at them; Direct takes what nobody claimed.
        detector.DetectNetlify(explicitKind == GatewayKind.Netlify);
        detector.DetectNeon(explicitKind == GatewayKind.Neon);
        detector.DetectRebyte(explicitKind == GatewayKind.Rebyte);
        detector.DetectCloudflare(explicitKind == GatewayKind.Cloudflare);
        detector.DetectVercel(explicitKind == GatewayKind.Vercel);
        detector.DetectDirect(explicitKind == GatewayKind.Direct);
        if (explicitKind == GatewayKind.OpenAICompatible)
        {
            detector.DetectOpenAICompatible();
        }

        return detector.Finish(environmentDescription);
    }

    private DetectionOutcome Finish(string environmentDescription)
    {
        var ordered = _candidates.OrderBy(c => c.IsExplicit ? int.MinValue : c.Rank).ToList();
        var fatal = _fatal;
        if (fatal is null && ordered.FirstOrDefault(c => c.IsExplicit && c.Error is not null) is { } brokenExplicit)
        {
            fatal = brokenExplicit.Error;
        }

        if (fatal is null && ordered.Count == 0)
        {
            fatal = NothingFoundMessage();
        }

        if (fatal is null && ordered[0].Error is { } primaryError)
        {
            var others = ordered.Skip(1).Where(c => c.IsUsable).Select(c => c.Profile!.Name).ToArray();
            fatal = others.Length == 0
                ? primaryError
                : $"{primaryError} (Also detected, later in the precedence order: {string.Join(", ", others)}. To use one of them, set AiGatewayOptions.Gateway; otherwise fix the error above.)";
        }

        foreach (var candidate in ordered.Skip(1).Where(c => c.Error is not null))
        {
            _warnings.Add($"{candidate.Kind} was left out of the failover targets: {candidate.Error}");
        }

        return new DetectionOutcome
        {
            EnvironmentDescription = environmentDescription,
            Candidates = ordered,
            FatalError = fatal,
            Warnings = _warnings,
            Shadowing = _shadowing,
            Hints = _hints,
        };
    }

    private static string NothingFoundMessage() =>
        "No AI gateway was found in the environment. Set one of: NETLIFY_AI_GATEWAY_KEY + NETLIFY_AI_GATEWAY_BASE_URL " +
        "(Netlify injects them at runtime and in `netlify dev`), AI_GATEWAY_API_KEY or VERCEL_OIDC_TOKEN (Vercel; " +
        "`vercel env pull`), NEON_AI_GATEWAY_TOKEN + NEON_AI_GATEWAY_BASE_URL (Neon; `neon env pull`), " +
        "REBYTE_AI_GATEWAY_KEY (Rebyte), CLOUDFLARE_ACCOUNT_ID + CLOUDFLARE_AI_GATEWAY_ID with a provider key or " +
        "CLOUDFLARE_AI_GATEWAY_TOKEN (Cloudflare), or OPENAI_API_KEY / ANTHROPIC_API_KEY / GEMINI_API_KEY (the providers " +
        "directly). Or configure it explicitly: AiGatewayOptions.BaseUrl and ApiKey (section 'AiGateway' in configuration).";

    // ---------------------------------------------------------------- explicit options

    /// <summary>The kind the explicit options name: <c>Gateway</c>, else the Cloudflare ids, else the kind <c>BaseUrl</c> points at.</summary>
    private GatewayKind? ResolveExplicitKind()
    {
        if (_options.BaseUrl is { } baseUrl)
        {
            if (CheckUrl(baseUrl, ExplicitBaseUrl) is { } urlError)
            {
                _fatal = urlError;
                return null;
            }

            _explicitBaseUrl = baseUrl;
            if (baseUrl.UserInfo.Length > 0)
            {
                _warnings.Add($"{ExplicitBaseUrl} contains user info (user:password@), which is ignored: HttpClient does not send it. Use {ExplicitApiKey} instead.");
                _explicitBaseUrl = new UriBuilder(baseUrl) { UserName = string.Empty, Password = string.Empty }.Uri;
            }
        }

        if (_options.ApiKey is { } apiKey && GatewayHeaders.HasLineBreak(apiKey))
        {
            _fatal = $"{ExplicitApiKey} contains a line break, which cannot be sent in an HTTP header. Remove it.";
            return null;
        }

        if (_options.Gateway is { } kind)
        {
            return kind;
        }

        if (_options.AccountId is not null || _options.GatewayId is not null || _options.GatewayToken is not null)
        {
            return GatewayKind.Cloudflare;
        }

        if (_explicitBaseUrl is { } url)
        {
            return KindOf(url);
        }

        if (_options.ApiKey is not null)
        {
            _fatal = $"{ExplicitApiKey} is set, but not where it should be sent: also set AiGatewayOptions.Gateway (for example Vercel) or {ExplicitBaseUrl}.";
        }

        return null;
    }

    /// <summary>The gateway an explicit base URL points at; any other host is an OpenAI-compatible endpoint.</summary>
    private static GatewayKind KindOf(Uri url) => ClassifyBase(url) switch
    {
        PairTarget.Netlify => GatewayKind.Netlify,
        PairTarget.Neon => GatewayKind.Neon,
        PairTarget.Rebyte => GatewayKind.Rebyte,
        PairTarget.Cloudflare => GatewayKind.Cloudflare,
        _ when url.Host.Equals(VercelGateway.DefaultRoot.Host, StringComparison.OrdinalIgnoreCase) => GatewayKind.Vercel,
        _ => GatewayKind.OpenAICompatible,
    };

    private GatewayCredential? ExplicitKey() =>
        _options.ApiKey is { Length: > 0 } key ? GatewayCredential.FromValue(key, ExplicitApiKey) : null;

    private void DetectOpenAICompatible()
    {
        var candidate = Add(GatewayKind.OpenAICompatible, rank: 0, isExplicit: true);
        if (_explicitBaseUrl is not { } baseUrl)
        {
            candidate.Fail($"AiGatewayOptions.Gateway is OpenAICompatible, but {ExplicitBaseUrl} is not set: set it to the endpoint's base URL (for example https://host/v1).");
            return;
        }

        var key = ExplicitKey();
        if (key is null)
        {
            candidate.Notes.Add($"No {ExplicitApiKey}: requests are sent without an Authorization header.");
        }

        candidate.Profile = new OpenAICompatibleGateway(baseUrl, key)
        {
            Sources = key is null ? [ExplicitBaseUrl] : [ExplicitBaseUrl, ExplicitApiKey],
        };
    }

    // ---------------------------------------------------------------- Netlify

    private void DetectNetlify(bool isExplicit)
    {
        var key = Get(V.NetlifyKey);
        var baseUrl = Get(V.NetlifyBaseUrl);
        var edgeUrl = Get(V.NetlifyUrl);
        if (!isExplicit && key is null && baseUrl is null && edgeUrl is null)
        {
            return;
        }

        var candidate = Add(GatewayKind.Netlify, Ranks.Netlify, isExplicit);
        if (baseUrl is not null && edgeUrl is not null && !string.Equals(baseUrl.TrimEnd('/'), edgeUrl.TrimEnd('/'), StringComparison.OrdinalIgnoreCase))
        {
            _warnings.Add($"{V.NetlifyBaseUrl} and {V.NetlifyUrl} differ; {V.NetlifyBaseUrl} is used.");
        }

        var (urlSource, urlValue) = baseUrl is not null ? (V.NetlifyBaseUrl, baseUrl) : (V.NetlifyUrl, edgeUrl);
        Uri? root = null;
        if (isExplicit && _explicitBaseUrl is { } explicitRoot)
        {
            (urlSource, root) = (ExplicitBaseUrl, explicitRoot);
        }
        else if (urlValue is not null)
        {
            root = ParseUrl(urlSource, urlValue, "https://<site>.netlify.app/.netlify/ai/", candidate);
        }

        var credential = isExplicit ? ExplicitKey() : null;
        var keySource = credential is null ? V.NetlifyKey : ExplicitApiKey;
        credential ??= key is null ? null : GatewayCredential.FromVariable(_env, V.NetlifyKey);

        if (root is null && urlValue is null)
        {
            candidate.Fail(key is null
                ? $"AiGatewayOptions.Gateway is Netlify, but {V.NetlifyKey} and {V.NetlifyBaseUrl} are not set. Netlify injects them at runtime (and in `netlify dev` after the site's first production deploy); outside Netlify, set both."
                : $"{V.NetlifyKey} is set but neither {V.NetlifyBaseUrl} nor {V.NetlifyUrl} is. Netlify injects them together; set {V.NetlifyBaseUrl} to the site's gateway root, for example https://<site>.netlify.app/.netlify/ai/.");
        }

        if (credential is null)
        {
            candidate.Fail($"{urlSource} is set but {V.NetlifyKey} is empty. Netlify injects the token with the URL at runtime (and in `netlify dev` after the site's first production deploy); set {V.NetlifyKey} (or {ExplicitApiKey}).");
        }

        _hints.Add("Netlify AI Gateway only answers after the site's first production deploy, also under `netlify dev`.");
        WarnIfExpired(key, V.NetlifyKey, "it is re-injected per invocation on Netlify; outside Netlify, fetch a fresh one (restart `netlify dev`)");
        if (key is not null)
        {
            ClaimNetlifyPairs(key, root, candidate);
        }

        if (candidate.Error is not null || root is null || credential is null)
        {
            return;
        }

        candidate.Notes.Add($"The token is re-read on every request ({keySource}), so rotated tokens are picked up.");
        candidate.Profile = new NetlifyGateway(root, credential) { Sources = [keySource, urlSource] };
    }

    /// <summary>
    /// Netlify injects each provider pair with the same token and root, unless the user set either variable of the
    /// pair (then it injects neither; GOOGLE_API_KEY/GOOGLE_VERTEX_BASE_URL also stop the Gemini pair).
    /// </summary>
    private void ClaimNetlifyPairs(string netlifyKey, Uri? root, GatewayCandidate candidate)
    {
        foreach (var pair in ProviderPair.All)
        {
            var key = Get(pair.KeyVariable);
            var baseUrl = Get(pair.BaseUrlVariable);
            if (pair == ProviderPair.Gemini && (Get(V.GoogleKey) is not null || Get(V.VertexBaseUrl) is not null))
            {
                var setBy = string.Join(" and ", new[] { V.GoogleKey, V.VertexBaseUrl }.Where(n => Get(n) is not null));
                _shadowing.Add($"{setBy} (set by you) stops Netlify injecting {V.GeminiKey}/{V.GeminiBaseUrl}. This client still sends Google models through Netlify.");
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
                _claims[pair] = GatewayKind.Netlify;
                candidate.Notes.Add($"{pair}: injected by Netlify (same token), so {pair.Provider} SDKs in this process also go through the gateway.");
            }
            else if (baseIsNetlify)
            {
                _claims[pair] = GatewayKind.Netlify;
                _warnings.Add($"{pair.BaseUrlVariable} points at the Netlify gateway but {pair.KeyVariable} is not {V.NetlifyKey}, so {pair.Provider} SDKs using that pair will be refused; this client sends {V.NetlifyKey}.");
            }
            else
            {
                var setNames = new[] { (pair.KeyVariable, key), (pair.BaseUrlVariable, baseUrl) }.Where(p => p.Item2 is not null).Select(p => p.Item1).ToArray();
                var why = key is not null ? $" (the key differs from {V.NetlifyKey}, so it is your own)" : string.Empty;
                _shadowing.Add(
                    $"{string.Join(" and ", setNames)} set by you{why} {(setNames.Length == 1 ? "shadows" : "shadow")} Netlify's {pair.Provider} pair: Netlify injects neither {pair.KeyVariable} nor {pair.BaseUrlVariable} when either is set. " +
                    $"This client still sends {pair.Provider} models through Netlify; your pair is used for its own target (a failover target).");
            }
        }
    }

    // ---------------------------------------------------------------- Neon

    private void DetectNeon(bool isExplicit)
    {
        var token = Get(V.NeonToken);
        var baseUrl = Get(V.NeonBaseUrl);
        var legacyKey = Get(V.NeonKey);
        var legacyHost = Get(V.NeonHost);
        var openAIPair = !IsClaimed(ProviderPair.OpenAI) && ClassifyPair(ProviderPair.OpenAI) == PairTarget.Neon;
        var current = token is not null || baseUrl is not null;
        var earliest = legacyKey is not null || legacyHost is not null;
        if (!isExplicit && !current && !openAIPair && !earliest)
        {
            return;
        }

        var candidate = Add(GatewayKind.Neon, Ranks.Neon, isExplicit);
        if (openAIPair)
        {
            _claims[ProviderPair.OpenAI] = GatewayKind.Neon;
        }

        Uri? host = null;
        GatewayCredential? credential = null;
        string hostSource, credentialSource;
        var explicitHost = isExplicit ? _explicitBaseUrl : null;
        if (current || (isExplicit && !openAIPair && !earliest))
        {
            (credentialSource, hostSource) = (V.NeonToken, V.NeonBaseUrl);
            if (explicitHost is null && baseUrl is not null)
            {
                host = ParseUrl(V.NeonBaseUrl, baseUrl, "https://<branch-id>-api.ai.<cell>.<region>.aws.neon.tech", candidate);
                if (host is not null && host.AbsolutePath.Length > 1)
                {
                    _warnings.Add($"{V.NeonBaseUrl} should be the bare branch host; its path '{host.AbsolutePath}' is ignored (each dialect has its own route under the host).");
                }
            }

            credential = token is null ? null : GatewayCredential.FromVariable(_env, V.NeonToken);
            if (explicitHost is null && baseUrl is null)
            {
                candidate.Fail(token is null
                    ? $"AiGatewayOptions.Gateway is Neon, but {V.NeonToken} and {V.NeonBaseUrl} are not set: `neon env pull` writes both (or set {ExplicitBaseUrl} and {ExplicitApiKey})."
                    : $"{V.NeonToken} is set but {V.NeonBaseUrl} is not: set it to the branch's gateway host (`neon env pull` writes both), for example https://<branch-id>-api.ai.<cell>.<region>.aws.neon.tech.");
            }
        }
        else if (openAIPair)
        {
            // Second generation: the OpenAI SDK pair aimed at H/ai-gateway/openai/v1.
            (credentialSource, hostSource) = (V.OpenAIKey, V.OpenAIBaseUrl);
            var pairBase = Get(V.OpenAIBaseUrl);
            if (explicitHost is null && pairBase is not null)
            {
                host = ParseUrl(V.OpenAIBaseUrl, pairBase, "https://<branch-host>/ai-gateway/openai/v1", candidate);
            }

            var pairKey = Get(V.OpenAIKey);
            credential = pairKey is null ? null : GatewayCredential.FromVariable(_env, V.OpenAIKey);
            if (explicitHost is null && pairBase is null)
            {
                candidate.Fail($"{V.OpenAIKey} holds a Neon token (nt_…) but {V.OpenAIBaseUrl} is not set. Set {V.NeonToken} and {V.NeonBaseUrl} (`neon env pull`), or set {V.OpenAIBaseUrl} to the branch's …/ai-gateway/openai/v1 URL.");
            }
            else if (pairKey is not null && !pairKey.StartsWith("nt_", StringComparison.Ordinal))
            {
                _warnings.Add($"{V.OpenAIBaseUrl} points at Neon but {V.OpenAIKey} does not look like a Neon credential (nt_live_…); Neon will refuse it.");
            }

            candidate.Notes.Add($"Older setup ({V.OpenAIKey} + {V.OpenAIBaseUrl}); `neon env pull` now writes {V.NeonToken} and {V.NeonBaseUrl}.");
        }
        else
        {
            // Earliest generation: the host without a scheme.
            (credentialSource, hostSource) = (V.NeonKey, V.NeonHost);
            if (explicitHost is null && legacyHost is not null)
            {
                var withScheme = legacyHost.Contains("://", StringComparison.Ordinal) ? legacyHost : "https://" + legacyHost;
                host = ParseUrl(V.NeonHost, withScheme, "<branch-id>-api.ai.<cell>.<region>.aws.neon.tech", candidate);
            }

            credential = legacyKey is null ? null : GatewayCredential.FromVariable(_env, V.NeonKey);
            if (explicitHost is null && legacyHost is null)
            {
                candidate.Fail($"{V.NeonKey} is set but {V.NeonHost} is not. Set both, or better the current pair {V.NeonToken} and {V.NeonBaseUrl} (`neon env pull`).");
            }

            candidate.Notes.Add($"Earliest setup ({V.NeonKey} + {V.NeonHost}); `neon env pull` now writes {V.NeonToken} and {V.NeonBaseUrl}.");
        }

        if (explicitHost is not null)
        {
            (host, hostSource) = (explicitHost, ExplicitBaseUrl);
        }

        if (isExplicit && ExplicitKey() is { } explicitKey)
        {
            (credential, credentialSource) = (explicitKey, ExplicitApiKey);
        }

        if (credential is null)
        {
            candidate.Fail($"{hostSource} is set but {credentialSource} is empty: Neon needs its credential (nt_live_…) with the host. `neon env pull` writes both.");
        }

        var generations = new List<string>(3);
        if (current)
        {
            generations.Add($"{V.NeonToken}/{V.NeonBaseUrl}");
        }

        if (openAIPair)
        {
            generations.Add($"{V.OpenAIKey}/{V.OpenAIBaseUrl}");
        }

        if (earliest)
        {
            generations.Add($"{V.NeonKey}/{V.NeonHost}");
        }

        if (generations.Count > 1)
        {
            _shadowing.Add($"{generations[0]} (the newer Neon setup) shadows {string.Join(" and ", generations.Skip(1))}; remove the older variables.");
        }

        if (candidate.Error is not null || host is null || credential is null)
        {
            return;
        }

        candidate.Profile = new NeonGateway(host, credential) { Sources = [credentialSource, hostSource] };
    }

    // ---------------------------------------------------------------- Rebyte

    private void DetectRebyte(bool isExplicit)
    {
        var key = Get(V.RebyteKey);
        var url = Get(V.RebyteUrl);
        var pairTarget = IsClaimed(ProviderPair.OpenAI) ? PairTarget.None : ClassifyPair(ProviderPair.OpenAI);
        if (pairTarget == PairTarget.RebyteModelApi)
        {
            _hints.Add($"{V.OpenAIBaseUrl} points at model.rebyte.ai, a different Rebyte product (sk_ keys) than the Rebyte AI Gateway (api.rebyte.ai); it is treated as a direct OpenAI-compatible endpoint.");
        }

        var openAIPair = pairTarget == PairTarget.Rebyte;
        var newer = key is not null || url is not null;
        if (!isExplicit && !newer && !openAIPair)
        {
            return;
        }

        var candidate = Add(GatewayKind.Rebyte, Ranks.Rebyte, isExplicit);
        if (openAIPair)
        {
            _claims[ProviderPair.OpenAI] = GatewayKind.Rebyte;
        }

        string keySource, urlSource;
        string? urlValue;
        if (newer || !openAIPair)
        {
            (keySource, urlSource, urlValue) = (V.RebyteKey, V.RebyteUrl, url);
            if (openAIPair)
            {
                _shadowing.Add($"{V.RebyteKey}/{V.RebyteUrl} (the newer Rebyte setup) shadow {V.OpenAIKey}/{V.OpenAIBaseUrl}.");
            }
        }
        else
        {
            (keySource, urlSource, urlValue) = (V.OpenAIKey, V.OpenAIBaseUrl, Get(V.OpenAIBaseUrl));
            var pairKey = Get(V.OpenAIKey);
            if (pairKey is not null && !pairKey.StartsWith("aig_", StringComparison.Ordinal))
            {
                _warnings.Add($"{V.OpenAIBaseUrl} points at the Rebyte AI Gateway but {V.OpenAIKey} does not look like a Rebyte gateway key (aig_…); Rebyte will refuse it.");
            }
        }

        Uri? baseUri;
        if (isExplicit && _explicitBaseUrl is { } explicitBase)
        {
            (urlSource, baseUri) = (ExplicitBaseUrl, explicitBase);
        }
        else if (urlValue is not null)
        {
            baseUri = ParseUrl(urlSource, urlValue, "https://api.rebyte.ai/api/ai/v1", candidate);
        }
        else
        {
            baseUri = RebyteGateway.DefaultBaseUri;
            candidate.Notes.Add($"{urlSource} is not set; using {GatewayUri.Display(RebyteGateway.DefaultBaseUri)}.");
        }

        var credential = isExplicit ? ExplicitKey() : null;
        if (credential is not null)
        {
            keySource = ExplicitApiKey;
        }
        else if (Get(keySource) is not null)
        {
            credential = GatewayCredential.FromVariable(_env, keySource);
        }

        if (credential is null)
        {
            candidate.Fail(isExplicit && !newer && !openAIPair
                ? $"AiGatewayOptions.Gateway is Rebyte, but {V.RebyteKey} is not set: set it (or {ExplicitApiKey}) to the gateway key (aig_…)."
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

    // ---------------------------------------------------------------- Cloudflare

    private void DetectCloudflare(bool isExplicit)
    {
        var (accountSource, account) = _options.AccountId is { } a ? (ExplicitAccountId, a) : First(V.CloudflareAccountId);
        var (gatewaySource, gatewayId) = _options.GatewayId is { } g ? (ExplicitGatewayId, g) : First(V.CloudflareGatewayId);
        var (tokenSource, token) = _options.GatewayToken is { } t ? (ExplicitGatewayToken, t) : First(V.CloudflareGatewayToken);

        // A provider base URL (or the explicit BaseUrl) on gateway.ai.cloudflare.com/v1/{account}/{gateway}/… also identifies it.
        var urlSources = new List<(string Source, string Account, string Gateway)>();
        var urlErrors = new List<string>();
        if (isExplicit && _explicitBaseUrl is { } explicitUrl)
        {
            AddCloudflareUrl(ExplicitBaseUrl, explicitUrl, urlSources, urlErrors);
        }

        foreach (var pair in ProviderPair.All)
        {
            if (!IsClaimed(pair) && ClassifyPair(pair) == PairTarget.Cloudflare && TryUrl(Get(pair.BaseUrlVariable)!) is { } pairUrl)
            {
                _claims[pair] = GatewayKind.Cloudflare;
                AddCloudflareUrl(pair.BaseUrlVariable, pairUrl, urlSources, urlErrors);
            }
        }

        if (!isExplicit && gatewayId is null && token is null && urlSources.Count == 0 && urlErrors.Count == 0)
        {
            if (account is not null)
            {
                // An account id alone is common (wrangler deploys use it), so it is not an error.
                _warnings.Add($"{accountSource} is set but no AI Gateway id ({string.Join(", ", V.CloudflareGatewayId)}), so Cloudflare AI Gateway is not used. Set CLOUDFLARE_AI_GATEWAY_ID to the gateway's name to use it.");
            }

            return;
        }

        var candidate = Add(GatewayKind.Cloudflare, Ranks.Cloudflare, isExplicit);
        foreach (var error in urlErrors)
        {
            candidate.Fail(error);
        }

        if (urlSources.Count > 0)
        {
            var (source, urlAccount, urlGateway) = urlSources[0];
            if ((account is not null && !string.Equals(account, urlAccount, StringComparison.Ordinal)) || (gatewayId is not null && !string.Equals(gatewayId, urlGateway, StringComparison.Ordinal)))
            {
                _warnings.Add($"{source} names Cloudflare account/gateway '{urlAccount}/{urlGateway}', which differs from {accountSource ?? "the account id"}/{gatewaySource ?? "the gateway id"}; the id variables are used.");
            }

            if (account is null)
            {
                (accountSource, account) = (source, urlAccount);
            }

            if (gatewayId is null)
            {
                (gatewaySource, gatewayId) = (source, urlGateway);
            }
        }

        var what = string.Join(" and ", new[] { accountSource, gatewaySource, tokenSource }.Where(s => s is not null));
        if (gatewayId is null && account is null)
        {
            candidate.Fail($"{(what.Length > 0 ? what : "AiGatewayOptions.Gateway = Cloudflare")} is set but neither the Cloudflare account id nor the AI Gateway id: set CLOUDFLARE_ACCOUNT_ID (or CF_ACCOUNT_ID, or {ExplicitAccountId}) and CLOUDFLARE_AI_GATEWAY_ID (or CLOUDFLARE_GATEWAY_ID, CF_AIG_ID, or {ExplicitGatewayId}).");
        }

        if (gatewayId is null)
        {
            candidate.Fail($"{(what.Length > 0 ? what : "AiGatewayOptions.Gateway = Cloudflare")} is set but no Cloudflare AI Gateway id: set CLOUDFLARE_AI_GATEWAY_ID (or CLOUDFLARE_GATEWAY_ID, CF_AIG_ID, or {ExplicitGatewayId}) to the gateway's name.");
        }

        if (account is null)
        {
            candidate.Fail($"{(what.Length > 0 ? what : "AiGatewayOptions.Gateway = Cloudflare")} is set but no Cloudflare account id: set CLOUDFLARE_ACCOUNT_ID (or CF_ACCOUNT_ID, or {ExplicitAccountId}) to the 32-character account id from the dashboard.");
        }

        if (account is not null && !CloudflareGateway.IsValidPathId(account))
        {
            candidate.Fail($"{accountSource} is not a Cloudflare account id: it may only contain letters and digits (it is the 32-character hexadecimal id shown in the dashboard).");
        }
        else if (account is not null && (account.Length != 32 || !account.All(char.IsAsciiHexDigit)))
        {
            // Refused rather than warned about: the id goes into every URL (and so into logs and traces), and a key
            // pasted into the wrong variable must not travel there.
            candidate.Fail($"{accountSource} is not a Cloudflare account id: it must be the 32 hexadecimal characters shown in the dashboard (Account ID). Its value is not shown here in case a key was pasted into it.");
        }

        if (gatewayId is not null && !CloudflareGateway.IsValidPathId(gatewayId))
        {
            candidate.Fail($"{gatewaySource} is not a Cloudflare AI Gateway id: it may only contain letters, digits, '-' and '_'.");
        }

        if (token is not null && GatewayHeaders.HasLineBreak(token))
        {
            candidate.Fail($"{tokenSource} contains a line break, which cannot be sent in an HTTP header. Remove it.");
        }

        var gatewayToken = token is null ? null
            : tokenSource == ExplicitGatewayToken ? GatewayCredential.FromValue(token, ExplicitGatewayToken)
            : GatewayCredential.FromVariable(_env, tokenSource!);
        var explicitKey = isExplicit ? ExplicitKey() : null;
        var openAIKey = explicitKey ?? PairKey(ProviderPair.OpenAI, GatewayKind.Cloudflare);
        var anthropicKey = explicitKey ?? PairKey(ProviderPair.Anthropic, GatewayKind.Cloudflare);
        var googleKey = explicitKey ?? GoogleKey(GatewayKind.Cloudflare);
        var (workersSource, _) = First(V.CloudflareApiToken);
        var workersToken = explicitKey ?? (workersSource is null ? null : GatewayCredential.FromVariable(_env, workersSource));
        if (gatewayToken is null && openAIKey is null && anthropicKey is null && googleKey is null && workersToken is null)
        {
            candidate.Fail($"Cloudflare AI Gateway ({what}) has no provider key and no gateway token, so no request could be authenticated. Set {V.OpenAIKey}, {V.AnthropicKey} or {V.GeminiKey}, or store the keys in the gateway (BYOK) and set CLOUDFLARE_AI_GATEWAY_TOKEN.");
        }

        foreach (var (credential, provider, models, variable) in new[]
        {
            (openAIKey, "OpenAI", "OpenAI models", V.OpenAIKey),
            (anthropicKey, "Anthropic", "Anthropic models", V.AnthropicKey),
            (googleKey, "Google", "Google models", $"{V.GeminiKey} or {V.GoogleKey}"),
            (workersToken, "Workers AI", "Workers AI models (@cf/…)", "CLOUDFLARE_API_TOKEN"),
        })
        {
            if (credential is not null)
            {
                continue;
            }

            if (gatewayToken is null)
            {
                candidate.Missing.Add($"{variable}: {models} cannot be called through Cloudflare (or store the key in the gateway and set CLOUDFLARE_AI_GATEWAY_TOKEN).");
            }
            else
            {
                candidate.Notes.Add($"No {variable}: {provider} calls rely on a key stored in the gateway (BYOK) or Unified Billing.");
            }
        }

        if (candidate.Error is not null || account is null || gatewayId is null)
        {
            return;
        }

        var sources = new List<string> { accountSource!, gatewaySource! };
        sources.AddRange(new[] { gatewayToken, openAIKey, anthropicKey, googleKey, workersToken }.OfType<GatewayCredential>().Select(c => c.Source));
        var profile = new CloudflareGateway(account, gatewayId)
        {
            GatewayToken = gatewayToken,
            OpenAIKey = openAIKey,
            AnthropicKey = anthropicKey,
            GoogleKey = googleKey,
            WorkersAIToken = workersToken,
            Sources = sources.Distinct(StringComparer.Ordinal).ToArray(),
        };
        candidate.Notes.Add($"@cf/ models go to the Workers AI route: {GatewayUri.Display(profile.WorkersAIBaseUri)}chat/completions.");
        candidate.Profile = profile;
    }

    private static void AddCloudflareUrl(string source, Uri url, List<(string, string, string)> found, List<string> errors)
    {
        // https://gateway.ai.cloudflare.com/v1/{account_id}/{gateway_id}/{provider}/…
        var segments = url.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length >= 3 && segments[0] == "v1")
        {
            found.Add((source, Uri.UnescapeDataString(segments[1]), Uri.UnescapeDataString(segments[2])));
        }
        else
        {
            errors.Add($"{source} is on {CloudflareGateway.Host} but its path is not /v1/<account_id>/<gateway_id>/<provider>: fix {source} (for example https://{CloudflareGateway.Host}/v1/<account_id>/<gateway_id>/openai).");
        }
    }

    // ---------------------------------------------------------------- Vercel

    private void DetectVercel(bool isExplicit)
    {
        var apiKey = Get(V.VercelApiKey);
        var oidc = Get(V.VercelOidcToken);
        var explicitKey = isExplicit ? ExplicitKey() : null;
        if (!isExplicit && apiKey is null && oidc is null)
        {
            return;
        }

        var rank = explicitKey is not null || apiKey is not null ? Ranks.VercelKey : Ranks.VercelOidc;
        var candidate = Add(GatewayKind.Vercel, rank, isExplicit);
        var credential = explicitKey
            ?? (apiKey is not null ? GatewayCredential.FromVariable(_env, V.VercelApiKey)
            : oidc is not null ? GatewayCredential.FromVariable(_env, V.VercelOidcToken) : null);
        if (credential is null)
        {
            candidate.Fail($"AiGatewayOptions.Gateway is Vercel, but no token is set: set {V.VercelApiKey} (an AI Gateway API key) or {V.VercelOidcToken} (`vercel env pull`), or {ExplicitApiKey}.");
            return;
        }

        if (apiKey is not null && oidc is not null)
        {
            _shadowing.Add($"{(explicitKey is null ? V.VercelApiKey : ExplicitApiKey)} shadows {V.VercelOidcToken}: the key is sent even if it is invalid (Vercel's rule).");
        }

        if (credential.Source == V.VercelOidcToken)
        {
            candidate.Notes.Add($"{V.VercelOidcToken} is short-lived (about 12 hours from `vercel env pull`; on Vercel the platform refreshes it); it is re-read on every request.");
            WarnIfExpired(oidc, V.VercelOidcToken, "run `vercel env pull` again");
        }

        Uri? root = null;
        if (isExplicit && _explicitBaseUrl is { } explicitRoot)
        {
            // Accept the OpenAI-style base (…/v1) as well as the root.
            var path = explicitRoot.AbsolutePath.TrimEnd('/');
            root = path.EndsWith("/v1", StringComparison.OrdinalIgnoreCase)
                ? new UriBuilder(explicitRoot) { Path = path[..^3] + "/", Query = string.Empty }.Uri
                : explicitRoot;
        }

        var sources = new List<string>(2) { credential.Source };
        if (root is not null)
        {
            sources.Insert(0, ExplicitBaseUrl);
        }

        candidate.Profile = new VercelGateway(credential, root) { Sources = sources };
    }

    // ---------------------------------------------------------------- Direct

    private void DetectDirect(bool isExplicit)
    {
        var explicitKey = isExplicit ? ExplicitKey() : null;
        var openAIKey = explicitKey ?? PairKey(ProviderPair.OpenAI, GatewayKind.Direct);
        var anthropicKey = PairKey(ProviderPair.Anthropic, GatewayKind.Direct);
        var googleKey = GoogleKey(GatewayKind.Direct);
        var googleBothSet = Get(V.GoogleKey) is not null && Get(V.GeminiKey) is not null && !IsClaimed(ProviderPair.Gemini);
        if (googleBothSet)
        {
            _shadowing.Add($"{V.GoogleKey} shadows {V.GeminiKey} for direct Google calls (Google's SDKs prefer {V.GoogleKey} when both are set).");
        }

        foreach (var (pair, key) in new[] { (ProviderPair.OpenAI, openAIKey), (ProviderPair.Anthropic, anthropicKey), (ProviderPair.Gemini, googleKey) })
        {
            if (key is null && !IsClaimed(pair) && Get(pair.BaseUrlVariable) is not null)
            {
                _warnings.Add($"{pair.BaseUrlVariable} is set without {pair.KeyVariable}, so it is ignored: set {pair.KeyVariable} to call {pair.Provider} there.");
            }
        }

        if (openAIKey is null && anthropicKey is null && googleKey is null)
        {
            if (isExplicit)
            {
                Add(GatewayKind.Direct, Ranks.Direct, isExplicit).Fail(
                    $"AiGatewayOptions.Gateway is Direct, but no provider key is set: set {V.OpenAIKey}, {V.AnthropicKey} or {V.GeminiKey} (or {ExplicitApiKey} for OpenAI).");
            }

            return;
        }

        var candidate = Add(GatewayKind.Direct, Ranks.Direct, isExplicit);
        Uri? openAIBase = null, anthropicBase = null, googleBase = null;
        var sources = new List<string>();
        if (openAIKey is not null)
        {
            sources.Add(openAIKey.Source);
            if (isExplicit && _explicitBaseUrl is { } explicitBase)
            {
                openAIBase = explicitBase;
                sources.Add(ExplicitBaseUrl);
            }
            else
            {
                openAIBase = PairBase(ProviderPair.OpenAI, "https://api.openai.com/v1", candidate, sources);
            }
        }

        if (anthropicKey is not null)
        {
            sources.Add(anthropicKey.Source);
            anthropicBase = PairBase(ProviderPair.Anthropic, "https://api.anthropic.com", candidate, sources);
        }

        if (googleKey is not null)
        {
            sources.Add(googleKey.Source);
            googleBase = PairBase(ProviderPair.Gemini, "https://generativelanguage.googleapis.com", candidate, sources);
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

    private Uri? PairBase(ProviderPair pair, string example, GatewayCandidate candidate, List<string> sources)
    {
        if (IsClaimed(pair) || Get(pair.BaseUrlVariable) is not { } value)
        {
            return null;
        }

        sources.Add(pair.BaseUrlVariable);
        return ParseUrl(pair.BaseUrlVariable, value, example, candidate);
    }

    /// <summary>The pair's key for <paramref name="forKind"/>: unclaimed, or claimed by that kind itself.</summary>
    private GatewayCredential? PairKey(ProviderPair pair, GatewayKind forKind) =>
        (!_claims.TryGetValue(pair, out var owner) || owner == forKind) && Get(pair.KeyVariable) is not null
            ? GatewayCredential.FromVariable(_env, pair.KeyVariable)
            : null;

    /// <summary>GOOGLE_API_KEY wins over GEMINI_API_KEY, as in Google's SDKs; Netlify never injects GOOGLE_API_KEY.</summary>
    private GatewayCredential? GoogleKey(GatewayKind forKind) =>
        Get(V.GoogleKey) is not null ? GatewayCredential.FromVariable(_env, V.GoogleKey) : PairKey(ProviderPair.Gemini, forKind);

    // ---------------------------------------------------------------- helpers

    private GatewayCandidate Add(GatewayKind kind, int rank, bool isExplicit)
    {
        var candidate = new GatewayCandidate(kind, rank, isExplicit);
        _candidates.Add(candidate);
        return candidate;
    }

    private string? Get(string name) => _env.Get(name)?.Trim() is { Length: > 0 } value ? value : null;

    private (string? Name, string? Value) First(string[] names)
    {
        foreach (var name in names)
        {
            if (Get(name) is { } value)
            {
                return (name, value);
            }
        }

        return (null, null);
    }

    private bool IsClaimed(ProviderPair pair) => _claims.ContainsKey(pair);

    /// <summary>Where a pair points: by its base URL's host, else (OpenAI pair only) by its key's prefix.</summary>
    private PairTarget ClassifyPair(ProviderPair pair)
    {
        if (Get(pair.BaseUrlVariable) is { } baseUrl)
        {
            return TryUrl(baseUrl) is { } uri ? ClassifyBase(uri) : PairTarget.Other;
        }

        if (pair == ProviderPair.OpenAI && Get(pair.KeyVariable) is { } key)
        {
            if (key.StartsWith("nt_live_", StringComparison.Ordinal) || key.StartsWith("nt_test_", StringComparison.Ordinal))
            {
                return PairTarget.Neon;
            }

            if (key.StartsWith("aig_", StringComparison.Ordinal))
            {
                return PairTarget.Rebyte;
            }
        }

        return PairTarget.None;
    }

    private static PairTarget ClassifyBase(Uri uri)
    {
        var host = uri.Host;
        if (host.Equals(CloudflareGateway.Host, StringComparison.OrdinalIgnoreCase))
        {
            return PairTarget.Cloudflare;
        }

        if (host.EndsWith(".neon.tech", StringComparison.OrdinalIgnoreCase) || uri.AbsolutePath.Contains("/ai-gateway/openai/", StringComparison.OrdinalIgnoreCase))
        {
            return PairTarget.Neon;
        }

        if (host.Equals("api.rebyte.ai", StringComparison.OrdinalIgnoreCase))
        {
            return PairTarget.Rebyte;
        }

        if (host.Equals("model.rebyte.ai", StringComparison.OrdinalIgnoreCase))
        {
            return PairTarget.RebyteModelApi;
        }

        if (uri.AbsolutePath.StartsWith("/.netlify/ai", StringComparison.OrdinalIgnoreCase))
        {
            return PairTarget.Netlify;
        }

        return PairTarget.Other;
    }

    private static Uri? TryUrl(string value) =>
        Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp) ? uri : null;

    /// <summary>
    /// Parses a URL variable; on failure records an error that names the variable but never shows its value (it may be
    /// a misplaced key). User info is dropped with a warning: HttpClient never sends it, and it must not be printed.
    /// </summary>
    private Uri? ParseUrl(string source, string value, string example, GatewayCandidate candidate)
    {
        if (TryUrl(value) is not { } uri)
        {
            candidate.Fail(string.Create(
                CultureInfo.InvariantCulture,
                $"{source} is not an absolute http(s) URL (its value, not shown, has {value.Length} characters). Set it to a URL such as {example}."));
            return null;
        }

        if (CheckUrl(uri, source) is { } error)
        {
            candidate.Fail(error);
            return null;
        }

        if (uri.UserInfo.Length > 0)
        {
            _warnings.Add($"{source} contains user info (user:password@), which is ignored: HttpClient does not send it. Put the credential in the key variable instead.");
            uri = new UriBuilder(uri) { UserName = string.Empty, Password = string.Empty }.Uri;
        }

        return uri;
    }

    /// <summary>Refuses URLs that would send a key in clear text: HTTPS, or HTTP only to a loopback host.</summary>
    private static string? CheckUrl(Uri uri, string source)
    {
        if (!uri.IsAbsoluteUri || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            return $"{source} must be an absolute http(s) URL. Fix {source}.";
        }

        if (!GatewayUri.IsSecureOrLoopback(uri))
        {
            return $"{source} ({GatewayUri.Display(uri)}) uses plain HTTP to a host that is not this machine, which would send the key unencrypted. Use https:// (plain http:// is accepted only for localhost).";
        }

        return null;
    }

    private void WarnIfExpired(string? token, string variable, string fix)
    {
        if (JwtExpiry.TryRead(token) is { } expiry && expiry <= _time.GetUtcNow())
        {
            _warnings.Add(string.Create(CultureInfo.InvariantCulture, $"{variable} expired at {expiry:yyyy-MM-dd HH:mm} UTC, so the gateway will refuse it: {fix}."));
        }
    }

    /// <summary>Precedence among detected gateways (lower wins). Explicit options beat all of these.</summary>
    internal static class Ranks
    {
        public const int Netlify = 0;
        public const int VercelKey = 1;
        public const int Neon = 2;
        public const int Rebyte = 3;
        public const int Cloudflare = 4;
        public const int VercelOidc = 5;
        public const int Direct = 6;
    }
}
