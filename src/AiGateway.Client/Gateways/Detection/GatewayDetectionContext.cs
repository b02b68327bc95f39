using System.Globalization;

namespace AiGateway.Client.Gateways;

/// <summary>
/// What every gateway detector shares during one detection run: the explicit options and the environment, the
/// candidates found so far, the diagnosis lists (warnings, shadowing, hints), and which provider pairs
/// (<c>OPENAI_API_KEY</c>/<c>OPENAI_BASE_URL</c>, …) a gateway has already claimed. Also the helpers that read and
/// check variables without ever putting a secret value into a message: keys are only compared with each other, and
/// URL values are shown without user info or query.
/// </summary>
internal sealed class GatewayDetectionContext
{
    public const string ExplicitBaseUrl = "AiGatewayOptions.BaseUrl";
    public const string ExplicitApiKey = "AiGatewayOptions.ApiKey";
    public const string ExplicitAccountId = "AiGatewayOptions.AccountId";
    public const string ExplicitGatewayId = "AiGatewayOptions.GatewayId";
    public const string ExplicitGatewayToken = "AiGatewayOptions.GatewayToken";

    private readonly IEnvironmentSource _env;
    private readonly TimeProvider _time;
    private readonly List<GatewayCandidate> _candidates = [];
    private readonly Dictionary<ProviderPair, GatewayKind> _claims = [];

    public GatewayDetectionContext(AiGatewayOptions options, IEnvironmentSource env)
    {
        Options = options;
        _env = env;
        _time = options.TimeProvider ?? TimeProvider.System;
    }

    /// <summary>Gets the explicit options, which win over the environment.</summary>
    public AiGatewayOptions Options { get; }

    /// <summary>Gets the environment, for credentials that are re-read at send time.</summary>
    public IEnvironmentSource Environment => _env;

    /// <summary>Gets the explicit base URL once checked (user info removed), or <see langword="null"/>.</summary>
    public Uri? ExplicitBaseUri { get; private set; }

    /// <summary>Gets the error that stops every gateway (a broken explicit option), or <see langword="null"/>.</summary>
    public string? Fatal { get; private set; }

    public IReadOnlyList<GatewayCandidate> Candidates => _candidates;

    public List<string> Warnings { get; } = [];

    public List<string> Shadowing { get; } = [];

    public List<string> Hints { get; } = [];

    /// <summary>
    /// Resolves the kind the explicit options name: <c>Gateway</c>, else the Cloudflare ids, else the kind <c>BaseUrl</c>
    /// points at. Records a fatal error for an explicit option that cannot work.
    /// </summary>
    public GatewayKind? ResolveExplicitKind()
    {
        if (Options.BaseUrl is { } baseUrl)
        {
            if (CheckUrl(baseUrl, ExplicitBaseUrl) is { } urlError)
            {
                Fatal = urlError;
                return null;
            }

            ExplicitBaseUri = baseUrl;
            if (baseUrl.UserInfo.Length > 0)
            {
                Warnings.Add($"{ExplicitBaseUrl} contains user info (user:password@), which is ignored: HttpClient does not send it. Use {ExplicitApiKey} instead.");
                ExplicitBaseUri = new UriBuilder(baseUrl) { UserName = string.Empty, Password = string.Empty }.Uri;
            }
        }

        if (Options.ApiKey is { } apiKey && GatewayHeaders.HasLineBreak(apiKey))
        {
            Fatal = $"{ExplicitApiKey} contains a line break, which cannot be sent in an HTTP header. Remove it.";
            return null;
        }

        if (Options.Gateway is { } kind)
        {
            return kind;
        }

        if (Options.AccountId is not null || Options.GatewayId is not null || Options.GatewayToken is not null)
        {
            return GatewayKind.Cloudflare;
        }

        if (ExplicitBaseUri is { } url)
        {
            return KindOf(url);
        }

        if (Options.ApiKey is not null)
        {
            Fatal = $"{ExplicitApiKey} is set, but not where it should be sent: also set AiGatewayOptions.Gateway (for example Vercel) or {ExplicitBaseUrl}.";
        }

        return null;
    }

    /// <summary>Gets the explicit API key as a credential, or <see langword="null"/>.</summary>
    public GatewayCredential? ExplicitKey() =>
        Options.ApiKey is { Length: > 0 } key ? GatewayCredential.FromValue(key, ExplicitApiKey) : null;

    /// <summary>Adds a candidate for <paramref name="kind"/> at precedence <paramref name="rank"/> (see <see cref="GatewayDetector.Ranks"/>).</summary>
    public GatewayCandidate Add(GatewayKind kind, int rank, bool isExplicit)
    {
        var candidate = new GatewayCandidate(kind, rank, isExplicit);
        _candidates.Add(candidate);
        return candidate;
    }

