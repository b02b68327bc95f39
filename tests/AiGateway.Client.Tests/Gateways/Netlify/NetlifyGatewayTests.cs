using AiGateway.Client.Gateways;
using AiGateway.Client.Testing;
using Microsoft.Extensions.AI;
using static AiGateway.Client.Tests.Gateways.GatewayTestSupport;
using Microsoft.Extensions.Time.Testing;

namespace AiGateway.Client.Tests.Gateways;

public sealed class NetlifyGatewayTests
{
    private const string Key = "netlify-token-AAAA1111";
    private const string Root = "https://my-site.netlify.app/.netlify/ai/";

    private static readonly (string, string)[] Universal = [("NETLIFY_AI_GATEWAY_KEY", Key), ("NETLIFY_AI_GATEWAY_BASE_URL", Root)];

    private static NetlifyGateway Profile(IEnvironmentSource? env = null) =>
        new(new Uri(Root), GatewayCredential.FromVariable(env ?? Env(Universal), "NETLIFY_AI_GATEWAY_KEY"));

    [Theory]
    [InlineData(ChatDialect.ChatCompletions, false, "https://my-site.netlify.app/.netlify/ai/chat/completions")]
    [InlineData(ChatDialect.Responses, false, "https://my-site.netlify.app/.netlify/ai/responses")]
    [InlineData(ChatDialect.Messages, false, "https://my-site.netlify.app/.netlify/ai/v1/messages")]
    [InlineData(ChatDialect.GenerateContent, false, "https://my-site.netlify.app/.netlify/ai/v1beta/models/gemini-2.5-flash:generateContent")]
    [InlineData(ChatDialect.GenerateContent, true, "https://my-site.netlify.app/.netlify/ai/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse")]
    public void Endpoints_are_under_the_root_with_each_dialects_path(ChatDialect dialect, bool streaming, string expected)
    {
        Assert.Equal(expected, Profile().GetEndpoint(dialect, GoogleModel, "gemini-2.5-flash", streaming).AbsoluteUri);
    }

    [Fact]
    public void A_root_without_trailing_slash_keeps_its_last_segment()
    {
        var profile = new NetlifyGateway(new Uri("https://my-site.netlify.app/.netlify/ai"), GatewayCredential.FromValue(Key, "test"));

        Assert.Equal("https://my-site.netlify.app/.netlify/ai/chat/completions", profile.GetEndpoint(ChatDialect.ChatCompletions, OpenAIModel, "gpt-5.4", false).AbsoluteUri);
    }

    [Theory]
    [InlineData(ChatDialect.ChatCompletions)]
    [InlineData(ChatDialect.Responses)]
    public void OpenAI_dialects_send_only_a_bearer_token(ChatDialect dialect)
    {
        using var request = Authenticated(Profile(), dialect, OpenAIModel);

        Assert.Equal("Bearer " + Key, Header(request, "authorization"));
        Assert.Equal(["authorization"], PresentAuthHeaders(request));
        Assert.Null(Header(request, "anthropic-version"));
    }

    [Fact]
    public void Messages_sends_x_api_key_and_the_anthropic_version_only()
    {
        using var request = Authenticated(Profile(), ChatDialect.Messages, AnthropicModel);

        Assert.Equal(Key, Header(request, "x-api-key"));
        Assert.Equal("2023-06-01", Header(request, "anthropic-version"));
        Assert.Equal(["x-api-key"], PresentAuthHeaders(request));
    }

