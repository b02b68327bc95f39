using AiGateway.Client.Diagnostics;
using AiGateway.Client.Gateways;
using Microsoft.Extensions.Logging;

namespace AiGateway.Client;

/// <summary>
/// Finds the gateways the environment provides and picks the primary one; the rest stay available as failover
/// targets (<see cref="Detected"/>).
/// </summary>
/// <remarks>
/// <para><b>Explicit options win.</b> <see cref="AiGatewayOptions.Gateway"/> names the primary gateway; without it,
/// <see cref="AiGatewayOptions.AccountId"/>, <see cref="AiGatewayOptions.GatewayId"/> or
/// <see cref="AiGatewayOptions.GatewayToken"/> make Cloudflare primary, and <see cref="AiGatewayOptions.BaseUrl"/>
/// makes the gateway its host belongs to primary (Netlify, Vercel, Neon, Rebyte, Cloudflare; any other host is an
/// OpenAI-compatible endpoint). <see cref="AiGatewayOptions.BaseUrl"/> and <see cref="AiGatewayOptions.ApiKey"/> replace
/// the primary gateway's URL and key (for Cloudflare, the key is used for every provider; for Direct, they set the
/// OpenAI provider). An <see cref="AiGatewayOptions.ApiKey"/> with neither <c>Gateway</c> nor <c>BaseUrl</c> is an
/// error: nothing says where it goes.</para>
/// <para><b>Otherwise, precedence among detected gateways</b> (first wins):
/// Netlify (<c>NETLIFY_AI_GATEWAY_KEY</c>) &gt; Vercel with <c>AI_GATEWAY_API_KEY</c> &gt; Neon &gt; Rebyte &gt;
/// Cloudflare &gt; Vercel with only <c>VERCEL_OIDC_TOKEN</c> &gt; Direct providers. Gateway variables are a deliberate
/// choice and beat the providers' own keys (Netlify even injects <c>OPENAI_API_KEY</c>). <c>VERCEL_OIDC_TOKEN</c> alone
/// ranks low because Vercel sets it on every deployment, so it does not show that the app chose the AI Gateway.</para>
/// <para><b>Errors and warnings.</b> A broken setting of the gateway that would be primary (or of an explicit option)
/// throws <see cref="GatewayConfigurationException"/> naming the variable and the fix; a broken lower-ranked gateway is
/// left out and reported as a warning in <see cref="Diagnose()"/>. Messages and diagnoses never contain a secret.</para>
/// <para>Credentials are read when each request is sent, so rotated tokens (Netlify, Vercel OIDC) are picked up.
/// With <see cref="AiGatewayOptions.LoadDotEnvFiles"/>, <c>.env</c> and then <c>.env.local</c> are read once; the
/// process environment wins over both.</para>
/// </remarks>
public sealed class GatewayEnvironment
{
    private readonly DetectionOutcome? _outcome;

    private GatewayEnvironment(IReadOnlyList<GatewayProfile> detected, DetectionOutcome? outcome)
    {
        Detected = detected;
        _outcome = outcome;
    }

    /// <summary>Gets the gateway calls go to unless a request names another.</summary>
    public GatewayProfile Primary => Detected[0];

    /// <summary>Gets every usable gateway, primary first; the rest are failover targets.</summary>
    public IReadOnlyList<GatewayProfile> Detected { get; }

    /// <summary>Creates an environment from profiles built by hand (custom gateways, tests); the first is the primary.</summary>
    /// <param name="profiles">The gateways, primary first.</param>
    /// <returns>The environment.</returns>
    public static GatewayEnvironment FromProfiles(params GatewayProfile[] profiles)
    {
        ArgumentNullException.ThrowIfNull(profiles);
        if (profiles.Length == 0)
        {
            throw new ArgumentException("At least one gateway profile is needed.", nameof(profiles));
        }

        return new(profiles.ToArray(), null);
    }

    /// <summary>Detects the gateways for <paramref name="options"/>.</summary>
    /// <param name="options">The options (explicit settings win over variables).</param>
    /// <returns>The environment.</returns>
    /// <exception cref="GatewayConfigurationException">No gateway could be found, or a setting of the primary gateway is malformed.</exception>
    public static GatewayEnvironment Detect(AiGatewayOptions options) => Detect(options, logger: null);

