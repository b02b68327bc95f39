using AiGateway.Client.Gateways;
using AiGateway.Client.Testing;
using AiGateway.Client.Tests.Gateways;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using static AiGateway.Client.Tests.EndToEnd.SweepSecrets;

namespace AiGateway.Client.Tests.EndToEnd;

/// <summary>
/// "Secrets never leak … Test this": with a distinctive fake secret in every credential variable of every gateway,
/// success and failure paths run through the full DI pipeline (budget → tags → failover → leaf) while every log line
/// (Trace), every span and metric tag of <c>AiGateway.Client</c> (sensitive data off), every exception's
/// <c>Message</c> and <c>ToString()</c>, the diagnosis, the profiles and the client metadata are collected; none may
/// contain a secret. Gateways that quote the credential back in an error body or a broken stream are part of it.
/// </summary>
public sealed class SecretLeakSweepTests
{
    private const string NetlifyRoot = "https://my-site.netlify.app/.netlify/ai/";
    private const string NeonHost = "https://br-sweep-api.ai.c-2.us-east-2.aws.neon.tech";
    private const string RebyteUrl = "https://api.rebyte.ai/api/ai/v1";
    private const string OverBudgetUser = "user-over-budget";

    /// <summary>Every gateway at once, current variable names (plus Neon's earliest pair).</summary>
    private static readonly (string, string)[] Everything =
    [
        ("NETLIFY_AI_GATEWAY_KEY", NetlifyKey), ("NETLIFY_AI_GATEWAY_BASE_URL", NetlifyRoot),
        ("AI_GATEWAY_API_KEY", VercelKey), ("VERCEL_OIDC_TOKEN", VercelOidc),
        ("NEON_AI_GATEWAY_TOKEN", NeonToken), ("NEON_AI_GATEWAY_BASE_URL", NeonHost),
        ("NEON_AI_GATEWAY_KEY", NeonLegacyKey), ("NEON_AI_GATEWAY_HOST", new Uri(NeonHost).Host),
        ("REBYTE_AI_GATEWAY_KEY", RebyteKey), ("REBYTE_AI_GATEWAY_URL", RebyteUrl),
        ("CLOUDFLARE_ACCOUNT_ID", "0123456789abcdef0123456789abcdef"), ("CLOUDFLARE_AI_GATEWAY_ID", "sweep"),
        ("CLOUDFLARE_AI_GATEWAY_TOKEN", CloudflareToken), ("CLOUDFLARE_API_TOKEN", CloudflareApiToken),
        ("OPENAI_API_KEY", OpenAIKey), ("ANTHROPIC_API_KEY", AnthropicKey), ("GEMINI_API_KEY", GeminiKey), ("GOOGLE_API_KEY", GoogleKey),
    ];

    /// <summary>Older names: Netlify's Edge URL variable, Vercel OIDC alone, Neon's OpenAI pair, Cloudflare's short names.</summary>
    private static readonly (string, string)[] OlderGenerations =
    [
        ("NETLIFY_AI_GATEWAY_KEY", NetlifyKey), ("NETLIFY_AI_GATEWAY_URL", NetlifyRoot),
        ("VERCEL_OIDC_TOKEN", VercelOidc),
        ("OPENAI_API_KEY", NeonToken), ("OPENAI_BASE_URL", NeonHost + "/ai-gateway/openai/v1"),
        ("CF_ACCOUNT_ID", "0123456789abcdef0123456789abcdef"), ("CF_AIG_ID", "sweep"), ("CF_AIG_TOKEN", CloudflareToken), ("CF_API_TOKEN", CloudflareApiToken),
        ("ANTHROPIC_API_KEY", AnthropicKey), ("GOOGLE_API_KEY", GoogleKey),
    ];

    /// <summary>Rebyte's OpenAI pair beside Neon's earliest pair and one provider key.</summary>
    private static readonly (string, string)[] RebytePair =
    [
        ("OPENAI_API_KEY", RebyteKey), ("OPENAI_BASE_URL", RebyteUrl),
        ("NEON_AI_GATEWAY_KEY", NeonLegacyKey), ("NEON_AI_GATEWAY_HOST", new Uri(NeonHost).Host),
        ("ANTHROPIC_API_KEY", AnthropicKey),
    ];

    private static readonly string[] Models = ["claude-sonnet-4-5", "gpt-5.4", "openai/gpt-5.2-codex", "gemini-2.5-flash", "@cf/meta/llama-3.1-8b-instruct"];

    private static readonly Fault[] Faults = Enum.GetValues<Fault>();

