using AiGateway.Client.Gateways;
using static AiGateway.Client.Tests.Gateways.GatewayTestSupport;

namespace AiGateway.Client.Tests.Gateways;

public sealed class DirectGatewayTests
{
    private const string OpenAIKey = "sk-direct-openai-1313";
    private const string AnthropicKey = "sk-ant-direct-1414";
    private const string GeminiKey = "AIza-direct-gemini-1515";

    private static readonly (string, string)[] AllKeys = [("OPENAI_API_KEY", OpenAIKey), ("ANTHROPIC_API_KEY", AnthropicKey), ("GEMINI_API_KEY", GeminiKey)];

    [Theory]
    [InlineData(ChatDialect.ChatCompletions, false, "https://api.openai.com/v1/chat/completions")]
    [InlineData(ChatDialect.Responses, false, "https://api.openai.com/v1/responses")]
    [InlineData(ChatDialect.Messages, false, "https://api.anthropic.com/v1/messages")]
    [InlineData(ChatDialect.GenerateContent, false, "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent")]
    [InlineData(ChatDialect.GenerateContent, true, "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse")]
    public void Each_provider_has_its_own_api(ChatDialect dialect, bool streaming, string expected)
    {
        Assert.Equal(expected, Detect(AllKeys).Primary.GetEndpoint(dialect, GoogleModel, "gemini-2.5-flash", streaming).AbsoluteUri);
    }

    [Theory]
    [InlineData("OPENAI_BASE_URL", "https://proxy.example.com/openai/v1", ChatDialect.ChatCompletions, "https://proxy.example.com/openai/v1/chat/completions")]
    [InlineData("ANTHROPIC_BASE_URL", "https://proxy.example.com/anthropic", ChatDialect.Messages, "https://proxy.example.com/anthropic/v1/messages")]
    [InlineData("GOOGLE_GEMINI_BASE_URL", "https://proxy.example.com/gemini", ChatDialect.GenerateContent, "https://proxy.example.com/gemini/v1beta/models/m:generateContent")]
    public void A_user_set_base_url_replaces_the_providers_host(string variable, string value, ChatDialect dialect, string expected)
    {
        var primary = Detect([.. AllKeys, (variable, value)]).Primary;

        Assert.Equal(expected, primary.GetEndpoint(dialect, OpenAIModel, "m", false).AbsoluteUri);
        Assert.Contains(variable, primary.Sources);
    }

    [Theory]
    [InlineData(ChatDialect.ChatCompletions, "authorization", "Bearer " + OpenAIKey)]
    [InlineData(ChatDialect.Responses, "authorization", "Bearer " + OpenAIKey)]
    [InlineData(ChatDialect.Messages, "x-api-key", AnthropicKey)]
    [InlineData(ChatDialect.GenerateContent, "x-goog-api-key", GeminiKey)]
    public void Each_dialect_sends_only_its_providers_native_header(ChatDialect dialect, string header, string value)
    {
        using var request = Authenticated(Detect(AllKeys).Primary, dialect, OpenAIModel);

        Assert.Equal(value, Header(request, header));
        Assert.Equal([header], PresentAuthHeaders(request));
    }

    [Fact]
    public void Only_the_dialects_with_a_key_exist_and_a_creator_without_a_key_cannot_be_served()
    {
        var primary = Detect(("ANTHROPIC_API_KEY", AnthropicKey)).Primary;

        Assert.Equal([ChatDialect.Messages], primary.Dialects);
        Assert.True(primary.CanServe(ChatDialect.Messages, AnthropicModel));
        Assert.False(primary.CanServe(ChatDialect.ChatCompletions, OpenAIModel));
        Assert.False(primary.CanServe(ChatDialect.GenerateContent, GoogleModel));
        Assert.Throws<AiGateway.Client.GatewayConfigurationException>(() => Authenticated(primary, ChatDialect.ChatCompletions, OpenAIModel));
    }

    [Fact]
    public void A_model_is_served_only_in_its_providers_dialect()
    {
        var primary = Detect(AllKeys).Primary;

        Assert.False(primary.CanServe(ChatDialect.Messages, OpenAIModel));
        Assert.False(primary.CanServe(ChatDialect.ChatCompletions, AnthropicModel));
        Assert.False(primary.CanServe(ChatDialect.ChatCompletions, GoogleModel));
        Assert.True(primary.CanServe(ChatDialect.ChatCompletions, OtherModel));
    }