    /// <summary>Gets a variable, trimmed; <see langword="null"/> when unset or blank.</summary>
    public string? Get(string name) => _env.Get(name)?.Trim() is { Length: > 0 } value ? value : null;

    /// <summary>Gets the first of <paramref name="names"/> that is set, in order of preference.</summary>
    public (string? Name, string? Value) First(string[] names)
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

    /// <summary>Reads <paramref name="name"/> as a credential re-read at send time.</summary>
    public GatewayCredential Credential(string name) => GatewayCredential.FromVariable(_env, name);

    public bool IsClaimed(ProviderPair pair) => _claims.ContainsKey(pair);

    /// <summary>Records that <paramref name="pair"/> belongs to <paramref name="kind"/>, so no later detector uses it.</summary>
    public void Claim(ProviderPair pair, GatewayKind kind) => _claims[pair] = kind;

    /// <summary>The pair's key for <paramref name="forKind"/>: unclaimed, or claimed by that kind itself.</summary>
    public GatewayCredential? PairKey(ProviderPair pair, GatewayKind forKind) =>
        (!_claims.TryGetValue(pair, out var owner) || owner == forKind) && Get(pair.KeyVariable) is not null
            ? Credential(pair.KeyVariable)
            : null;

    /// <summary>GOOGLE_API_KEY wins over GEMINI_API_KEY, as in Google's SDKs; Netlify never injects GOOGLE_API_KEY.</summary>
    public GatewayCredential? GoogleKey(GatewayKind forKind) =>
        Get(GatewayVariables.GoogleKey) is not null ? Credential(GatewayVariables.GoogleKey) : PairKey(ProviderPair.Gemini, forKind);

    /// <summary>Where a pair points: by its base URL's host, else (OpenAI pair only) by its key's prefix.</summary>
    public PairTarget ClassifyPair(ProviderPair pair)
    {
        if (Get(pair.BaseUrlVariable) is { } baseUrl)
        {
            return TryUrl(baseUrl) is { } uri ? ClassifyBase(uri) : PairTarget.Other;
        }

        if (pair == ProviderPair.OpenAI && Get(pair.KeyVariable) is { } key)
        {
            if (NeonDetector.IsNeonKey(key))
            {
                return PairTarget.Neon;
            }

            if (RebyteDetector.IsGatewayKey(key))
            {
                return PairTarget.Rebyte;
            }
        }

        return PairTarget.None;
    }

    /// <summary>The gateway a base URL points at, by each gateway's own host or path rule.</summary>
    public static PairTarget ClassifyBase(Uri uri) => uri switch
    {
        _ when CloudflareDetector.IsGatewayUrl(uri) => PairTarget.Cloudflare,
        _ when NeonDetector.IsGatewayUrl(uri) => PairTarget.Neon,
        _ when RebyteDetector.IsGatewayUrl(uri) => PairTarget.Rebyte,
        _ when RebyteDetector.IsModelApiUrl(uri) => PairTarget.RebyteModelApi,
        _ when NetlifyDetector.IsGatewayUrl(uri) => PairTarget.Netlify,
        _ => PairTarget.Other,
    };

    public static Uri? TryUrl(string value) =>
        Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp) ? uri : null;

    /// <summary>
    /// Parses a URL variable; on failure records an error that names the variable but never shows its value (it may be
    /// a misplaced key). User info is dropped with a warning: HttpClient never sends it, and it must not be printed.
    /// </summary>
    public Uri? ParseUrl(string source, string value, string example, GatewayCandidate candidate)
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
            Warnings.Add($"{source} contains user info (user:password@), which is ignored: HttpClient does not send it. Put the credential in the key variable instead.");
            uri = new UriBuilder(uri) { UserName = string.Empty, Password = string.Empty }.Uri;
        }

        return uri;
    }

    /// <summary>Warns when <paramref name="token"/> is a JWT that has already expired.</summary>
    public void WarnIfExpired(string? token, string variable, string fix)
    {
        if (JwtExpiry.TryRead(token) is { } expiry && expiry <= _time.GetUtcNow())
        {
            Warnings.Add(string.Create(CultureInfo.InvariantCulture, $"{variable} expired at {expiry:yyyy-MM-dd HH:mm} UTC, so the gateway will refuse it: {fix}."));
        }
    }

    /// <summary>The gateway an explicit base URL points at; any other host is an OpenAI-compatible endpoint.</summary>
    private static GatewayKind KindOf(Uri url) => ClassifyBase(url) switch
    {
        PairTarget.Netlify => GatewayKind.Netlify,
        PairTarget.Neon => GatewayKind.Neon,
        PairTarget.Rebyte => GatewayKind.Rebyte,
        PairTarget.Cloudflare => GatewayKind.Cloudflare,
        _ when VercelDetector.IsGatewayUrl(url) => GatewayKind.Vercel,
        _ => GatewayKind.OpenAICompatible,
    };

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
}
