using static AiGateway.Client.Tests.Gateways.GatewayTestSupport;

namespace AiGateway.Client.Tests.Gateways;

/// <summary>No message, diagnosis, log-ready string or ToString may contain a key, token or URL credential.</summary>
public sealed class NoSecretLeakTests
{
    // Distinctive values: if any of them shows up anywhere, it leaked.
    private const string NetlifyKey = "LEAK-netlify-aaaaaaaa";
    private const string VercelKey = "LEAK-vercel-bbbbbbbb";
    private const string OidcToken = "LEAK-oidc-cccccccc";
    private const string NeonToken = "nt_live_LEAK-neon-dddddddd";
    private const string RebyteKey = "aig_LEAK-rebyte-eeeeeeee";
    private const string CloudflareToken = "LEAK-cf-ffffffff";
    private const string OpenAIKey = "LEAK-openai-gggggggg";
    private const string AnthropicKey = "LEAK-anthropic-hhhhhhhh";
    private const string GeminiKey = "LEAK-gemini-iiiiiiii";
    private const string UrlPassword = "LEAK-urlpass-jjjjjjjj";
    private const string UrlQueryKey = "LEAK-query-kkkkkkkk";
    private const string OptionKey = "LEAK-option-llllllll";
    private const string OpenRouterKey = "LEAK-openrouter-mmmmmmmm";
    private const string CloudflareApiToken = "LEAK-cf-api-nnnnnnnn";

    private static readonly string[] Secrets =
        [NetlifyKey, VercelKey, OidcToken, NeonToken, RebyteKey, CloudflareToken, OpenAIKey, AnthropicKey, GeminiKey, UrlPassword, UrlQueryKey, OptionKey, OpenRouterKey, CloudflareApiToken];

