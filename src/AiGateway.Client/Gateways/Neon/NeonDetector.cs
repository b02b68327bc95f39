using static AiGateway.Client.Gateways.GatewayDetectionContext;
using N = AiGateway.Client.Gateways.NeonVariables;
using V = AiGateway.Client.Gateways.GatewayVariables;

namespace AiGateway.Client.Gateways;

/// <summary>
/// Finds Neon AI Gateway in any of its three setups, newest first: <c>NEON_AI_GATEWAY_TOKEN</c> +
/// <c>NEON_AI_GATEWAY_BASE_URL</c>; the OpenAI pair aimed at <c>…/ai-gateway/openai/v1</c> (or holding an <c>nt_</c>
/// token), which it claims; <c>NEON_AI_GATEWAY_KEY</c> + <c>NEON_AI_GATEWAY_HOST</c>.
/// </summary>
internal sealed class NeonDetector : IGatewayDetector
{
    /// <inheritdoc />
    public GatewayKind Kind => GatewayKind.Neon;

    /// <summary>Tells whether <paramref name="uri"/> is a Neon branch host, or the second generation's OpenAI path.</summary>
    public static bool IsGatewayUrl(Uri uri) =>
        uri.Host.EndsWith(".neon.tech", StringComparison.OrdinalIgnoreCase) || uri.AbsolutePath.Contains("/ai-gateway/openai/", StringComparison.OrdinalIgnoreCase);

    /// <summary>Tells whether <paramref name="key"/> looks like a Neon token (<c>nt_live_…</c>, <c>nt_test_…</c>).</summary>
    public static bool IsNeonKey(string key) =>
        key.StartsWith("nt_live_", StringComparison.Ordinal) || key.StartsWith("nt_test_", StringComparison.Ordinal);

