using static AiGateway.Client.Gateways.GatewayDetectionContext;
using C = AiGateway.Client.Gateways.CloudflareVariables;
using V = AiGateway.Client.Gateways.GatewayVariables;

namespace AiGateway.Client.Gateways;

/// <summary>
/// Finds Cloudflare AI Gateway from the account id and gateway id (options, variables, or a provider base URL on
/// gateway.ai.cloudflare.com, whose pair it claims), with the provider keys, the gateway token (BYOK, Unified
/// Billing) and the Workers AI API token it can send. When the Cloudflare API token is the only credential, the call
/// goes through Cloudflare's REST API instead (<see cref="CloudflareRestGateway"/>).
/// </summary>
internal sealed class CloudflareDetector : IGatewayDetector
{
    /// <inheritdoc />
    public GatewayKind Kind => GatewayKind.Cloudflare;

    /// <summary>Tells whether <paramref name="uri"/> is on Cloudflare AI Gateway's host.</summary>
    public static bool IsGatewayUrl(Uri uri) => uri.Host.Equals(CloudflareGateway.Host, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    public void Detect(GatewayDetectionContext context, bool isExplicit)
    {
        var options = context.Options;
        var (accountSource, account) = options.AccountId is { } a ? (ExplicitAccountId, a) : context.First(C.AccountId);
        var (gatewaySource, gatewayId) = options.GatewayId is { } g ? (ExplicitGatewayId, g) : context.First(C.GatewayId);
        var (tokenSource, token) = options.GatewayToken is { } t ? (ExplicitGatewayToken, t) : context.First(C.GatewayToken);

        // A provider base URL (or the explicit BaseUrl) on gateway.ai.cloudflare.com/v1/{account}/{gateway}/… also identifies it.
        var urlSources = new List<(string Source, string Account, string Gateway)>();
        var urlErrors = new List<string>();
        if (isExplicit && context.ExplicitBaseUri is { } explicitUrl)
        {
            AddGatewayUrl(ExplicitBaseUrl, explicitUrl, urlSources, urlErrors);
        }

        foreach (var pair in ProviderPair.All)
        {
            if (!context.IsClaimed(pair) && context.ClassifyPair(pair) == PairTarget.Cloudflare && TryUrl(context.Get(pair.BaseUrlVariable)!) is { } pairUrl)
            {
                context.Claim(pair, GatewayKind.Cloudflare);
                AddGatewayUrl(pair.BaseUrlVariable, pairUrl, urlSources, urlErrors);
            }
        }

        if (!isExplicit && gatewayId is null && token is null && urlSources.Count == 0 && urlErrors.Count == 0)
        {
            if (account is not null)
            {
                // An account id alone is common (wrangler deploys use it), so it is not an error.
                context.Warnings.Add($"{accountSource} is set but no AI Gateway id ({string.Join(", ", C.GatewayId)}), so Cloudflare AI Gateway is not used. Set CLOUDFLARE_AI_GATEWAY_ID to the gateway's name to use it.");
            }

            return;
        }

        var candidate = context.Add(GatewayKind.Cloudflare, GatewayDetector.Ranks.Cloudflare, isExplicit);
        foreach (var error in urlErrors)
        {
            candidate.Fail(error);
        }

        if (urlSources.Count > 0)
        {
            var (source, urlAccount, urlGateway) = urlSources[0];
            if ((account is not null && !string.Equals(account, urlAccount, StringComparison.Ordinal)) || (gatewayId is not null && !string.Equals(gatewayId, urlGateway, StringComparison.Ordinal)))
            {
                context.Warnings.Add($"{source} names Cloudflare account/gateway '{urlAccount}/{urlGateway}', which differs from {accountSource ?? "the account id"}/{gatewaySource ?? "the gateway id"}; the id variables are used.");
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
        CheckIds(candidate, what, accountSource, account, gatewaySource, gatewayId);
        if (token is not null && GatewayHeaders.HasLineBreak(token))
        {
            candidate.Fail($"{tokenSource} contains a line break, which cannot be sent in an HTTP header. Remove it.");
        }

        var gatewayToken = token is null ? null
            : tokenSource == ExplicitGatewayToken ? GatewayCredential.FromValue(token, ExplicitGatewayToken)
            : context.Credential(tokenSource!);
        var explicitKey = isExplicit ? context.ExplicitKey() : null;
        var openAIKey = explicitKey ?? context.PairKey(ProviderPair.OpenAI, GatewayKind.Cloudflare);
        var anthropicKey = explicitKey ?? context.PairKey(ProviderPair.Anthropic, GatewayKind.Cloudflare);
        var googleKey = explicitKey ?? context.GoogleKey(GatewayKind.Cloudflare);
        var (workersSource, _) = context.First(C.ApiToken);
        var workersToken = explicitKey ?? (workersSource is null ? null : context.Credential(workersSource));
        if (gatewayToken is null && openAIKey is null && anthropicKey is null && googleKey is null && workersToken is null)
        {
            candidate.Fail($"Cloudflare AI Gateway ({what}) has no provider key and no gateway token, so no request could be authenticated. Set {V.OpenAIKey}, {V.AnthropicKey} or {V.GeminiKey}, or store the keys in the gateway (BYOK) and set CLOUDFLARE_AI_GATEWAY_TOKEN.");
        }

        // The REST API route (docs/gateways.md, Cloudflare, "REST inference API"): with the Cloudflare API token as the
        // only credential, every model is paid through Unified Billing on api.cloudflare.com. A provider key, a gateway
        // token or a provider base URL on gateway.ai.cloudflare.com means the gateway-URL route is set up, so it wins.
        var restRoute = workersToken is not null && explicitKey is null && gatewayToken is null
            && openAIKey is null && anthropicKey is null && googleKey is null && urlSources.Count == 0;
        if (restRoute)
        {
            if (candidate.Error is null && account is not null && gatewayId is not null)
            {
                var rest = new CloudflareRestGateway(account, gatewayId, workersToken!)
                {
                    Sources = new[] { accountSource!, gatewaySource!, workersToken!.Source }.Distinct(StringComparer.Ordinal).ToArray(),
                };
                candidate.Notes.Add(
                    $"REST API route: {GatewayUri.Display(rest.BaseUri)} with {workersToken.Source} as the only credential (Bearer), the gateway chosen by cf-aig-gateway-id: {gatewayId}; " +
                    "OpenAI, Anthropic, Google and Workers AI models, third-party ones billed through Unified Billing.");
                candidate.Notes.Add(
                    $"Chosen because no provider key ({V.OpenAIKey}, {V.AnthropicKey}, {V.GeminiKey}), no gateway token (CLOUDFLARE_AI_GATEWAY_TOKEN) and no provider base URL on {CloudflareGateway.Host} is set; set one of them to use the gateway URL route ({CloudflareGateway.Host}) instead.");
                candidate.Profile = rest;
            }

            return;
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

    /// <summary>Refuses missing or malformed ids: they go into every URL (and so into logs and traces).</summary>
    private static void CheckIds(GatewayCandidate candidate, string what, string? accountSource, string? account, string? gatewaySource, string? gatewayId)
    {
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
    }

    private static void AddGatewayUrl(string source, Uri url, List<(string, string, string)> found, List<string> errors)
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
}