    public static TheoryData<string> Scenarios =>
    [
        "everything", "netlify-shadowed", "netlify-key-only", "neon-broken-url", "neon-key-in-url-variable",
        "cloudflare-token-only", "cloudflare-bad-url", "rebyte-url-only", "url-with-credentials", "plain-http",
        "explicit-key-alone", "nothing", "netlify-openrouter", "netlify-openrouter-own", "cloudflare-rest",
    ];

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void Neither_the_detection_error_nor_the_diagnosis_contains_a_secret(string scenario)
    {
        var options = Scenario(scenario);
        var texts = new List<string>();
        try
        {
            var environment = GatewayEnvironment.Detect(options);
            texts.Add(environment.Diagnose().ToString());
            foreach (var profile in environment.Detected)
            {
                texts.Add(profile.ToString());
                texts.AddRange(profile.Sources);
                texts.AddRange(profile.Credentials.Select(c => c.ToString()));
                texts.AddRange(profile.Credentials.Select(c => c.Fingerprint));
            }
        }
        catch (GatewayConfigurationException ex)
        {
            texts.Add(ex.Message);
            texts.Add(ex.ToString());
        }

        var diagnosis = GatewayEnvironment.Diagnose(options);
        texts.Add(diagnosis.ToString());
        texts.AddRange(diagnosis.Errors);
        texts.AddRange(diagnosis.Warnings);
        texts.AddRange(diagnosis.Shadowing);
        texts.AddRange(diagnosis.Hints);
        texts.AddRange(diagnosis.Gateways.Select(g => g.ToString()));

        foreach (var text in texts)
        {
            foreach (var secret in Secrets)
            {
                Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void Credential_fingerprints_identify_a_change_without_showing_the_value()
    {
        var env = new MutableEnvironment(("NETLIFY_AI_GATEWAY_KEY", NetlifyKey), ("NETLIFY_AI_GATEWAY_BASE_URL", "https://s.netlify.app/.netlify/ai/"));
        var environment = GatewayEnvironment.Detect(new AiGatewayOptions { Environment = env });

        var before = environment.Diagnose().Gateways[0].Credentials[0];
        env["NETLIFY_AI_GATEWAY_KEY"] = NetlifyKey + "-rotated";
        var after = environment.Diagnose().Gateways[0].Credentials[0];

        Assert.Equal("NETLIFY_AI_GATEWAY_KEY", before.Source);
        Assert.StartsWith("sha256:", before.Fingerprint, StringComparison.Ordinal);
        Assert.NotEqual(before.Fingerprint, after.Fingerprint);
    }

    [Fact]
    public void A_line_break_in_a_key_is_an_error_that_does_not_show_the_key()
    {
        var profile = Detect(("AI_GATEWAY_API_KEY", VercelKey + "\nX-Injected: 1")).Primary;

        var error = Assert.Throws<GatewayConfigurationException>(() => Authenticated(profile, AiGateway.Client.ChatDialect.ChatCompletions, OpenAIModel));

        Assert.Contains("AI_GATEWAY_API_KEY contains a line break", error.Message);
        Assert.DoesNotContain(VercelKey, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_line_break_in_the_explicit_key_is_an_error_that_does_not_show_it()
    {
        var options = Options();
        options.Gateway = GatewayKind.Vercel;
        options.ApiKey = OptionKey + "\r\n";

        var error = Assert.Throws<GatewayConfigurationException>(() => GatewayEnvironment.Detect(options));

        Assert.Contains("AiGatewayOptions.ApiKey contains a line break", error.Message);
        Assert.DoesNotContain(OptionKey, error.Message, StringComparison.Ordinal);
    }

    private static AiGatewayOptions Scenario(string name)
    {
        (string, string)[] variables = name switch
        {
            "everything" =>
            [
                ("NETLIFY_AI_GATEWAY_KEY", NetlifyKey), ("NETLIFY_AI_GATEWAY_BASE_URL", "https://s.netlify.app/.netlify/ai/"),
                ("AI_GATEWAY_API_KEY", VercelKey), ("VERCEL_OIDC_TOKEN", OidcToken),
                ("NEON_AI_GATEWAY_TOKEN", NeonToken), ("NEON_AI_GATEWAY_BASE_URL", "https://br-x-api.ai.c-2.us-east-2.aws.neon.tech"),
                ("REBYTE_AI_GATEWAY_KEY", RebyteKey),
                ("CLOUDFLARE_ACCOUNT_ID", "0123456789abcdef0123456789abcdef"), ("CF_AIG_ID", "gw"), ("CF_AIG_TOKEN", CloudflareToken),
                ("OPENAI_API_KEY", OpenAIKey), ("ANTHROPIC_API_KEY", AnthropicKey), ("GEMINI_API_KEY", GeminiKey), ("GOOGLE_API_KEY", GeminiKey + "-2"),
            ],
            "netlify-shadowed" =>
            [
                ("NETLIFY_AI_GATEWAY_KEY", NetlifyKey), ("NETLIFY_AI_GATEWAY_URL", "https://s.netlify.app/.netlify/ai/"),
                ("OPENAI_API_KEY", OpenAIKey), ("ANTHROPIC_API_KEY", NetlifyKey), ("ANTHROPIC_BASE_URL", "https://s.netlify.app/.netlify/ai/"),
            ],
            "netlify-key-only" => [("NETLIFY_AI_GATEWAY_KEY", NetlifyKey), ("OPENAI_API_KEY", OpenAIKey)],
            "neon-broken-url" => [("NEON_AI_GATEWAY_TOKEN", NeonToken), ("NEON_AI_GATEWAY_BASE_URL", "not a url")],
            // A key pasted into the URL variable by mistake must not be echoed back.
            "neon-key-in-url-variable" => [("NEON_AI_GATEWAY_TOKEN", NeonToken), ("NEON_AI_GATEWAY_BASE_URL", NeonToken)],
            "cloudflare-token-only" => [("CLOUDFLARE_AI_GATEWAY_TOKEN", CloudflareToken), ("OPENAI_API_KEY", OpenAIKey)],
            "cloudflare-bad-url" => [("OPENAI_BASE_URL", "https://gateway.ai.cloudflare.com/x?key=" + UrlQueryKey), ("OPENAI_API_KEY", OpenAIKey)],
            "rebyte-url-only" => [("REBYTE_AI_GATEWAY_URL", "https://api.rebyte.ai/api/ai/v1?token=" + UrlQueryKey)],
            "url-with-credentials" => [("OPENAI_API_KEY", OpenAIKey), ("OPENAI_BASE_URL", $"https://user:{UrlPassword}@proxy.example.com/v1?key={UrlQueryKey}")],
            "plain-http" => [("ANTHROPIC_API_KEY", AnthropicKey), ("ANTHROPIC_BASE_URL", $"http://user:{UrlPassword}@proxy.example.com/?key={UrlQueryKey}")],
            "explicit-key-alone" => [("GEMINI_API_KEY", GeminiKey)],
            "netlify-openrouter" =>
            [
                ("NETLIFY_AI_GATEWAY_KEY", NetlifyKey), ("NETLIFY_AI_GATEWAY_BASE_URL", "https://s.netlify.app/.netlify/ai/"),
                ("OPENROUTER_API_KEY", OpenRouterKey), ("OPENROUTER_BASE_URL", "https://s.netlify.app/.netlify/ai/openrouter?key=" + UrlQueryKey),
            ],
            "netlify-openrouter-own" =>
            [
                ("NETLIFY_AI_GATEWAY_KEY", NetlifyKey), ("NETLIFY_AI_GATEWAY_BASE_URL", "https://s.netlify.app/.netlify/ai/"),
                ("OPENROUTER_API_KEY", OpenRouterKey), ("OPENROUTER_BASE_URL", OpenRouterKey),
            ],
            "cloudflare-rest" => [("CLOUDFLARE_ACCOUNT_ID", "0123456789abcdef0123456789abcdef"), ("CF_AIG_ID", "gw"), ("CLOUDFLARE_API_TOKEN", CloudflareApiToken)],
            _ => [],
        };
        var options = Options(variables);
        if (name == "explicit-key-alone")
        {
            options.ApiKey = OptionKey;
        }

        return options;
    }
}