    /// <summary>Environment, the gateway made primary, and the secret that gateway must send (proof the secrets were in play).</summary>
    public static TheoryData<string, GatewayKind, string> Pipelines => new()
    {
        { "everything", GatewayKind.Netlify, nameof(NetlifyKey) },
        { "everything", GatewayKind.Vercel, nameof(VercelKey) },
        { "everything", GatewayKind.Neon, nameof(NeonToken) },
        { "everything", GatewayKind.Rebyte, nameof(RebyteKey) },
        { "everything", GatewayKind.Cloudflare, nameof(CloudflareToken) },
        { "everything", GatewayKind.Direct, nameof(OpenAIKey) },
        { "older", GatewayKind.Netlify, nameof(NetlifyKey) },
        { "older", GatewayKind.Vercel, nameof(VercelOidc) },
        { "older", GatewayKind.Neon, nameof(NeonToken) },
        { "older", GatewayKind.Cloudflare, nameof(CloudflareToken) },
        { "rebyte-pair", GatewayKind.Rebyte, nameof(RebyteKey) },
        { "rebyte-pair", GatewayKind.Neon, nameof(NeonLegacyKey) },
        { "rebyte-pair", GatewayKind.Direct, nameof(AnthropicKey) },
    };

    [Theory]
    [MemberData(nameof(Pipelines))]
    public async Task No_secret_leaks_on_any_success_or_failure_path(string environmentName, GatewayKind primary, string primarySecret)
    {
        using var captured = new CapturedText();
        var texts = new List<(string Where, string Text)>();
        FaultInjector? faults = null;
        var environment = EnvironmentNamed(environmentName);
        using var pipeline = DiPipeline.Create(
            environment,
            builder => builder
                .UseBudget(budget => budget.Rules.Add(BudgetRule.PerUser("over-budget", 0m, BudgetWindow.PerDay, OverBudgetUser)))
                .UseTags(tags =>
                {
                    tags.DefaultTags.Add("sweep:leak");
                    tags.DefaultUser = "user-sweep";
                })
                .UseFailover(failover =>
                {
                    failover.MaxAttemptsPerTarget = 1;
                    failover.UseCircuitBreaker = false;
                }),
            options => options.Gateway = primary,
            logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(captured),
            fake => faults = new FaultInjector(fake, CredentialHeaders.All));

        var client = pipeline.Client;
        var exceptions = 0;
        foreach (var model in Models)
        {
            foreach (var fault in Faults)
            {
                faults!.Fault = fault;
                foreach (var streaming in new[] { false, true })
                {
                    var where = $"{model} {fault} {(streaming ? "streamed" : "whole")}";
                    exceptions += await CollectCallAsync(client, new ChatOptions { ModelId = model }.WithTags("feature:sweep"), streaming, where, texts);
                }
            }

            faults!.Fault = Fault.None;
            exceptions += await CollectCallAsync(client, new ChatOptions { ModelId = model }.WithUser(OverBudgetUser), streaming: false, $"{model} budget refusal", texts);
            exceptions += await CollectCallAsync(client, new ChatOptions { ModelId = model, AdditionalProperties = new() { [AiGatewayPropertyKeys.Gateway] = GatewayKind.OpenAICompatible } }, streaming: false, $"{model} undetected gateway", texts);
        }

        CollectPipelineFacts(client, new AiGatewayOptions { Environment = environment, Gateway = primary }, texts);
        CollectRequests(pipeline.Fake, texts);
        texts.AddRange(captured.LogLines.Select(line => ("log line", line)));
        texts.AddRange(captured.Telemetry.Select(line => ("telemetry", line)));

        // Proof that the sweep had something to find: the primary's secret went on the wire, and there was output to search.
        Assert.Contains(pipeline.Fake.Requests, r => r.Headers.Any(h => CredentialHeaders.All.Contains(h.Key) && h.Value.Contains(ByName[primarySecret], StringComparison.Ordinal)));
        Assert.True(exceptions >= Models.Length * (Faults.Length - 1), $"every fault path failed ({exceptions} exceptions)");
        Assert.NotEmpty(captured.LogLines);
        Assert.NotEmpty(captured.Telemetry);

        var leaks = FindLeaks(texts);
        Assert.True(leaks.Count == 0, string.Join(Environment.NewLine, leaks.Distinct().Take(20)));
    }

    public static TheoryData<string> ConfigurationErrors =>
    [
        "netlify-key-without-url", "netlify-url-with-password", "neon-token-pasted-as-url", "rebyte-key-pasted-as-url",
        "explicit-key-alone", "explicit-key-with-bad-url", "vercel-forced-with-others-broken",
    ];

