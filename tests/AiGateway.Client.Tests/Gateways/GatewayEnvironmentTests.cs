using AiGateway.Client.Gateways;
using static AiGateway.Client.Tests.Gateways.GatewayTestSupport;
using AiGateway.Client.Tests.TestSupport;

namespace AiGateway.Client.Tests.Gateways;

public sealed class GatewayEnvironmentTests
{
    private static readonly (string, string)[] Netlify = [("NETLIFY_AI_GATEWAY_KEY", "netlify-token-1818"), ("NETLIFY_AI_GATEWAY_BASE_URL", "https://s.netlify.app/.netlify/ai/")];
    private static readonly (string, string)[] VercelKey = [("AI_GATEWAY_API_KEY", "vck_key-1919")];
    private static readonly (string, string)[] VercelOidc = [("VERCEL_OIDC_TOKEN", "oidc-2020")];
    private static readonly (string, string)[] Neon = [("NEON_AI_GATEWAY_TOKEN", "nt_live_2121"), ("NEON_AI_GATEWAY_BASE_URL", "https://br-x-api.ai.c-2.us-east-2.aws.neon.tech")];
    private static readonly (string, string)[] Rebyte = [("REBYTE_AI_GATEWAY_KEY", "aig_2222"), ("REBYTE_AI_GATEWAY_URL", "https://api.rebyte.ai/api/ai/v1")];
    private static readonly (string, string)[] Cloudflare = [("CLOUDFLARE_ACCOUNT_ID", "0123456789abcdef0123456789abcdef"), ("CLOUDFLARE_AI_GATEWAY_ID", "gw"), ("CLOUDFLARE_AI_GATEWAY_TOKEN", "cf-2323")];
    private static readonly (string, string)[] Direct = [("ANTHROPIC_API_KEY", "sk-ant-2424")];

    [Fact]
    public void Every_detected_gateway_is_kept_in_the_documented_precedence_order()
    {
        var environment = Detect([.. Direct, .. Cloudflare, .. Rebyte, .. Neon, .. VercelKey, .. Netlify]);

        Assert.Equal(
            [GatewayKind.Netlify, GatewayKind.Vercel, GatewayKind.Neon, GatewayKind.Rebyte, GatewayKind.Cloudflare, GatewayKind.Direct],
            environment.Detected.Select(g => g.Kind));
        Assert.Same(environment.Detected[0], environment.Primary);
    }

    [Theory]
    [InlineData(GatewayKind.Vercel, GatewayKind.Neon)]
    [InlineData(GatewayKind.Neon, GatewayKind.Rebyte)]
    [InlineData(GatewayKind.Rebyte, GatewayKind.Cloudflare)]
    [InlineData(GatewayKind.Cloudflare, GatewayKind.Direct)]
    [InlineData(GatewayKind.Netlify, GatewayKind.Vercel)]
    public void A_higher_ranked_gateway_is_primary_over_a_lower_one(GatewayKind higher, GatewayKind lower)
    {
        Assert.Equal(higher, Detect([.. Variables(lower), .. Variables(higher)]).Primary.Kind);
    }

    [Fact]
    public void A_vercel_oidc_token_alone_ranks_below_the_deliberately_configured_gateways()
    {
        var environment = Detect([.. VercelOidc, .. Cloudflare, .. Direct]);

        Assert.Equal([GatewayKind.Cloudflare, GatewayKind.Vercel, GatewayKind.Direct], environment.Detected.Select(g => g.Kind));
    }

    [Fact]
    public void A_vercel_oidc_token_alone_still_beats_direct_keys()
    {
        Assert.Equal(GatewayKind.Vercel, Detect([.. VercelOidc, .. Direct]).Primary.Kind);
    }

    [Fact]
    public void The_gateway_option_makes_a_lower_ranked_gateway_primary_and_keeps_the_rest()
    {
        var options = Options([.. Netlify, .. Neon]);
        options.Gateway = GatewayKind.Neon;

        var environment = GatewayEnvironment.Detect(options);

        Assert.Equal([GatewayKind.Neon, GatewayKind.Netlify], environment.Detected.Select(g => g.Kind));
    }

