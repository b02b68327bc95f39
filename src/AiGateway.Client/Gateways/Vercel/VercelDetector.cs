using static AiGateway.Client.Gateways.GatewayDetectionContext;
using VV = AiGateway.Client.Gateways.VercelVariables;

namespace AiGateway.Client.Gateways;

/// <summary>
/// Finds Vercel AI Gateway from <c>AI_GATEWAY_API_KEY</c>, else <c>VERCEL_OIDC_TOKEN</c>. The OIDC token alone ranks
/// below the other gateways: Vercel sets it on every deployment, whether or not the app uses the gateway.
/// </summary>
internal sealed class VercelDetector : IGatewayDetector
{
    /// <inheritdoc />
    public GatewayKind Kind => GatewayKind.Vercel;

    /// <summary>Tells whether <paramref name="uri"/> is on Vercel AI Gateway's host.</summary>
    public static bool IsGatewayUrl(Uri uri) => uri.Host.Equals(VercelGateway.DefaultRoot.Host, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    public void Detect(GatewayDetectionContext context, bool isExplicit)
    {
        var apiKey = context.Get(VV.ApiKey);
        var oidc = context.Get(VV.OidcToken);
        var explicitKey = isExplicit ? context.ExplicitKey() : null;
        if (!isExplicit && apiKey is null && oidc is null)
        {
            return;
        }

        var rank = explicitKey is not null || apiKey is not null ? GatewayDetector.Ranks.VercelKey : GatewayDetector.Ranks.VercelOidc;
        var candidate = context.Add(GatewayKind.Vercel, rank, isExplicit);
        var credential = explicitKey
            ?? (apiKey is not null ? context.Credential(VV.ApiKey)
            : oidc is not null ? context.Credential(VV.OidcToken) : null);
        if (credential is null)
        {
            candidate.Fail($"AiGatewayOptions.Gateway is Vercel, but no token is set: set {VV.ApiKey} (an AI Gateway API key) or {VV.OidcToken} (`vercel env pull`), or {ExplicitApiKey}.");
            return;
        }

        if (apiKey is not null && oidc is not null)
        {
            context.Shadowing.Add($"{(explicitKey is null ? VV.ApiKey : ExplicitApiKey)} shadows {VV.OidcToken}: the key is sent even if it is invalid (Vercel's rule).");
        }

        if (credential.Source == VV.OidcToken)
        {
            candidate.Notes.Add($"{VV.OidcToken} is short-lived (about 12 hours from `vercel env pull`; on Vercel the platform refreshes it); it is re-read on every request.");
            context.WarnIfExpired(oidc, VV.OidcToken, "run `vercel env pull` again");
        }

        Uri? root = null;
        if (isExplicit && context.ExplicitBaseUri is { } explicitRoot)
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
}
