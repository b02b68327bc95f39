namespace AiGateway.Client.Gateways;

/// <summary>
/// Runs every gateway's <see cref="IGatewayDetector"/> over one <see cref="GatewayDetectionContext"/> and ranks what
/// they found into <see cref="GatewayCandidate"/>s, plus the warnings, shadowing and hints of the diagnosis. What each
/// gateway knows lives in its own folder (<c>Gateways/&lt;Name&gt;/</c>); see docs/architecture.md.
/// </summary>
internal static class GatewayDetector
{
    /// <summary>
    /// The detectors, in the order they run. Order matters: Netlify claims the provider pairs it injected before Neon,
    /// Rebyte and Cloudflare claim the pairs whose base URL points at them; Direct takes what nobody claimed. The
    /// precedence among the gateways found is <see cref="Ranks"/>, not this order.
    /// </summary>
    internal static readonly IReadOnlyList<IGatewayDetector> Detectors =
    [
        new NetlifyDetector(),
        new NeonDetector(),
        new RebyteDetector(),
        new CloudflareDetector(),
        new VercelDetector(),
        new DirectDetector(),
        new OpenAICompatibleDetector(),
    ];

    /// <summary>Runs detection over <paramref name="env"/> with <paramref name="options"/> winning over it.</summary>
    public static DetectionOutcome Run(AiGatewayOptions options, IEnvironmentSource env, string environmentDescription, IEnumerable<string> notes)
    {
        var context = new GatewayDetectionContext(options, env);
        context.Hints.AddRange(notes);
        var explicitKind = context.ResolveExplicitKind();
        foreach (var detector in Detectors)
        {
            detector.Detect(context, explicitKind == detector.Kind);
        }

        return Finish(context, environmentDescription);
    }

    private static DetectionOutcome Finish(GatewayDetectionContext context, string environmentDescription)
    {
        var ordered = context.Candidates.OrderBy(c => c.IsExplicit ? int.MinValue : c.Rank).ToList();
        var fatal = context.Fatal;
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
            context.Warnings.Add($"{candidate.Kind} was left out of the failover targets: {candidate.Error}");
        }

        return new DetectionOutcome
        {
            EnvironmentDescription = environmentDescription,
            Candidates = ordered,
            FatalError = fatal,
            Warnings = context.Warnings,
            Shadowing = context.Shadowing,
            Hints = context.Hints,
        };
    }

    private static string NothingFoundMessage() =>
        "No AI gateway was found in the environment. Set one of: NETLIFY_AI_GATEWAY_KEY + NETLIFY_AI_GATEWAY_BASE_URL " +
        "(Netlify injects them at runtime and in `netlify dev`), AI_GATEWAY_API_KEY or VERCEL_OIDC_TOKEN (Vercel; " +
        "`vercel env pull`), NEON_AI_GATEWAY_TOKEN + NEON_AI_GATEWAY_BASE_URL (Neon; `neon env pull`), " +
        "REBYTE_AI_GATEWAY_KEY (Rebyte), CLOUDFLARE_ACCOUNT_ID + CLOUDFLARE_AI_GATEWAY_ID with a provider key or " +
        "CLOUDFLARE_AI_GATEWAY_TOKEN (Cloudflare), or OPENAI_API_KEY / ANTHROPIC_API_KEY / GEMINI_API_KEY (the providers " +
        "directly). Or configure it explicitly: AiGatewayOptions.BaseUrl and ApiKey (section 'AiGateway' in configuration).";

    /// <summary>
    /// Precedence among detected gateways (lower wins), as README.md states it: Netlify, Vercel with an API key, Neon,
    /// Rebyte, Cloudflare, Vercel with only its OIDC token (set on every Vercel deployment), direct provider keys.
    /// Explicit options beat all of these.
    /// </summary>
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