    [Fact]
    public void The_gateway_option_for_a_gateway_without_variables_is_an_error_naming_them()
    {
        var options = Options(Netlify);
        options.Gateway = GatewayKind.Vercel;

        var error = Assert.Throws<GatewayConfigurationException>(() => GatewayEnvironment.Detect(options));

        Assert.Contains("AI_GATEWAY_API_KEY", error.Message);
        Assert.Contains("VERCEL_OIDC_TOKEN", error.Message);
    }

    [Theory]
    [InlineData(GatewayKind.Netlify, "NETLIFY_AI_GATEWAY_KEY")]
    [InlineData(GatewayKind.Neon, "NEON_AI_GATEWAY_TOKEN")]
    [InlineData(GatewayKind.Rebyte, "REBYTE_AI_GATEWAY_KEY")]
    [InlineData(GatewayKind.Cloudflare, "CLOUDFLARE_ACCOUNT_ID")]
    [InlineData(GatewayKind.Direct, "OPENAI_API_KEY")]
    [InlineData(GatewayKind.OpenAICompatible, "BaseUrl")]
    public void Every_gateway_option_without_its_settings_names_what_to_set(GatewayKind kind, string expected)
    {
        var options = Options();
        options.Gateway = kind;

        var error = Assert.Throws<GatewayConfigurationException>(() => GatewayEnvironment.Detect(options));

        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Explicit_base_url_and_key_replace_the_variables_of_that_gateway()
    {
        var options = Options(Netlify);
        options.Gateway = GatewayKind.Netlify;
        options.BaseUrl = new Uri("https://other-site.netlify.app/.netlify/ai");
        options.ApiKey = "explicit-key-2525";

        var primary = GatewayEnvironment.Detect(options).Primary;
        using var request = Authenticated(primary, ChatDialect.ChatCompletions, OpenAIModel);

        Assert.Equal("https://other-site.netlify.app/.netlify/ai/chat/completions", request.RequestUri!.AbsoluteUri);
        Assert.Equal("Bearer explicit-key-2525", Header(request, "authorization"));
        Assert.Equal(["AiGatewayOptions.ApiKey", "AiGatewayOptions.BaseUrl"], primary.Sources);
    }

    [Theory]
    [InlineData("https://br-y-api.ai.c-2.us-east-2.aws.neon.tech", GatewayKind.Neon)]
    [InlineData("https://api.rebyte.ai/api/ai/v1", GatewayKind.Rebyte)]
    [InlineData("https://ai-gateway.vercel.sh/v1", GatewayKind.Vercel)]
    [InlineData("https://site.netlify.app/.netlify/ai/", GatewayKind.Netlify)]
    [InlineData("https://gateway.ai.cloudflare.com/v1/0123456789abcdef0123456789abcdef/gw/openai", GatewayKind.Cloudflare)]
    [InlineData("http://localhost:11434/v1", GatewayKind.OpenAICompatible)]
    [InlineData("https://llm.internal.example.com/v1", GatewayKind.OpenAICompatible)]
    public void An_explicit_base_url_makes_the_gateway_it_points_at_primary(string baseUrl, GatewayKind expected)
    {
        var options = Options(Direct);
        options.BaseUrl = new Uri(baseUrl);
        options.ApiKey = "explicit-key-2626";

        var environment = GatewayEnvironment.Detect(options);

        Assert.Equal(expected, environment.Primary.Kind);
        Assert.Equal(GatewayKind.Direct, environment.Detected[^1].Kind);
    }

    [Fact]
    public void An_explicit_vercel_base_url_with_v1_keeps_messages_at_the_root()
    {
        var options = Options();
        options.BaseUrl = new Uri("https://ai-gateway.vercel.sh/v1");
        options.ApiKey = "explicit-key-2727";

        var primary = GatewayEnvironment.Detect(options).Primary;

        Assert.Equal("https://ai-gateway.vercel.sh/v1/messages", primary.GetEndpoint(ChatDialect.Messages, AnthropicModel, "m", false).AbsoluteUri);
        Assert.Equal("https://ai-gateway.vercel.sh/v1/chat/completions", primary.GetEndpoint(ChatDialect.ChatCompletions, AnthropicModel, "m", false).AbsoluteUri);
    }

    [Fact]
    public void An_explicit_base_url_on_a_known_gateway_takes_its_key_from_that_gateways_variables()
    {
        var options = Options(("NEON_AI_GATEWAY_TOKEN", "nt_live_from-variable-2828"));
        options.BaseUrl = new Uri("https://br-z-api.ai.c-2.us-east-2.aws.neon.tech");

        var primary = GatewayEnvironment.Detect(options).Primary;
        using var request = Authenticated(primary, ChatDialect.ChatCompletions, OpenAIModel);

        Assert.Equal("Bearer nt_live_from-variable-2828", Header(request, "authorization"));
    }

    [Fact]
    public void An_openai_compatible_base_url_without_a_key_sends_no_authorization()
    {
        var options = Options();
        options.BaseUrl = new Uri("http://127.0.0.1:8080/v1");

        var primary = GatewayEnvironment.Detect(options).Primary;
        using var request = Authenticated(primary, ChatDialect.ChatCompletions, OpenAIModel);

        Assert.Equal("http://127.0.0.1:8080/v1/chat/completions", request.RequestUri!.AbsoluteUri);
        Assert.Empty(PresentAuthHeaders(request));
    }

    [Fact]
    public void An_openai_compatible_base_url_with_a_key_sends_bearer_and_reports_its_fingerprint()
    {
        var options = Options();
        options.BaseUrl = new Uri("https://llm.internal.example.com/v1");
        options.ApiKey = "explicit-key-4343";

        var environment = GatewayEnvironment.Detect(options);
        using var request = Authenticated(environment.Primary, ChatDialect.Responses, OpenAIModel);

        Assert.Equal("https://llm.internal.example.com/v1/responses", request.RequestUri!.AbsoluteUri);
        Assert.Equal(["authorization"], PresentAuthHeaders(request));
        Assert.Equal("AiGatewayOptions.ApiKey", Assert.Single(environment.Diagnose().Gateways[0].Credentials).Source);
    }

    [Fact]
    public void An_api_key_without_a_gateway_or_base_url_is_an_error_saying_what_to_add()
    {
        var options = Options(Netlify);
        options.ApiKey = "explicit-key-2929";

        var error = Assert.Throws<GatewayConfigurationException>(() => GatewayEnvironment.Detect(options));

        Assert.Contains("AiGatewayOptions.ApiKey", error.Message);
        Assert.Contains("AiGatewayOptions.Gateway", error.Message);
        Assert.Contains("AiGatewayOptions.BaseUrl", error.Message);
    }

    [Fact]
    public void An_explicit_plain_http_url_to_another_host_is_an_error()
    {
        var options = Options();
        options.BaseUrl = new Uri("http://llm.example.com/v1");

        var error = Assert.Throws<GatewayConfigurationException>(() => GatewayEnvironment.Detect(options));

        Assert.Contains("AiGatewayOptions.BaseUrl", error.Message);
        Assert.Contains("https://", error.Message);
    }

    [Fact]
    public void Cloudflare_options_make_cloudflare_primary_over_variables()
    {
        var options = Options([.. Netlify, ("OPENAI_API_KEY", "sk-3030")]);
        options.AccountId = "0123456789abcdef0123456789abcdef";
        options.GatewayId = "from-options";
        options.GatewayToken = "cf-from-options-3131";

        var environment = GatewayEnvironment.Detect(options);
        var cloudflare = Assert.IsType<CloudflareGateway>(environment.Primary);
        using var request = Authenticated(cloudflare, ChatDialect.ChatCompletions, OpenAIModel);

        Assert.Equal("from-options", cloudflare.GatewayId);
        Assert.Equal("Bearer cf-from-options-3131", Header(request, "cf-aig-authorization"));
        Assert.Contains("AiGatewayOptions.GatewayToken", cloudflare.Sources);
        Assert.Equal(GatewayKind.Netlify, environment.Detected[1].Kind);
    }

    [Fact]
    public void A_gateway_token_option_completes_cloudflare_ids_from_variables()
    {
        var options = Options(("CLOUDFLARE_ACCOUNT_ID", "0123456789abcdef0123456789abcdef"), ("CF_AIG_ID", "gw"));
        options.GatewayToken = "cf-option-3232";

        var primary = GatewayEnvironment.Detect(options).Primary;

        Assert.Equal(GatewayKind.Cloudflare, primary.Kind);
        Assert.Contains("AiGatewayOptions.GatewayToken", primary.Sources);
    }

    [Fact]
    public void An_account_id_option_without_a_gateway_id_is_an_error_naming_both()
    {
        var options = Options(("OPENAI_API_KEY", "sk-3333"));
        options.AccountId = "0123456789abcdef0123456789abcdef";

        var error = Assert.Throws<GatewayConfigurationException>(() => GatewayEnvironment.Detect(options));

        Assert.Contains("AiGatewayOptions.AccountId", error.Message);
        Assert.Contains("AiGatewayOptions.GatewayId", error.Message);
    }

    [Fact]
    public void A_broken_primary_throws_even_when_a_lower_gateway_works_and_names_it()
    {
        var error = DetectError([("NEON_AI_GATEWAY_TOKEN", "nt_live_3434"), .. Direct]);

        Assert.Contains("NEON_AI_GATEWAY_BASE_URL", error.Message);
        Assert.Contains("Also detected, later in the precedence order: Direct providers (Anthropic)", error.Message);
        Assert.Contains("AiGatewayOptions.Gateway", error.Message);
    }

    [Fact]
    public void A_broken_lower_gateway_is_left_out_with_a_warning()
    {
        var environment = Detect([.. Netlify, ("NEON_AI_GATEWAY_TOKEN", "nt_live_3535")]);

        Assert.Equal([GatewayKind.Netlify], environment.Detected.Select(g => g.Kind));
        Assert.Contains(environment.Diagnose().Warnings, w => w.StartsWith("Neon was left out", StringComparison.Ordinal) && w.Contains("NEON_AI_GATEWAY_BASE_URL", StringComparison.Ordinal));
    }

    [Fact]
    public void Nothing_found_is_an_error_listing_what_to_set()
    {
        var error = DetectError(("PATH", "/usr/bin"));

        Assert.Contains("No AI gateway was found", error.Message);
        Assert.All(
            ["NETLIFY_AI_GATEWAY_KEY", "AI_GATEWAY_API_KEY", "VERCEL_OIDC_TOKEN", "NEON_AI_GATEWAY_TOKEN", "REBYTE_AI_GATEWAY_KEY", "CLOUDFLARE_AI_GATEWAY_ID", "OPENAI_API_KEY", "AiGatewayOptions.BaseUrl"],
            name => Assert.Contains(name, error.Message));
    }

    [Fact]
    public void Diagnosing_options_never_throws_and_reports_nothing_found()
    {
        var diagnosis = Diagnose();

        Assert.False(diagnosis.IsUsable);
        Assert.Null(diagnosis.Chosen);
        Assert.Contains("No AI gateway was found", Assert.Single(diagnosis.Errors));
        Assert.Contains("Chosen: none", diagnosis.ToString());
    }

    [Fact]
    public void A_diagnosis_of_a_broken_primary_still_lists_the_usable_gateways_without_choosing()
    {
        var diagnosis = Diagnose([("NEON_AI_GATEWAY_TOKEN", "nt_live_3636"), .. Direct]);

        Assert.Null(diagnosis.Chosen);
        Assert.Equal([GatewayKind.Direct], diagnosis.Gateways.Select(g => g.Kind));
        Assert.False(diagnosis.Gateways[0].IsPrimary);
    }

    [Fact]
    public void From_profiles_keeps_the_given_order_and_diagnoses_them()
    {
        var first = new VercelGateway(GatewayCredential.FromValue("vck_3737", "test"));
        var second = new DirectGateway(GatewayCredential.FromValue("sk-3838", "OPENAI_API_KEY"), null, null);

        var environment = GatewayEnvironment.FromProfiles(first, second);
        var diagnosis = environment.Diagnose();

        Assert.Same(first, environment.Primary);
        Assert.Equal([GatewayKind.Vercel, GatewayKind.Direct], diagnosis.Gateways.Select(g => g.Kind));
        Assert.Equal(GatewayKind.Vercel, diagnosis.Chosen);
    }

    [Fact]
    public void From_profiles_needs_at_least_one()
    {
        Assert.Throws<ArgumentException>(() => GatewayEnvironment.FromProfiles());
    }

    [Fact]
    public void A_malformed_url_variable_is_an_error_naming_it_with_an_example()
    {
        var error = DetectError(("NEON_AI_GATEWAY_TOKEN", "nt_live_3939"), ("NEON_AI_GATEWAY_BASE_URL", "br-x-api.ai.neon.tech/no-scheme"));

        Assert.Contains("NEON_AI_GATEWAY_BASE_URL is not an absolute http(s) URL", error.Message);
        Assert.Contains("https://<branch-id>", error.Message);
    }

    [Theory]
    [InlineData("NETLIFY_AI_GATEWAY_BASE_URL", "http://site.netlify.app/.netlify/ai/")]
    [InlineData("REBYTE_AI_GATEWAY_URL", "http://api.rebyte.ai/api/ai/v1")]
    [InlineData("OPENAI_BASE_URL", "http://proxy.example.com/v1")]
    public void A_plain_http_url_to_another_host_is_an_error(string variable, string value)
    {
        var keyVariable = variable switch { "NETLIFY_AI_GATEWAY_BASE_URL" => "NETLIFY_AI_GATEWAY_KEY", "REBYTE_AI_GATEWAY_URL" => "REBYTE_AI_GATEWAY_KEY", _ => "OPENAI_API_KEY" };

        var error = DetectError((variable, value), (keyVariable, "key-4040"));

        Assert.Contains(variable, error.Message);
        Assert.Contains("plain HTTP", error.Message);
    }

    [Fact]
    public void Plain_http_to_localhost_is_accepted_for_netlify_dev()
    {
        var primary = Detect(("NETLIFY_AI_GATEWAY_KEY", "k-4141"), ("NETLIFY_AI_GATEWAY_BASE_URL", "http://localhost:8888/.netlify/ai/")).Primary;

        Assert.Equal("http://localhost:8888/.netlify/ai/responses", primary.GetEndpoint(ChatDialect.Responses, OpenAIModel, "m", false).AbsoluteUri);
    }

    [Fact]
    public void The_detect_overload_with_a_logger_logs_the_choice_and_warnings_without_secrets()
    {
        var logger = new ListLogger();

        GatewayEnvironment.Detect(Options([.. Netlify, ("NEON_AI_GATEWAY_TOKEN", "nt_live_4242")]), logger);

        Assert.Contains(logger.Lines, l => l.Contains("Using Netlify AI Gateway (from NETLIFY_AI_GATEWAY_KEY, NETLIFY_AI_GATEWAY_BASE_URL)", StringComparison.Ordinal));
        Assert.Contains(logger.Lines, l => l.Contains("Neon was left out", StringComparison.Ordinal));
        Assert.DoesNotContain(logger.Lines, l => l.Contains("netlify-token-1818", StringComparison.Ordinal) || l.Contains("nt_live_4242", StringComparison.Ordinal));
    }

    private static (string, string)[] Variables(GatewayKind kind) => kind switch
    {
        GatewayKind.Netlify => Netlify,
        GatewayKind.Vercel => VercelKey,
        GatewayKind.Neon => Neon,
        GatewayKind.Rebyte => Rebyte,
        GatewayKind.Cloudflare => Cloudflare,
        _ => Direct,
    };
}
