using AiGateway.Client.Gateways;
using static AiGateway.Client.Tests.Gateways.GatewayTestSupport;

namespace AiGateway.Client.Tests.Gateways;

public sealed class NeonGatewayTests
{
    private const string Token = "nt_live_neon-token-4444";
    private const string Host = "https://br-winter-pond-api.ai.c-2.us-east-2.aws.neon.tech";

    private static readonly (string, string)[] Current = [("NEON_AI_GATEWAY_TOKEN", Token), ("NEON_AI_GATEWAY_BASE_URL", Host)];
    private static readonly (string, string)[] OpenAIPair = [("OPENAI_API_KEY", Token), ("OPENAI_BASE_URL", Host + "/ai-gateway/openai/v1")];
    private static readonly (string, string)[] Earliest = [("NEON_AI_GATEWAY_KEY", Token), ("NEON_AI_GATEWAY_HOST", "br-winter-pond-api.ai.c-2.us-east-2.aws.neon.tech")];

    public static TheoryData<string> Generations => ["current", "openai-pair", "earliest"];

    private static (string, string)[] Generation(string name) => name switch
    {
        "current" => Current,
        "openai-pair" => OpenAIPair,
        _ => Earliest,
    };

    private static NeonGateway Profile() => new(new Uri(Host), GatewayCredential.FromValue(Token, "NEON_AI_GATEWAY_TOKEN"));

    [Theory]
    [InlineData(ChatDialect.ChatCompletions, false, Host + "/v1/chat/completions")]
    [InlineData(ChatDialect.Responses, false, Host + "/openai/v1/responses")]
    [InlineData(ChatDialect.Messages, false, Host + "/anthropic/v1/messages")]
    [InlineData(ChatDialect.GenerateContent, false, Host + "/gemini/v1beta/models/gemini-2-5-flash:generateContent")]
    [InlineData(ChatDialect.GenerateContent, true, Host + "/gemini/v1beta/models/gemini-2-5-flash:streamGenerateContent?alt=sse")]
    public void Each_dialect_has_its_route_under_the_host(ChatDialect dialect, bool streaming, string expected)
    {
        Assert.Equal(expected, Profile().GetEndpoint(dialect, GoogleModel, "gemini-2-5-flash", streaming).AbsoluteUri);
    }

    [Fact]
    public void The_models_list_is_at_v1_models()
    {
        Assert.Equal(Host + "/v1/models", Profile().ModelsEndpoint!.AbsoluteUri);
    }

    [Theory]
    [InlineData(ChatDialect.ChatCompletions)]
    [InlineData(ChatDialect.Responses)]
    [InlineData(ChatDialect.Messages)]
    [InlineData(ChatDialect.GenerateContent)]
    public void Every_dialect_sends_only_bearer(ChatDialect dialect)
    {
        using var request = Authenticated(Profile(), dialect, GoogleModel);

        Assert.Equal("Bearer " + Token, Header(request, "authorization"));
        Assert.Equal(["authorization"], PresentAuthHeaders(request));
    }

    [Fact]
    public void Messages_adds_the_anthropic_version()
    {
        using var request = Authenticated(Profile(), ChatDialect.Messages, AnthropicModel);

        Assert.Equal("2023-06-01", Header(request, "anthropic-version"));
    }

    [Theory]
    [InlineData(ChatDialect.ChatCompletions, "google", true)]
    [InlineData(ChatDialect.ChatCompletions, "anthropic", true)]
    [InlineData(ChatDialect.ChatCompletions, "meta", true)]
    [InlineData(ChatDialect.Responses, "openai", true)]
    [InlineData(ChatDialect.Responses, "anthropic", false)]
    [InlineData(ChatDialect.Messages, "anthropic", true)]
    [InlineData(ChatDialect.Messages, "openai", false)]
    [InlineData(ChatDialect.GenerateContent, "google", true)]
    [InlineData(ChatDialect.GenerateContent, "openai", false)]
    public void Serves_chat_completions_for_all_and_native_dialects_per_provider(ChatDialect dialect, string creator, bool expected)
    {
        var model = creator switch { "openai" => OpenAIModel, "anthropic" => AnthropicModel, "google" => GoogleModel, _ => OtherModel };

        Assert.Equal(expected, Profile().CanServe(dialect, model));
    }

    [Theory]
    [MemberData(nameof(Generations))]
    public void Every_generation_is_detected_as_the_same_host(string generation)
    {
        var environment = Detect(Generation(generation));

        Assert.Equal([GatewayKind.Neon], environment.Detected.Select(g => g.Kind));
        Assert.Equal(new Uri(Host + "/"), environment.Primary.BaseUri);
    }

    [Fact]
    public void The_current_generation_names_its_variables_as_sources()
    {
        Assert.Equal(["NEON_AI_GATEWAY_TOKEN", "NEON_AI_GATEWAY_BASE_URL"], Detect(Current).Primary.Sources);
    }

    [Fact]
    public void The_openai_pair_generation_is_not_also_a_direct_openai_key()
    {
        var environment = Detect(OpenAIPair);

        Assert.Equal(["OPENAI_API_KEY", "OPENAI_BASE_URL"], environment.Primary.Sources);
        Assert.DoesNotContain(environment.Detected, g => g.Kind == GatewayKind.Direct);
    }

    [Fact]
    public void A_base_url_with_a_path_is_reduced_to_the_host_with_a_warning()
    {
        var environment = Detect(("NEON_AI_GATEWAY_TOKEN", Token), ("NEON_AI_GATEWAY_BASE_URL", Host + "/v1"));

        Assert.Equal(new Uri(Host + "/"), environment.Primary.BaseUri);
        Assert.Contains(environment.Diagnose().Warnings, w => w.Contains("bare branch host", StringComparison.Ordinal));
    }