    /// <inheritdoc />
    public void Detect(GatewayDetectionContext context, bool isExplicit)
    {
        var token = context.Get(N.Token);
        var baseUrl = context.Get(N.BaseUrl);
        var legacyKey = context.Get(N.LegacyKey);
        var legacyHost = context.Get(N.LegacyHost);
        var openAIPair = !context.IsClaimed(ProviderPair.OpenAI) && context.ClassifyPair(ProviderPair.OpenAI) == PairTarget.Neon;
        var current = token is not null || baseUrl is not null;
        var earliest = legacyKey is not null || legacyHost is not null;
        if (!isExplicit && !current && !openAIPair && !earliest)
        {
            return;
        }

        var candidate = context.Add(GatewayKind.Neon, GatewayDetector.Ranks.Neon, isExplicit);
        if (openAIPair)
        {
            context.Claim(ProviderPair.OpenAI, GatewayKind.Neon);
        }

        Uri? host = null;
        GatewayCredential? credential = null;
        string hostSource, credentialSource;
        var explicitHost = isExplicit ? context.ExplicitBaseUri : null;
        if (current || (isExplicit && !openAIPair && !earliest))
        {
            (credentialSource, hostSource) = (N.Token, N.BaseUrl);
            if (explicitHost is null && baseUrl is not null)
            {
                host = context.ParseUrl(N.BaseUrl, baseUrl, "https://<branch-id>-api.ai.<cell>.<region>.aws.neon.tech", candidate);
                if (host is not null && host.AbsolutePath.Length > 1)
                {
                    context.Warnings.Add($"{N.BaseUrl} should be the bare branch host; its path '{host.AbsolutePath}' is ignored (each dialect has its own route under the host).");
                }
            }

            credential = token is null ? null : context.Credential(N.Token);
            if (explicitHost is null && baseUrl is null)
            {
                candidate.Fail(token is null
                    ? $"AiGatewayOptions.Gateway is Neon, but {N.Token} and {N.BaseUrl} are not set: `neon env pull` writes both (or set {ExplicitBaseUrl} and {ExplicitApiKey})."
                    : $"{N.Token} is set but {N.BaseUrl} is not: set it to the branch's gateway host (`neon env pull` writes both), for example https://<branch-id>-api.ai.<cell>.<region>.aws.neon.tech.");
            }
        }
        else if (openAIPair)
        {
            // Second generation: the OpenAI SDK pair aimed at H/ai-gateway/openai/v1.
            (credentialSource, hostSource) = (V.OpenAIKey, V.OpenAIBaseUrl);
            var pairBase = context.Get(V.OpenAIBaseUrl);
            if (explicitHost is null && pairBase is not null)
            {
                host = context.ParseUrl(V.OpenAIBaseUrl, pairBase, "https://<branch-host>/ai-gateway/openai/v1", candidate);
            }

            var pairKey = context.Get(V.OpenAIKey);
            credential = pairKey is null ? null : context.Credential(V.OpenAIKey);
            if (explicitHost is null && pairBase is null)
            {
                candidate.Fail($"{V.OpenAIKey} holds a Neon token (nt_…) but {V.OpenAIBaseUrl} is not set. Set {N.Token} and {N.BaseUrl} (`neon env pull`), or set {V.OpenAIBaseUrl} to the branch's …/ai-gateway/openai/v1 URL.");
            }
            else if (pairKey is not null && !pairKey.StartsWith("nt_", StringComparison.Ordinal))
            {
                context.Warnings.Add($"{V.OpenAIBaseUrl} points at Neon but {V.OpenAIKey} does not look like a Neon credential (nt_live_…); Neon will refuse it.");
            }

            candidate.Notes.Add($"Older setup ({V.OpenAIKey} + {V.OpenAIBaseUrl}); `neon env pull` now writes {N.Token} and {N.BaseUrl}.");
        }
        else
        {
            // Earliest generation: the host without a scheme.
            (credentialSource, hostSource) = (N.LegacyKey, N.LegacyHost);
            if (explicitHost is null && legacyHost is not null)
            {
                var withScheme = legacyHost.Contains("://", StringComparison.Ordinal) ? legacyHost : "https://" + legacyHost;
                host = context.ParseUrl(N.LegacyHost, withScheme, "<branch-id>-api.ai.<cell>.<region>.aws.neon.tech", candidate);
            }

            credential = legacyKey is null ? null : context.Credential(N.LegacyKey);
            if (explicitHost is null && legacyHost is null)
            {
                candidate.Fail($"{N.LegacyKey} is set but {N.LegacyHost} is not. Set both, or better the current pair {N.Token} and {N.BaseUrl} (`neon env pull`).");
            }

            candidate.Notes.Add($"Earliest setup ({N.LegacyKey} + {N.LegacyHost}); `neon env pull` now writes {N.Token} and {N.BaseUrl}.");
        }

        if (explicitHost is not null)
        {
            (host, hostSource) = (explicitHost, ExplicitBaseUrl);
        }

        if (isExplicit && context.ExplicitKey() is { } explicitKey)
        {
            (credential, credentialSource) = (explicitKey, ExplicitApiKey);
        }

        if (credential is null)
        {
            candidate.Fail($"{hostSource} is set but {credentialSource} is empty: Neon needs its credential (nt_live_…) with the host. `neon env pull` writes both.");
        }

        ReportShadowedGenerations(context, current, openAIPair, earliest);
        if (candidate.Error is not null || host is null || credential is null)
        {
            return;
        }

        candidate.Profile = new NeonGateway(host, credential) { Sources = [credentialSource, hostSource] };
    }

    private static void ReportShadowedGenerations(GatewayDetectionContext context, bool current, bool openAIPair, bool earliest)
    {
        var generations = new List<string>(3);
        if (current)
        {
            generations.Add($"{N.Token}/{N.BaseUrl}");
        }

        if (openAIPair)
        {
            generations.Add($"{V.OpenAIKey}/{V.OpenAIBaseUrl}");
        }

        if (earliest)
        {
            generations.Add($"{N.LegacyKey}/{N.LegacyHost}");
        }

        if (generations.Count > 1)
        {
            context.Shadowing.Add($"{generations[0]} (the newer Neon setup) shadows {string.Join(" and ", generations.Skip(1))}; remove the older variables.");
        }
    }
}
