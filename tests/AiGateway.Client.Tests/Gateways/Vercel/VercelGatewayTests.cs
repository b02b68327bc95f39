using System.Buffers;
using System.Text;
using System.Text.Json;
using AiGateway.Client.Gateways;
using static AiGateway.Client.Tests.Gateways.GatewayTestSupport;
using Microsoft.Extensions.Time.Testing;

namespace AiGateway.Client.Tests.Gateways;

public sealed class VercelGatewayTests
{
    private const string ApiKey = "vck_vercel-api-key-2222";
    private const string Oidc = "vercel-oidc-token-3333";

    private static VercelGateway Profile(string token = ApiKey) => new(GatewayCredential.FromValue(token, "AI_GATEWAY_API_KEY"));

    [Theory]
    [InlineData(ChatDialect.ChatCompletions, "https://ai-gateway.vercel.sh/v1/chat/completions")]
    [InlineData(ChatDialect.Responses, "https://ai-gateway.vercel.sh/v1/responses")]
    [InlineData(ChatDialect.Messages, "https://ai-gateway.vercel.sh/v1/messages")]
    public void Openai_dialects_are_under_v1_and_messages_under_the_root(ChatDialect dialect, string expected)
    {
        Assert.Equal(expected, Profile().GetEndpoint(dialect, AnthropicModel, "anthropic/claude-sonnet-4.5", false).AbsoluteUri);
    }

    [Fact]
    public void There_is_no_generate_content_endpoint()
    {
        Assert.DoesNotContain(ChatDialect.GenerateContent, Profile().Dialects);
        Assert.Throws<NotSupportedException>(() => Profile().GetEndpoint(ChatDialect.GenerateContent, GoogleModel, "google/gemini-2.5-flash", false));
        Assert.False(Profile().CanServe(ChatDialect.GenerateContent, GoogleModel));
    }

    [Fact]
    public void The_models_list_is_under_v1()
    {
        Assert.Equal("https://ai-gateway.vercel.sh/v1/models", Profile().ModelsEndpoint!.AbsoluteUri);
    }

    [Theory]
    [InlineData(ChatDialect.ChatCompletions)]
    [InlineData(ChatDialect.Responses)]
    [InlineData(ChatDialect.Messages)]
    public void Every_dialect_serves_every_creator(ChatDialect dialect)
    {
        Assert.All([OpenAIModel, AnthropicModel, GoogleModel, OtherModel], model => Assert.True(Profile().CanServe(dialect, model)));
    }

    [Theory]
    [InlineData(ChatDialect.ChatCompletions)]
    [InlineData(ChatDialect.Responses)]
    [InlineData(ChatDialect.Messages)]
    public void Every_dialect_sends_only_bearer(ChatDialect dialect)
    {
        using var request = Authenticated(Profile(), dialect, AnthropicModel);

        Assert.Equal("Bearer " + ApiKey, Header(request, "authorization"));
        Assert.Equal(["authorization"], PresentAuthHeaders(request));
    }

    [Fact]
    public void Messages_also_sends_the_anthropic_version()
    {
        using var request = Authenticated(Profile(), ChatDialect.Messages, AnthropicModel);

        Assert.Equal("2023-06-01", Header(request, "anthropic-version"));
    }

    [Fact]
    public void The_api_key_wins_over_the_oidc_token_even_when_invalid()
    {
        var environment = Detect(("AI_GATEWAY_API_KEY", "not-a-valid-key"), ("VERCEL_OIDC_TOKEN", Oidc));
        using var request = Authenticated(environment.Primary, ChatDialect.ChatCompletions, OpenAIModel);

        Assert.Equal("Bearer not-a-valid-key", Header(request, "authorization"));
        Assert.Equal(["AI_GATEWAY_API_KEY"], environment.Primary.Sources);
        Assert.Contains(environment.Diagnose().Shadowing, s => s.StartsWith("AI_GATEWAY_API_KEY shadows VERCEL_OIDC_TOKEN", StringComparison.Ordinal));
    }

    [Fact]
    public void The_oidc_token_alone_is_used_and_re_read_per_request()
    {
        var env = new MutableEnvironment(("VERCEL_OIDC_TOKEN", "oidc-first"));
        var profile = GatewayEnvironment.Detect(new AiGatewayOptions { Environment = env }).Primary;

        using var first = Authenticated(profile, ChatDialect.ChatCompletions, OpenAIModel);
        env["VERCEL_OIDC_TOKEN"] = "oidc-refreshed";
        using var second = Authenticated(profile, ChatDialect.ChatCompletions, OpenAIModel);

        Assert.Equal(GatewayKind.Vercel, profile.Kind);
        Assert.Equal("Bearer oidc-first", Header(first, "authorization"));
        Assert.Equal("Bearer oidc-refreshed", Header(second, "authorization"));
    }