    [Fact]
    public void The_newest_generation_shadows_older_ones()
    {
        var environment = Detect([.. Current, .. Earliest, ("OPENAI_API_KEY", Token), ("OPENAI_BASE_URL", "https://other-branch.neon.tech/ai-gateway/openai/v1")]);

        Assert.Equal(["NEON_AI_GATEWAY_TOKEN", "NEON_AI_GATEWAY_BASE_URL"], environment.Primary.Sources);
        Assert.Equal(new Uri(Host + "/"), environment.Primary.BaseUri);
        var shadow = Assert.Single(environment.Diagnose().Shadowing);
        Assert.Contains("NEON_AI_GATEWAY_KEY/NEON_AI_GATEWAY_HOST", shadow);
        Assert.Contains("OPENAI_API_KEY/OPENAI_BASE_URL", shadow);
    }

    [Fact]
    public void A_token_without_its_base_url_is_an_error_naming_it()
    {
        var error = DetectError(("NEON_AI_GATEWAY_TOKEN", Token));

        Assert.Contains("NEON_AI_GATEWAY_BASE_URL", error.Message);
    }

    [Fact]
    public void A_base_url_without_its_token_is_an_error_naming_it()
    {
        var error = DetectError(("NEON_AI_GATEWAY_BASE_URL", Host));

        Assert.Contains("NEON_AI_GATEWAY_TOKEN", error.Message);
    }

    [Fact]
    public void A_neon_token_in_openai_api_key_without_a_base_url_is_an_error()
    {
        var error = DetectError(("OPENAI_API_KEY", Token));

        Assert.Contains("OPENAI_BASE_URL", error.Message);
        Assert.Contains("NEON_AI_GATEWAY_BASE_URL", error.Message);
    }

    [Fact]
    public void An_openai_base_url_on_neon_without_a_key_is_an_error()
    {
        var error = DetectError(("OPENAI_BASE_URL", Host + "/ai-gateway/openai/v1"));

        Assert.Contains("OPENAI_API_KEY", error.Message);
    }

    [Fact]
    public void An_openai_base_url_on_neon_with_a_non_neon_key_warns()
    {
        var diagnosis = Diagnose(("OPENAI_API_KEY", "sk-not-a-neon-key"), ("OPENAI_BASE_URL", Host + "/ai-gateway/openai/v1"));

        Assert.Equal(GatewayKind.Neon, diagnosis.Chosen);
        Assert.Contains(diagnosis.Warnings, w => w.Contains("does not look like a Neon credential", StringComparison.Ordinal));
    }

    [Fact]
    public void The_earliest_key_without_its_host_is_an_error_naming_it()
    {
        var error = DetectError(("NEON_AI_GATEWAY_KEY", Token));

        Assert.Contains("NEON_AI_GATEWAY_HOST", error.Message);
    }

    [Fact]
    public void The_earliest_host_without_its_key_is_an_error_naming_it()
    {
        var error = DetectError(("NEON_AI_GATEWAY_HOST", "br-x-api.ai.c-2.us-east-2.aws.neon.tech"));

        Assert.Contains("NEON_AI_GATEWAY_KEY", error.Message);
    }

    [Theory]
    [MemberData(nameof(Generations))]
    public async Task Leaf_sends_an_openai_model_over_responses_with_bearer(string generation)
    {
        var sent = await LeafRequests.CaptureAsync(Env(Generation(generation)), "gpt-5.4", ChatDialect.Responses);

        Assert.Equal(HttpMethod.Post, sent.Method);
        Assert.Equal(Host + "/openai/v1/responses", sent.Uri.AbsoluteUri);
        Assert.Equal("Bearer " + Token, sent.Headers["authorization"]);
        Assert.Equal(["authorization"], PresentAuthHeaders(sent));
    }

    [Theory]
    [MemberData(nameof(Generations))]
    public async Task Leaf_sends_an_anthropic_model_over_messages_with_bearer(string generation)
    {
        var sent = await LeafRequests.CaptureAsync(Env(Generation(generation)), "claude-sonnet-4-5", ChatDialect.Messages);

        Assert.Equal(Host + "/anthropic/v1/messages", sent.Uri.AbsoluteUri);
        Assert.Equal("Bearer " + Token, sent.Headers["authorization"]);
        Assert.Equal("2023-06-01", sent.Headers["anthropic-version"]);
        Assert.Equal(["authorization"], PresentAuthHeaders(sent));
    }

    [Theory]
    [MemberData(nameof(Generations))]
    public async Task Leaf_sends_a_google_model_over_chat_completions_with_bearer(string generation)
    {
        var sent = await LeafRequests.CaptureAsync(Env(Generation(generation)), "gemini-2.5-flash", ChatDialect.ChatCompletions);

        Assert.Equal(Host + "/v1/chat/completions", sent.Uri.AbsoluteUri);
        Assert.Equal("Bearer " + Token, sent.Headers["authorization"]);
        Assert.Equal(["authorization"], PresentAuthHeaders(sent));
    }

    [Fact]
    public async Task Leaf_sends_a_google_model_over_generate_content_with_bearer_not_x_goog_api_key()
    {
        var sent = await LeafRequests.CaptureAsync(Env(Current), "gemini-2.5-flash", ChatDialect.GenerateContent);

        Assert.Equal($"{Host}/gemini/v1beta/models/gemini-2-5-flash:generateContent", sent.Uri.AbsoluteUri);
        Assert.Equal(["authorization"], PresentAuthHeaders(sent));
    }
}