    [Theory]
    [MemberData(nameof(ConfigurationErrors))]
    public async Task No_secret_leaks_from_configuration_errors(string scenario)
    {
        using var captured = new CapturedText();
        var texts = new List<(string Where, string Text)>();
        var (variables, configure) = ConfigurationScenario(scenario);
        var environment = Env(variables);
        var options = new AiGatewayOptions { Environment = environment };
        configure(options);

        using var pipeline = DiPipeline.Create(
            environment,
            builder => builder.UseBudget(_ => { }).UseTags().UseFailover(),
            configure,
            logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(captured));

        Exception? failure = null;
        try
        {
            await pipeline.Client.GetResponseAsync("ping", new ChatOptions { ModelId = "gpt-5.4" });
            CollectPipelineFacts(pipeline.Client, options, texts);
        }
        catch (Exception ex)
        {
            failure = ex;
            AddException(texts, scenario, ex);
        }

        try
        {
            GatewayEnvironment.Detect(options, captured.CreateLogger("GatewayEnvironment"));
        }
        catch (GatewayConfigurationException ex)
        {
            AddException(texts, scenario + " (Detect)", ex);
        }

        texts.Add(("GatewayEnvironment.Diagnose(options)", GatewayEnvironment.Diagnose(options).ToString()));
        texts.AddRange(captured.LogLines.Select(line => ("log line", line)));
        texts.AddRange(captured.Telemetry.Select(line => ("telemetry", line)));

        Assert.True(failure is AiGatewayException or ArgumentException or null, failure?.GetType().Name);
        var leaks = FindLeaks(texts);
        Assert.True(leaks.Count == 0, string.Join(Environment.NewLine, leaks.Distinct().Take(20)));
    }

    [Fact]
    public async Task No_secret_leaks_when_a_rotating_token_vanishes_between_calls()
    {
        using var captured = new CapturedText();
        var environment = new MutableEnvironment(("NETLIFY_AI_GATEWAY_KEY", NetlifyKey), ("NETLIFY_AI_GATEWAY_BASE_URL", NetlifyRoot));
        using var pipeline = DiPipeline.Create(
            environment,
            builder => builder.UseTags().UseFailover(),
            logging: logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(captured));
        await pipeline.Client.GetResponseAsync("ping", new ChatOptions { ModelId = "gpt-5.4" });
        environment["NETLIFY_AI_GATEWAY_KEY"] = null;

        var ex = await Assert.ThrowsAsync<GatewayConfigurationException>(() => pipeline.Client.GetResponseAsync("ping", new ChatOptions { ModelId = "gpt-5.4" }));

        var texts = new List<(string Where, string Text)>();
        AddException(texts, "vanished token", ex);
        CollectPipelineFacts(pipeline.Client, new AiGatewayOptions { Environment = environment }, texts);
        texts.AddRange(captured.LogLines.Select(line => ("log line", line)));
        Assert.Contains("NETLIFY_AI_GATEWAY_KEY", ex.Message, StringComparison.Ordinal);
        Assert.Empty(FindLeaks(texts));
    }

    [Fact]
    public void The_leak_finder_finds_a_secret_and_a_masked_one_without_printing_either()
    {
        var leaks = FindLeaks([("a", "token " + VercelKey), ("b", "key s3cr3t-n***" + NetlifyKey[^6..]), ("c", "nothing here")]);

        Assert.Equal(2, leaks.Count);
        Assert.All(leaks, leak => Assert.DoesNotContain("s3cr3t-vercel", leak, StringComparison.Ordinal));
        Assert.All(leaks, leak => Assert.DoesNotContain(NetlifyKey[^6..], leak, StringComparison.Ordinal));
    }

    private static IEnvironmentSource EnvironmentNamed(string name) => Env(name switch
    {
        "everything" => Everything,
        "older" => OlderGenerations,
        _ => RebytePair,
    });

    private static IEnvironmentSource Env((string Name, string Value)[] variables) =>
        EnvironmentSource.FromDictionary(variables.Select(v => new KeyValuePair<string, string?>(v.Name, v.Value)));