    [Theory]
    [InlineData("OPENAI_API_KEY", "OpenAI")]
    [InlineData("ANTHROPIC_API_KEY", "Anthropic")]
    [InlineData("GEMINI_API_KEY", "Google")]
    [InlineData("GOOGLE_API_KEY", "Google")]
    public void Each_key_alone_is_a_direct_gateway_for_its_provider(string variable, string provider)
    {
        var primary = Detect((variable, "some-provider-key-1616")).Primary;

        Assert.Equal(GatewayKind.Direct, primary.Kind);
        Assert.Equal($"Direct providers ({provider})", primary.Name);
        Assert.Equal([variable], primary.Sources);
    }

    [Fact]
    public void Google_api_key_wins_over_gemini_api_key_as_in_googles_sdks()
    {
        var environment = Detect(("GEMINI_API_KEY", GeminiKey), ("GOOGLE_API_KEY", "AIza-google-wins-1717"));
        using var request = Authenticated(environment.Primary, ChatDialect.GenerateContent, GoogleModel);

        Assert.Equal("AIza-google-wins-1717", Header(request, "x-goog-api-key"));
        Assert.Contains(environment.Diagnose().Shadowing, s => s.StartsWith("GOOGLE_API_KEY shadows GEMINI_API_KEY", StringComparison.Ordinal));
    }

    [Fact]
    public void A_base_url_without_its_key_is_ignored_with_a_warning()
    {
        var diagnosis = Diagnose(("OPENAI_API_KEY", OpenAIKey), ("ANTHROPIC_BASE_URL", "https://proxy.example.com"));

        Assert.Contains(diagnosis.Warnings, w => w.StartsWith("ANTHROPIC_BASE_URL is set without ANTHROPIC_API_KEY", StringComparison.Ordinal));
    }

    [Fact]
    public void Missing_provider_keys_are_listed()
    {
        var report = Diagnose(("OPENAI_API_KEY", OpenAIKey)).Gateways[0];

        Assert.Equal(2, report.Missing.Count);
        Assert.Contains(report.Missing, m => m.StartsWith("ANTHROPIC_API_KEY", StringComparison.Ordinal));
    }

    [Fact]
    public void A_direct_profile_needs_at_least_one_key()
    {
        Assert.Throws<ArgumentException>(() => new DirectGateway(null, null, null));
    }

    [Fact]
    public async Task Leaf_sends_an_openai_model_to_openai_with_bearer_only()
    {
        var sent = await LeafRequests.CaptureAsync(Env(AllKeys), "gpt-5.4", ChatDialect.ChatCompletions);

        Assert.Equal(HttpMethod.Post, sent.Method);
        Assert.Equal("https://api.openai.com/v1/chat/completions", sent.Uri.AbsoluteUri);
        Assert.Equal("Bearer " + OpenAIKey, sent.Headers["authorization"]);
        Assert.Equal(["authorization"], PresentAuthHeaders(sent));
    }

    [Fact]
    public async Task Leaf_sends_an_anthropic_model_to_anthropic_with_x_api_key_only()
    {
        var sent = await LeafRequests.CaptureAsync(Env(AllKeys), "claude-sonnet-4-5", ChatDialect.Messages);

        Assert.Equal("https://api.anthropic.com/v1/messages", sent.Uri.AbsoluteUri);
        Assert.Equal(AnthropicKey, sent.Headers["x-api-key"]);
        Assert.Equal("2023-06-01", sent.Headers["anthropic-version"]);
        Assert.Equal(["x-api-key"], PresentAuthHeaders(sent));
    }

    [Fact]
    public async Task Leaf_sends_a_google_model_to_google_with_x_goog_api_key_only()
    {
        var sent = await LeafRequests.CaptureAsync(Env(AllKeys), "gemini-2.5-flash", ChatDialect.GenerateContent);

        Assert.Equal($"https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent", sent.Uri.AbsoluteUri);
        Assert.Equal(GeminiKey, sent.Headers["x-goog-api-key"]);
        Assert.Equal(["x-goog-api-key"], PresentAuthHeaders(sent));
    }
}
