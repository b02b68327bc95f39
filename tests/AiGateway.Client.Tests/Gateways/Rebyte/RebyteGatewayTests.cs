using AiGateway.Client.Gateways;
using static AiGateway.Client.Tests.Gateways.GatewayTestSupport;

namespace AiGateway.Client.Tests.Gateways;

public sealed class RebyteGatewayTests
{
    private const string Key = "aig_rebyte-key-5555";
    private const string Base = "https://api.rebyte.ai/api/ai/v1/";

    private static readonly (string, string)[] Newer = [("REBYTE_AI_GATEWAY_KEY", Key), ("REBYTE_AI_GATEWAY_URL", "https://api.rebyte.ai/api/ai/v1")];
    private static readonly (string, string)[] OpenAIPair = [("OPENAI_API_KEY", Key), ("OPENAI_BASE_URL", "https://api.rebyte.ai/api/ai/v1")];

    public static TheoryData<string> Generations => ["newer", "openai-pair"];

    private static (string, string)[] Generation(string name) => name == "newer" ? Newer : OpenAIPair;

    [Theory]
    [InlineData("https://api.rebyte.ai/api/ai")]
    [InlineData("https://api.rebyte.ai/api/ai/")]
    [InlineData("https://api.rebyte.ai/api/ai/v1")]
    [InlineData("https://api.rebyte.ai/api/ai/v1/")]
    [InlineData("https://api.rebyte.ai/api/ai/v1/v1")]
    public void The_base_url_is_normalised_to_exactly_one_v1(string configured)
    {
        var profile = new RebyteGateway(new Uri(configured), GatewayCredential.FromValue(Key, "test"));

        Assert.Equal(Base + "chat/completions", profile.GetEndpoint(ChatDialect.ChatCompletions, OpenAIModel, "gpt-4o", false).AbsoluteUri);
        Assert.Equal(Base + "responses", profile.GetEndpoint(ChatDialect.Responses, OpenAIModel, "gpt-5.2-codex", false).AbsoluteUri);
        Assert.Equal(Base + "models", profile.ModelsEndpoint!.AbsoluteUri);
    }

    [Theory]
    [InlineData(ChatDialect.ChatCompletions)]
    [InlineData(ChatDialect.Responses)]
    public void Sends_only_bearer(ChatDialect dialect)
    {
        var profile = new RebyteGateway(new Uri(Base), GatewayCredential.FromValue(Key, "test"));
        using var request = Authenticated(profile, dialect, OpenAIModel);

        Assert.Equal("Bearer " + Key, Header(request, "authorization"));
        Assert.Equal(["authorization"], PresentAuthHeaders(request));
    }

    [Fact]
    public void Serves_every_model_over_chat_completions_and_openai_models_over_responses_only()
    {
        var profile = new RebyteGateway(new Uri(Base), GatewayCredential.FromValue(Key, "test"));

        Assert.True(profile.CanServe(ChatDialect.ChatCompletions, AnthropicModel));
        Assert.True(profile.CanServe(ChatDialect.ChatCompletions, GoogleModel));
        Assert.True(profile.CanServe(ChatDialect.Responses, OpenAIModel));
        Assert.False(profile.CanServe(ChatDialect.Responses, AnthropicModel));
        Assert.False(profile.CanServe(ChatDialect.Messages, AnthropicModel));
        Assert.Throws<NotSupportedException>(() => profile.GetEndpoint(ChatDialect.Messages, AnthropicModel, "claude-sonnet-4.5", false));
    }

    [Theory]
    [MemberData(nameof(Generations))]
    public void Every_generation_is_detected_with_the_same_base(string generation)
    {
        var environment = Detect(Generation(generation));

        Assert.Equal([GatewayKind.Rebyte], environment.Detected.Select(g => g.Kind));
        Assert.Equal(new Uri(Base), environment.Primary.BaseUri);
    }

    [Fact]
    public void A_key_without_its_url_uses_the_default_base_with_a_note()
    {
        var environment = Detect(("REBYTE_AI_GATEWAY_KEY", Key));

        Assert.Equal(new Uri(Base), environment.Primary.BaseUri);
        Assert.Contains(environment.Diagnose().Gateways[0].Notes, n => n.Contains("REBYTE_AI_GATEWAY_URL is not set", StringComparison.Ordinal));
    }

    [Fact]
    public void A_rebyte_style_key_in_openai_api_key_without_a_base_url_is_rebyte_on_the_default_base()
    {
        var environment = Detect(("OPENAI_API_KEY", Key));

        Assert.Equal([GatewayKind.Rebyte], environment.Detected.Select(g => g.Kind));
        Assert.Equal(new Uri(Base), environment.Primary.BaseUri);
    }

    [Fact]
    public void A_url_without_its_key_is_an_error_naming_the_key()
    {
        var error = DetectError(("REBYTE_AI_GATEWAY_URL", "https://api.rebyte.ai/api/ai/v1"));

        Assert.Contains("REBYTE_AI_GATEWAY_KEY", error.Message);
    }

    [Fact]
    public void The_newer_pair_shadows_the_openai_pair()
    {
        var environment = Detect([.. Newer, ("OPENAI_API_KEY", "aig_older-key-6666"), ("OPENAI_BASE_URL", "https://api.rebyte.ai/api/ai")]);

        Assert.Equal(["REBYTE_AI_GATEWAY_KEY", "REBYTE_AI_GATEWAY_URL"], environment.Primary.Sources);
        Assert.DoesNotContain(environment.Detected, g => g.Kind == GatewayKind.Direct);
        Assert.Contains(environment.Diagnose().Shadowing, s => s.Contains("shadow OPENAI_API_KEY/OPENAI_BASE_URL", StringComparison.Ordinal));
    }

    [Fact]
    public void Model_rebyte_ai_is_another_product_and_stays_a_direct_endpoint()
    {
        var environment = Detect(("OPENAI_API_KEY", "sk_model-api-key"), ("OPENAI_BASE_URL", "https://model.rebyte.ai/v1"));

        Assert.Equal(GatewayKind.Direct, environment.Primary.Kind);
        Assert.Equal("https://model.rebyte.ai/v1/chat/completions", environment.Primary.GetEndpoint(ChatDialect.ChatCompletions, OpenAIModel, "gpt-4o", false).AbsoluteUri);
        Assert.Contains(environment.Diagnose().Hints, h => h.Contains("model.rebyte.ai", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("gpt-4o")]
    [InlineData("claude-sonnet-4.5")]
    [InlineData("gemini-3-flash")]
    public async Task Leaf_sends_each_model_family_over_chat_completions_with_bearer(string model)
    {
        foreach (var generation in new[] { "newer", "openai-pair" })
        {
            var sent = await LeafRequests.CaptureAsync(Env(Generation(generation)), model, ChatDialect.ChatCompletions);

            Assert.Equal(HttpMethod.Post, sent.Method);
            Assert.Equal(Base + "chat/completions", sent.Uri.AbsoluteUri);
            Assert.Equal("Bearer " + Key, sent.Headers["authorization"]);
            Assert.Equal(["authorization"], PresentAuthHeaders(sent));
        }
    }
}