    [Fact]
    public void An_expired_oidc_token_is_a_warning_telling_to_pull_again()
    {
        var options = new AiGatewayOptions
        {
            Environment = Env(("VERCEL_OIDC_TOKEN", Jwt.WithExpiry(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)))),
            TimeProvider = new FakeTimeProvider(new DateTimeOffset(2026, 1, 2, 0, 0, 0, TimeSpan.Zero)),
        };

        Assert.Contains(GatewayEnvironment.Diagnose(options).Warnings, w => w.Contains("VERCEL_OIDC_TOKEN expired", StringComparison.Ordinal) && w.Contains("vercel env pull", StringComparison.Ordinal));
    }

    [Fact]
    public void A_valid_oidc_token_gives_no_expiry_warning()
    {
        var options = new AiGatewayOptions
        {
            Environment = Env(("VERCEL_OIDC_TOKEN", Jwt.WithExpiry(new DateTimeOffset(2026, 1, 2, 0, 0, 0, TimeSpan.Zero)))),
            TimeProvider = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)),
        };

        Assert.Empty(GatewayEnvironment.Diagnose(options).Warnings);
    }

    [Fact]
    public void Body_extensions_write_tags_user_and_fallback_models_under_provider_options_gateway()
    {
        var json = WriteExtensions(new GatewayRequestContext(ChatDialect.ChatCompletions, OpenAIModel)
        {
            Tags = ["feature:chat", "team:web"],
            User = "u-1",
            FallbackWireModelIds = ["anthropic/claude-sonnet-4.5", "google/gemini-2.5-flash"],
        });

        Assert.Equal(
            """{"model":"x","providerOptions":{"gateway":{"tags":["feature:chat","team:web"],"user":"u-1","models":["anthropic/claude-sonnet-4.5","google/gemini-2.5-flash"]}}}""",
            json);
    }

    [Fact]
    public void Body_extensions_write_only_what_the_call_carries()
    {
        var json = WriteExtensions(new GatewayRequestContext(ChatDialect.ChatCompletions, OpenAIModel) { User = "u-2" });

        Assert.Equal("""{"model":"x","providerOptions":{"gateway":{"user":"u-2"}}}""", json);
    }

    [Fact]
    public void Body_extensions_write_nothing_for_a_plain_call()
    {
        Assert.Equal("""{"model":"x"}""", WriteExtensions(new GatewayRequestContext(ChatDialect.ChatCompletions, OpenAIModel)));
    }

    [Fact]
    public async Task Leaf_sends_an_openai_model_with_bearer_only()
    {
        var sent = await LeafRequests.CaptureAsync(Env(("AI_GATEWAY_API_KEY", ApiKey)), "gpt-5.4", ChatDialect.ChatCompletions);

        Assert.Equal(HttpMethod.Post, sent.Method);
        Assert.Equal("https://ai-gateway.vercel.sh/v1/chat/completions", sent.Uri.AbsoluteUri);
        Assert.Equal("Bearer " + ApiKey, sent.Headers["authorization"]);
        Assert.Equal(["authorization"], PresentAuthHeaders(sent));
    }

    [Theory]
    [InlineData(ChatDialect.ChatCompletions, "https://ai-gateway.vercel.sh/v1/chat/completions")]
    [InlineData(ChatDialect.Messages, "https://ai-gateway.vercel.sh/v1/messages")]
    public async Task Leaf_sends_an_anthropic_model_with_bearer_only(ChatDialect dialect, string url)
    {
        var sent = await LeafRequests.CaptureAsync(Env(("VERCEL_OIDC_TOKEN", Oidc)), "claude-sonnet-4-5", dialect);

        Assert.Equal(url, sent.Uri.AbsoluteUri);
        Assert.Equal("Bearer " + Oidc, sent.Headers["authorization"]);
        Assert.Equal(["authorization"], PresentAuthHeaders(sent));
    }

    [Fact]
    public async Task Leaf_sends_a_google_model_over_chat_completions_with_bearer_only()
    {
        var sent = await LeafRequests.CaptureAsync(Env(("AI_GATEWAY_API_KEY", ApiKey)), "gemini-2.5-flash", ChatDialect.ChatCompletions);

        Assert.Equal(HttpMethod.Post, sent.Method);
        Assert.Equal("https://ai-gateway.vercel.sh/v1/chat/completions", sent.Uri.AbsoluteUri);
        Assert.Equal(["authorization"], PresentAuthHeaders(sent));
    }

    private static string WriteExtensions(GatewayRequestContext context)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("model", "x");
            Profile().WriteBodyExtensions(writer, context);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