    [Fact]
    public void An_anthropic_version_already_on_the_request_is_not_duplicated()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Root);
        request.Headers.TryAddWithoutValidation("anthropic-version", "2023-06-01");

        Profile().ApplyAuthentication(request, ChatDialect.Messages, AnthropicModel);

        Assert.Equal(["2023-06-01"], request.Headers.GetValues("anthropic-version"));
    }

    [Fact]
    public void GenerateContent_sends_only_x_goog_api_key()
    {
        using var request = Authenticated(Profile(), ChatDialect.GenerateContent, GoogleModel);

        Assert.Equal(Key, Header(request, "x-goog-api-key"));
        Assert.Equal(["x-goog-api-key"], PresentAuthHeaders(request));
    }

    [Fact]
    public void A_rotated_token_is_sent_on_the_next_request()
    {
        var env = new MutableEnvironment(("NETLIFY_AI_GATEWAY_KEY", "first-token-111"), ("NETLIFY_AI_GATEWAY_BASE_URL", Root));
        var profile = GatewayEnvironment.Detect(new AiGatewayOptions { Environment = env }).Primary;

        using var first = Authenticated(profile, ChatDialect.ChatCompletions, OpenAIModel);
        env["NETLIFY_AI_GATEWAY_KEY"] = "second-token-222";
        using var second = Authenticated(profile, ChatDialect.ChatCompletions, OpenAIModel);

        Assert.Equal("Bearer first-token-111", Header(first, "authorization"));
        Assert.Equal("Bearer second-token-222", Header(second, "authorization"));
    }

    [Fact]
    public async Task A_rotated_token_is_sent_on_the_next_request_through_the_leaf_client()
    {
        var env = new MutableEnvironment(("NETLIFY_AI_GATEWAY_KEY", "first-token-111"), ("NETLIFY_AI_GATEWAY_BASE_URL", Root));
        var fake = new FakeGateway();
        using var client = new AiGatewayChatClient(new AiGatewayOptions { Environment = env }, new HttpClient(fake));

        await client.GetResponseAsync("ping", new ChatOptions { ModelId = "gpt-5.4" });
        env["NETLIFY_AI_GATEWAY_KEY"] = "second-token-222";
        await client.GetResponseAsync("ping", new ChatOptions { ModelId = "gpt-5.4" });

        Assert.Equal(["Bearer first-token-111", "Bearer second-token-222"], fake.Requests.Select(r => r.Headers["authorization"]));
    }

    [Fact]
    public void A_token_that_became_empty_fails_before_sending_and_names_the_variable()
    {
        var env = new MutableEnvironment(("NETLIFY_AI_GATEWAY_KEY", Key), ("NETLIFY_AI_GATEWAY_BASE_URL", Root));
        var profile = GatewayEnvironment.Detect(new AiGatewayOptions { Environment = env }).Primary;
        env["NETLIFY_AI_GATEWAY_KEY"] = null;

        var error = Assert.Throws<AiGateway.Client.GatewayConfigurationException>(() => Authenticated(profile, ChatDialect.ChatCompletions, OpenAIModel));

        Assert.Contains("NETLIFY_AI_GATEWAY_KEY", error.Message);
    }

    [Theory]
    [InlineData(ChatDialect.ChatCompletions, "openai", true)]
    [InlineData(ChatDialect.Responses, "openai", true)]
    [InlineData(ChatDialect.Messages, "openai", false)]
    [InlineData(ChatDialect.Messages, "anthropic", true)]
    [InlineData(ChatDialect.ChatCompletions, "anthropic", false)]
    [InlineData(ChatDialect.GenerateContent, "google", true)]
    [InlineData(ChatDialect.ChatCompletions, "google", false)]
    [InlineData(ChatDialect.GenerateContent, "anthropic", false)]
    public void Serves_each_providers_models_in_that_providers_dialect(ChatDialect dialect, string creator, bool expected)
    {
        var model = creator switch { "openai" => OpenAIModel, "anthropic" => AnthropicModel, _ => GoogleModel };

        Assert.Equal(expected, Profile().CanServe(dialect, model));
    }

    [Fact]
    public void The_universal_pair_is_detected_as_netlify_with_its_sources()
    {
        var primary = Detect(Universal).Primary;

        Assert.IsType<NetlifyGateway>(primary);
        Assert.Equal(new Uri(Root), primary.BaseUri);
        Assert.Equal(["NETLIFY_AI_GATEWAY_KEY", "NETLIFY_AI_GATEWAY_BASE_URL"], primary.Sources);
    }

    [Fact]
    public void The_edge_runtime_url_variable_is_read_too()
    {
        var primary = Detect(("NETLIFY_AI_GATEWAY_KEY", Key), ("NETLIFY_AI_GATEWAY_URL", Root)).Primary;

        Assert.Equal(GatewayKind.Netlify, primary.Kind);
        Assert.Contains("NETLIFY_AI_GATEWAY_URL", primary.Sources);
    }

    [Fact]
    public void When_both_url_variables_differ_the_base_url_wins_with_a_warning()
    {
        var env = Options(("NETLIFY_AI_GATEWAY_KEY", Key), ("NETLIFY_AI_GATEWAY_BASE_URL", Root), ("NETLIFY_AI_GATEWAY_URL", "https://other.netlify.app/.netlify/ai/"));

        var environment = GatewayEnvironment.Detect(env);

        Assert.Equal(new Uri(Root), environment.Primary.BaseUri);
        Assert.Contains(environment.Diagnose().Warnings, w => w.Contains("NETLIFY_AI_GATEWAY_URL", StringComparison.Ordinal));
    }

    [Fact]
    public void A_key_without_its_url_is_an_error_naming_the_url_variables()
    {
        var error = DetectError(("NETLIFY_AI_GATEWAY_KEY", Key));

        Assert.Contains("NETLIFY_AI_GATEWAY_BASE_URL", error.Message);
        Assert.Contains("NETLIFY_AI_GATEWAY_URL", error.Message);
    }

    [Fact]
    public void A_url_without_its_key_is_an_error_naming_the_key_variable()
    {
        var error = DetectError(("NETLIFY_AI_GATEWAY_BASE_URL", Root));

        Assert.Contains("NETLIFY_AI_GATEWAY_KEY", error.Message);
    }

    [Fact]
    public void Provider_pairs_injected_by_netlify_are_not_mistaken_for_direct_keys()
    {
        var environment = Detect([.. Universal,
            ("OPENAI_API_KEY", Key), ("OPENAI_BASE_URL", Root),
            ("ANTHROPIC_API_KEY", Key), ("ANTHROPIC_BASE_URL", Root),
            ("GEMINI_API_KEY", Key), ("GOOGLE_GEMINI_BASE_URL", Root)]);

        Assert.Equal([GatewayKind.Netlify], environment.Detected.Select(g => g.Kind));
        Assert.Empty(environment.Diagnose().Shadowing);
    }

    [Fact]
    public void A_user_set_openai_key_shadows_netlifys_openai_pair_and_becomes_a_direct_target()
    {
        var environment = Detect([.. Universal, ("OPENAI_API_KEY", "sk-users-own-key-999")]);

        Assert.Equal([GatewayKind.Netlify, GatewayKind.Direct], environment.Detected.Select(g => g.Kind));
        Assert.Equal(["OPENAI_API_KEY"], environment.Detected[1].Sources);
        var shadow = Assert.Single(environment.Diagnose().Shadowing);
        Assert.Contains("OPENAI_API_KEY", shadow);
        Assert.Contains("OPENAI_BASE_URL", shadow);
    }

    [Fact]
    public void A_user_set_anthropic_base_url_alone_shadows_netlifys_anthropic_pair()
    {
        var diagnosis = Diagnose([.. Universal, ("ANTHROPIC_BASE_URL", "https://anthropic-proxy.example.com")]);

        var shadow = Assert.Single(diagnosis.Shadowing);
        Assert.Contains("ANTHROPIC_BASE_URL", shadow);
        Assert.Contains("Netlify injects neither ANTHROPIC_API_KEY nor ANTHROPIC_BASE_URL", shadow);
    }

    [Theory]
    [InlineData("GOOGLE_API_KEY", "AIza-users-own-google-key")]
    [InlineData("GOOGLE_VERTEX_BASE_URL", "https://vertex.example.com")]
    public void Google_variables_shadow_netlifys_gemini_pair(string name, string value)
    {
        var diagnosis = Diagnose([.. Universal, (name, value)]);

        Assert.Contains(diagnosis.Shadowing, s => s.Contains(name, StringComparison.Ordinal) && s.Contains("GEMINI_API_KEY", StringComparison.Ordinal));
    }

    [Fact]
    public void A_provider_base_url_on_the_netlify_root_with_another_key_warns_that_sdks_using_it_are_refused()
    {
        var diagnosis = Diagnose([.. Universal, ("OPENAI_API_KEY", "sk-users-own-key-999"), ("OPENAI_BASE_URL", Root)]);

        Assert.Equal([GatewayKind.Netlify], diagnosis.Gateways.Select(g => g.Kind));
        Assert.Contains(diagnosis.Warnings, w => w.Contains("OPENAI_BASE_URL points at the Netlify gateway", StringComparison.Ordinal));
    }

    [Fact]
    public void A_provider_base_url_on_a_netlify_root_written_without_trailing_slash_is_still_netlifys()
    {
        const string rootWithoutSlash = "https://my-site.netlify.app/.netlify/ai";
        var diagnosis = Diagnose(
            ("NETLIFY_AI_GATEWAY_KEY", Key), ("NETLIFY_AI_GATEWAY_BASE_URL", rootWithoutSlash),
            ("OPENAI_API_KEY", "sk-users-own-key-999"), ("OPENAI_BASE_URL", rootWithoutSlash));

        // Not a direct OpenAI target aimed at the Netlify root with a key Netlify refuses.
        Assert.Equal([GatewayKind.Netlify], diagnosis.Gateways.Select(g => g.Kind));
        Assert.Contains(diagnosis.Warnings, w => w.Contains("OPENAI_BASE_URL points at the Netlify gateway", StringComparison.Ordinal));
    }

    [Fact]
    public void The_diagnosis_hints_at_the_first_production_deploy()
    {
        Assert.Contains(Diagnose(Universal).Hints, h => h.Contains("first production deploy", StringComparison.Ordinal));
    }

    [Fact]
    public void An_expired_token_from_a_dotenv_file_is_a_warning()
    {
        var expired = Jwt.WithExpiry(DateTimeOffset.UnixEpoch.AddYears(50));
        var options = new AiGatewayOptions
        {
            Environment = Env(("NETLIFY_AI_GATEWAY_KEY", expired), ("NETLIFY_AI_GATEWAY_BASE_URL", Root)),
            TimeProvider = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddYears(51)),
        };

        Assert.Contains(GatewayEnvironment.Diagnose(options).Warnings, w => w.Contains("NETLIFY_AI_GATEWAY_KEY expired", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Leaf_sends_an_openai_model_over_chat_completions_with_bearer_only()
    {
        var sent = await LeafRequests.CaptureAsync(Env(Universal), "gpt-5.4", ChatDialect.ChatCompletions);

        Assert.Equal(HttpMethod.Post, sent.Method);
        Assert.Equal(Root + "chat/completions", sent.Uri.AbsoluteUri);
        Assert.Equal("Bearer " + Key, sent.Headers["authorization"]);
        Assert.Equal(["authorization"], PresentAuthHeaders(sent));
    }

    [Fact]
    public async Task Leaf_sends_an_anthropic_model_over_messages_with_x_api_key_only()
    {
        var sent = await LeafRequests.CaptureAsync(Env(Universal), "claude-sonnet-4-5", ChatDialect.Messages);

        Assert.Equal(HttpMethod.Post, sent.Method);
        Assert.Equal(Root + "v1/messages", sent.Uri.AbsoluteUri);
        Assert.Equal(Key, sent.Headers["x-api-key"]);
        Assert.Equal("2023-06-01", sent.Headers["anthropic-version"]);
        Assert.Equal(["x-api-key"], PresentAuthHeaders(sent));
    }

    [Fact]
    public async Task Leaf_sends_a_google_model_over_generate_content_with_x_goog_api_key_only()
    {
        var sent = await LeafRequests.CaptureAsync(Env(Universal), "gemini-2.5-flash", ChatDialect.GenerateContent, streaming: true);

        Assert.Equal(HttpMethod.Post, sent.Method);
        Assert.Equal($"{Root}v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse", sent.Uri.AbsoluteUri);
        Assert.Equal(Key, sent.Headers["x-goog-api-key"]);
        Assert.Equal(["x-goog-api-key"], PresentAuthHeaders(sent));
    }
}
