using AiGateway.Client.Gateways;
using static AiGateway.Client.Tests.Gateways.GatewayTestSupport;

namespace AiGateway.Client.Tests.Gateways;

public sealed class GatewayDiagnosisTests
{
    private static readonly (string, string)[] NetlifyWithOwnOpenAIKey =
    [
        ("NETLIFY_AI_GATEWAY_KEY", "netlify-token-5050"), ("NETLIFY_AI_GATEWAY_BASE_URL", "https://s.netlify.app/.netlify/ai/"),
        ("OPENAI_API_KEY", "sk-own-5151"),
    ];

    [Fact]
    public void The_report_lists_the_chosen_gateway_sources_fingerprints_and_dialect_base_urls()
    {
        var diagnosis = Diagnose(NetlifyWithOwnOpenAIKey);

        Assert.Equal(GatewayKind.Netlify, diagnosis.Chosen);
        Assert.True(diagnosis.IsUsable);
        var netlify = diagnosis.Gateways[0];
        Assert.True(netlify.IsPrimary);
        Assert.Equal(["NETLIFY_AI_GATEWAY_KEY", "NETLIFY_AI_GATEWAY_BASE_URL"], netlify.Sources);
        var credential = Assert.Single(netlify.Credentials);
        Assert.Equal("NETLIFY_AI_GATEWAY_KEY", credential.Source);
        Assert.Equal(GatewayCredential.FromValue("netlify-token-5050", "x").Fingerprint, credential.Fingerprint);
        Assert.Equal(new Uri("https://s.netlify.app/.netlify/ai/"), netlify.Endpoints[ChatDialect.Messages]);
        Assert.Equal(4, netlify.Endpoints.Count);
        Assert.False(diagnosis.Gateways[1].IsPrimary);
    }

    [Fact]
    public void Each_gateway_reports_the_base_url_of_each_of_its_dialects()
    {
        var vercel = Diagnose(("AI_GATEWAY_API_KEY", "vck_5252")).Gateways[0];
        var neon = Diagnose(("NEON_AI_GATEWAY_TOKEN", "nt_live_5353"), ("NEON_AI_GATEWAY_BASE_URL", "https://h.neon.tech")).Gateways[0];

        Assert.Equal("https://ai-gateway.vercel.sh/v1/", vercel.Endpoints[ChatDialect.ChatCompletions].AbsoluteUri);
        Assert.Equal("https://ai-gateway.vercel.sh/", vercel.Endpoints[ChatDialect.Messages].AbsoluteUri);
        Assert.Equal("https://h.neon.tech/openai/v1/", neon.Endpoints[ChatDialect.Responses].AbsoluteUri);
        Assert.Equal("https://h.neon.tech/gemini/", neon.Endpoints[ChatDialect.GenerateContent].AbsoluteUri);
    }

    [Fact]
    public void The_text_form_is_readable_and_has_every_section()
    {
        var text = Diagnose(NetlifyWithOwnOpenAIKey).ToString();

        Assert.StartsWith("AI gateway diagnosis (", text, StringComparison.Ordinal);
        Assert.Contains("Chosen: Netlify AI Gateway (Netlify)", text);
        Assert.Contains("1. Netlify AI Gateway (Netlify) [primary]", text);
        Assert.Contains("from: NETLIFY_AI_GATEWAY_KEY, NETLIFY_AI_GATEWAY_BASE_URL", text);
        Assert.Contains("credential: NETLIFY_AI_GATEWAY_KEY (sha256:", text);
        Assert.Contains("Messages: https://s.netlify.app/.netlify/ai/", text);
        Assert.Contains("2. Direct providers (OpenAI) (Direct)", text);
        Assert.Contains("missing: ANTHROPIC_API_KEY", text);
        Assert.Contains("Shadowing:", text);
        Assert.Contains("Hints:", text);
    }

    [Fact]
    public void Urls_in_the_text_form_leave_out_user_info_and_query()
    {
        var text = Diagnose(("OPENAI_API_KEY", "sk-5454"), ("OPENAI_BASE_URL", "https://u:p@proxy.example.com/v1?x=1")).ToString();

        Assert.Contains("ChatCompletions: https://proxy.example.com/v1/", text);
        Assert.DoesNotContain("u:p@", text, StringComparison.Ordinal);
        Assert.DoesNotContain("x=1", text, StringComparison.Ordinal);
    }

    [Fact]
    public void User_info_in_a_base_url_is_dropped_with_a_warning()
    {
        var environment = Detect(("OPENAI_API_KEY", "sk-5757"), ("OPENAI_BASE_URL", "https://u:p@proxy.example.com/v1"));

        Assert.Equal("https://proxy.example.com/v1/", environment.Primary.BaseUri.AbsoluteUri);
        Assert.Contains(environment.Diagnose().Warnings, w => w.StartsWith("OPENAI_BASE_URL contains user info", StringComparison.Ordinal));
    }

    [Fact]
    public void The_environment_description_names_the_source_never_values()
    {
        var diagnosis = Diagnose(("OPENAI_API_KEY", "sk-5555"));

        Assert.Equal("1 variables", diagnosis.EnvironmentDescription);
    }

    [Fact]
    public void A_report_on_its_own_prints_one_gateway()
    {
        var report = Diagnose(("ANTHROPIC_API_KEY", "sk-ant-5656")).Gateways[0];

        Assert.StartsWith("Direct providers (Anthropic) (Direct) [primary]", report.ToString(), StringComparison.Ordinal);
        Assert.Contains("Messages: https://api.anthropic.com/", report.ToString());
    }
}
