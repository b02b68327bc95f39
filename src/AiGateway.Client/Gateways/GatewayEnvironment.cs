using AiGateway.Client.Errors;

namespace AiGateway.Client.Gateways;

/// <summary>
/// Finds the gateways the environment provides and picks the primary one. FOUNDATION VERSION: explicit options
/// and the direct-OpenAI variables only; per-gateway detection, precedence and the diagnosis come next.
/// </summary>
public sealed class GatewayEnvironment
{
    private GatewayEnvironment(IReadOnlyList<GatewayProfile> detected)
    {
        Detected = detected;
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

        return new(profiles.ToArray());
    }

    /// <summary>Detects the gateways for <paramref name="options"/>.</summary>
    /// <param name="options">The options (explicit settings win over variables).</param>
    /// <returns>The environment.</returns>
    /// <exception cref="GatewayConfigurationException">No gateway could be found, or a setting is malformed.</exception>
    public static GatewayEnvironment Detect(AiGatewayOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var env = options.Environment ?? EnvironmentSource.Process;
        if (options.BaseUrl is { } baseUrl)
        {
            var credential = options.ApiKey is { Length: > 0 } key ? GatewayCredential.FromValue(key, "AiGatewayOptions.ApiKey") : null;
            return new([new OpenAICompatibleGateway(baseUrl, credential, options.Gateway ?? GatewayKind.OpenAICompatible) { Sources = ["AiGatewayOptions.BaseUrl"] }]);
        }

        if (env.Get("OPENAI_API_KEY") is not null)
        {
            var baseUri = env.Get("OPENAI_BASE_URL") is { } custom ? new Uri(custom) : new Uri("https://api.openai.com/v1/");
            return new([new OpenAICompatibleGateway(baseUri, GatewayCredential.FromVariable(env, "OPENAI_API_KEY"), GatewayKind.Direct) { Sources = ["OPENAI_API_KEY"] }]);
        }

        throw new GatewayConfigurationException(
            "No AI gateway was found: set AiGatewayOptions.BaseUrl (and ApiKey), or OPENAI_API_KEY (and optionally OPENAI_BASE_URL).");
    }
}