    private static ((string, string)[] Variables, Action<AiGatewayOptions> Configure) ConfigurationScenario(string scenario) => scenario switch
    {
        "netlify-key-without-url" => ([("NETLIFY_AI_GATEWAY_KEY", NetlifyKey), ("OPENAI_API_KEY", OpenAIKey)], _ => { }),
        "netlify-url-with-password" => ([("NETLIFY_AI_GATEWAY_KEY", NetlifyKey), ("NETLIFY_AI_GATEWAY_BASE_URL", $"https://deploy:{UrlPassword}@my-site.netlify.app/.netlify/ai/")], _ => { }),
        "neon-token-pasted-as-url" => ([("NEON_AI_GATEWAY_TOKEN", NeonToken), ("NEON_AI_GATEWAY_BASE_URL", NeonToken)], _ => { }),
        "rebyte-key-pasted-as-url" => ([("REBYTE_AI_GATEWAY_KEY", RebyteKey), ("REBYTE_AI_GATEWAY_URL", RebyteKey), ("AI_GATEWAY_API_KEY", VercelKey)], _ => { }),
        "explicit-key-alone" => ([("GEMINI_API_KEY", GeminiKey)], o => o.ApiKey = OptionKey),
        "explicit-key-with-bad-url" => ([("ANTHROPIC_API_KEY", AnthropicKey)], o =>
        {
            o.ApiKey = OptionKey;
            o.BaseUrl = new Uri($"ftp://proxy.example.com/{OptionKey}");
        }),
        _ => ([("NETLIFY_AI_GATEWAY_KEY", NetlifyKey), ("NEON_AI_GATEWAY_TOKEN", NeonToken), ("VERCEL_OIDC_TOKEN", VercelOidc)], o => o.Gateway = GatewayKind.Rebyte),
    };

    /// <summary>Makes one call and collects what the caller can see of it; returns 1 when it threw.</summary>
    private static async Task<int> CollectCallAsync(IChatClient client, ChatOptions options, bool streaming, string where, List<(string, string)> texts)
    {
        try
        {
            if (streaming)
            {
                await foreach (var update in client.GetStreamingResponseAsync("ping", options))
                {
                    texts.Add((where + " update", update.Text + " " + Render(update.AdditionalProperties)));
                }
            }
            else
            {
                var response = await client.GetResponseAsync("ping", options);
                texts.Add((where + " response", response.Text + " " + Render(response.AdditionalProperties)));
            }

            return 0;
        }
        catch (Exception ex)
        {
            AddException(texts, where, ex);
            return 1;
        }
    }

    private static void AddException(List<(string, string)> texts, string where, Exception ex)
    {
        texts.Add((where + " exception Message", ex.Message));
        texts.Add((where + " exception ToString()", ex.ToString()));
        if (ex is AiGatewayException gatewayError)
        {
            texts.Add((where + " exception fields", $"{gatewayError.ProviderMessage} {gatewayError.ErrorCode} {gatewayError.RequestId} {gatewayError.ModelId}"));
        }

        for (var inner = ex.InnerException; inner is not null; inner = inner.InnerException)
        {
            texts.Add((where + " inner exception", inner.Message));
        }
    }

    /// <summary>Everything the pipeline tells about itself: metadata, detected gateways, diagnoses.</summary>
    private static void CollectPipelineFacts(IChatClient client, AiGatewayOptions options, List<(string, string)> texts)
    {
        var metadata = Assert.IsType<ChatClientMetadata>(client.GetService(typeof(ChatClientMetadata)));
        texts.Add(("ChatClientMetadata", $"{metadata.ProviderName} {metadata.ProviderUri} {metadata.DefaultModelId}"));
        var environment = Assert.IsType<GatewayEnvironment>(client.GetService(typeof(GatewayEnvironment)));
        texts.Add(("GatewayEnvironment.Diagnose()", environment.Diagnose().ToString()));
        texts.Add(("GatewayEnvironment.Diagnose(options)", GatewayEnvironment.Diagnose(options).ToString()));
        foreach (var profile in environment.Detected)
        {
            texts.Add(("GatewayProfile.ToString()", profile.ToString()));
            texts.Add(("GatewayProfile.Sources", string.Join(", ", profile.Sources)));
            texts.Add(("GatewayProfile.Credentials", string.Join(", ", profile.Credentials.Select(c => c.ToString()))));
            texts.Add(("GatewayProfile.DialectBaseUris", string.Join(", ", profile.DialectBaseUris.Values)));
        }

        texts.Add(("client ToString()", client.ToString() ?? string.Empty));
    }

    private static void CollectRequests(FakeGateway fake, List<(string, string)> texts)
    {
        foreach (var request in fake.Requests)
        {
            texts.Add(("FakeRequest.ToString()", request.ToString()));
            texts.Add(("request URL", request.Uri.AbsoluteUri));

            // Only credential headers may carry a secret; the body and every other header must not.
            texts.Add(("request body", request.Body));
            texts.AddRange(request.Headers.Where(h => !CredentialHeaders.All.Contains(h.Key)).Select(h => ("request header " + h.Key, h.Value)));
        }
    }

    private static string Render(AdditionalPropertiesDictionary? properties) =>
        properties is null ? string.Empty : string.Join(", ", properties.Select(p => $"{p.Key}={p.Value}"));
}