    /// <summary>Detects the gateways for <paramref name="options"/> and logs the choice and any warnings.</summary>
    /// <param name="options">The options (explicit settings win over variables).</param>
    /// <param name="logger">Where to log; <see langword="null"/> for nowhere.</param>
    /// <returns>The environment.</returns>
    /// <exception cref="GatewayConfigurationException">No gateway could be found, or a setting of the primary gateway is malformed.</exception>
    public static GatewayEnvironment Detect(AiGatewayOptions options, ILogger? logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        var outcome = Run(options, logger);
        if (outcome.FatalError is { } error)
        {
            throw new GatewayConfigurationException(error);
        }

        var environment = new GatewayEnvironment(outcome.Profiles, outcome);
        if (logger is not null)
        {
            var primary = environment.Primary;
            AiGatewayLog.GatewayChosen(logger, primary.Name, string.Join(", ", primary.Sources), string.Join(", ", environment.Detected.Skip(1).Select(p => p.Name)));
            foreach (var warning in outcome.Warnings)
            {
                AiGatewayLog.GatewayWarning(logger, warning);
            }
        }

        return environment;
    }

    /// <summary>
    /// Detects like <see cref="Detect(AiGatewayOptions)"/> but never throws for configuration problems: they are in
    /// <see cref="GatewayDiagnosis.Errors"/> (for example "nothing found, set X or Y"). For tools such as the Doctor sample.
    /// </summary>
    /// <param name="options">The options.</param>
    /// <returns>The diagnosis.</returns>
    public static GatewayDiagnosis Diagnose(AiGatewayOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        try
        {
            return Run(options, logger: null).ToDiagnosis();
        }
        catch (GatewayConfigurationException ex)
        {
            // Reading the .env files failed.
            return new GatewayDiagnosis(Describe(options), [], [ex.Message], [], [], []);
        }
    }

    /// <summary>Describes what was detected: chosen gateway, sources, credential fingerprints, endpoints, shadowing and hints. Contains no secret.</summary>
    /// <returns>The diagnosis.</returns>
    public GatewayDiagnosis Diagnose()
    {
        if (_outcome is not null)
        {
            return _outcome.ToDiagnosis();
        }

        var reports = Detected.Select((profile, i) => new GatewayReport(profile, i == 0, [], [])).ToArray();
        return new GatewayDiagnosis("profiles given in code", reports, [], [], [], []);
    }

    private static DetectionOutcome Run(AiGatewayOptions options, ILogger? logger)
    {
        var env = options.Environment ?? EnvironmentSource.Process;
        var description = Describe(options);
        var notes = new List<string>();
        if (options.LoadDotEnvFiles)
        {
            var directory = options.DotEnvDirectory ?? Directory.GetCurrentDirectory();
            Dictionary<string, string> variables;
            List<string> files;
            try
            {
                (variables, files) = DotEnvFile.LoadDirectory(directory);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new GatewayConfigurationException(
                    $"LoadDotEnvFiles is on but a .env file in '{directory}' could not be read: {ex.Message} Fix the file's permissions, or turn LoadDotEnvFiles off.", ex);
            }

            if (files.Count > 0)
            {
                // The process environment wins over the files, and is still re-read per request.
                env = EnvironmentSource.Layered(env, EnvironmentSource.FromDictionary(variables.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))));
                var names = files.Select(Path.GetFileName);
                description += $" over {string.Join(" and ", names)}";
                notes.Add($"Read {string.Join(" and ", names)} from {directory} ({variables.Count} variables; names only are shown anywhere). Process variables win over them.");
                if (logger is not null)
                {
                    AiGatewayLog.DotEnvLoaded(logger, variables.Count, string.Join(", ", files));
                }
            }
            else
            {
                notes.Add($"LoadDotEnvFiles is on but there is no .env or .env.local in {directory}.");
            }
        }

        return GatewayDetector.Run(options, env, description, notes);
    }

    private static string Describe(AiGatewayOptions options) => (options.Environment ?? EnvironmentSource.Process).ToString() ?? "environment";
}
