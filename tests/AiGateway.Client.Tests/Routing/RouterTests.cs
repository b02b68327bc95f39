using AiGateway.Client.Catalog;
using AiGateway.Client.Gateways;
using AiGateway.Client.Routing;

namespace AiGateway.Client.Tests.Routing;

public sealed class RouterTests
{
    private static readonly ModelCatalog Catalog = ModelCatalog.CreateDefault();

    [Fact]
    public void Preferred_dialect_the_table_allows_is_honoured()
    {
        var route = Router.Default.Route(Catalog.Resolve("claude-sonnet-4-5"), new RecordingGateway(GatewayKind.Vercel), ChatDialect.Messages);

        Assert.Equal((ChatDialect.Messages, "anthropic/claude-sonnet-4.5"), (route.Dialect, route.WireModelId));
    }

    [Fact]
    public void Preferred_dialect_the_table_does_not_allow_fails_before_any_endpoint_is_built()
    {
        var gateway = new RecordingGateway(GatewayKind.Netlify);

        var ex = Assert.Throws<DialectNotSupportedException>(() => Router.Default.Route(Catalog.Resolve("claude-sonnet-4-5"), gateway, ChatDialect.ChatCompletions));

        Assert.Empty(gateway.Calls);
        Assert.Equal([ChatDialect.Messages], ex.SupportedDialects);
        Assert.Equal((GatewayKind.Netlify, ChatDialect.ChatCompletions, "anthropic/claude-sonnet-4.5"), (ex.Gateway, ex.Dialect, ex.ModelId));
        Assert.Contains("Recording Netlify gateway", ex.Message, StringComparison.Ordinal);
        Assert.Contains("anthropic/claude-sonnet-4.5", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Dialect_errors_belong_to_the_invalid_request_family_and_are_not_transient()
    {
        var ex = Assert.ThrowsAny<InvalidRequestException>(() => Router.Default.Route(Catalog.Resolve("gpt-5.4"), new RecordingGateway(GatewayKind.Rebyte), ChatDialect.Messages));

        Assert.IsType<DialectNotSupportedException>(ex);
        Assert.False(ex.IsTransient);
    }

    [Fact]
    public void Preferred_dialect_the_profile_cannot_send_fails_and_names_what_would_work()
    {
        var gateway = new RecordingGateway(GatewayKind.Neon, canServe: (dialect, _) => dialect != ChatDialect.GenerateContent);

        var ex = Assert.Throws<DialectNotSupportedException>(() => Router.Default.Route(Catalog.Resolve("gemini-2.5-flash"), gateway, ChatDialect.GenerateContent));

        Assert.Equal([ChatDialect.ChatCompletions], ex.SupportedDialects);
        Assert.Contains("current configuration", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Responses_only_model_refuses_chat_completions_even_when_asked()
    {
        var ex = Assert.Throws<DialectNotSupportedException>(() => Router.Default.Route(Catalog.Resolve("gpt-5-codex"), new RecordingGateway(GatewayKind.Vercel), ChatDialect.ChatCompletions));

        Assert.Equal([ChatDialect.Responses], ex.SupportedDialects);
        Assert.Contains("only over Responses", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Default_dialect_the_profile_cannot_send_falls_to_the_next_one_the_table_allows()
    {
        var gateway = new RecordingGateway(GatewayKind.Neon, canServe: (dialect, _) => dialect != ChatDialect.ChatCompletions);

        var route = Router.Default.Route(Catalog.Resolve("gemini-2.5-pro"), gateway);

        Assert.Equal((ChatDialect.GenerateContent, "gemini-2-5-pro"), (route.Dialect, route.WireModelId));
    }

    [Fact]
    public void Model_a_direct_profile_has_no_key_for_is_a_model_not_found_error_naming_gateway_and_model()
    {
        var openAIOnly = new RecordingGateway(GatewayKind.Direct, [ChatDialect.ChatCompletions, ChatDialect.Responses]);

        var ex = Assert.Throws<ModelNotFoundException>(() => Router.Default.Route(Catalog.Resolve("claude-opus-4.7"), openAIOnly));

        Assert.Contains("Recording Direct gateway", ex.Message, StringComparison.Ordinal);
        Assert.Contains("anthropic/claude-opus-4.7", ex.Message, StringComparison.Ordinal);
        Assert.Equal((GatewayKind.Direct, "anthropic/claude-opus-4.7"), (ex.Gateway, ex.ModelId));
        Assert.Empty(openAIOnly.Calls);
    }

    [Fact]
    public void Model_outside_the_provider_families_has_no_direct_route()
    {
        var ex = Assert.Throws<ModelNotFoundException>(() => Router.Default.Route(Catalog.Resolve("@cf/meta/llama-3.1-8b-instruct"), new RecordingGateway(GatewayKind.Direct)));

        Assert.Contains("no route", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Get_dialects_lists_what_the_table_allows_and_the_profile_can_send_default_first()
    {
        var gateway = new RecordingGateway(GatewayKind.Vercel, [ChatDialect.ChatCompletions, ChatDialect.Messages]);

        Assert.Equal([ChatDialect.ChatCompletions, ChatDialect.Messages], Router.Default.GetDialects(Catalog.Resolve("claude-sonnet-4.6"), gateway));
    }

    [Fact]
    public void Real_openai_compatible_profile_sends_a_responses_only_model_to_its_responses_endpoint()
    {
        var gateway = new OpenAICompatibleGateway(new Uri("https://llm.example.test/v1"), credential: null);

        var route = Router.Default.Route(Catalog.Resolve("gpt-5.1-codex-max"), gateway);

        Assert.Equal(ChatDialect.Responses, route.Dialect);
        Assert.Equal(new Uri("https://llm.example.test/v1/responses"), route.Endpoint);
        Assert.Equal("openai/gpt-5.1-codex-max", route.WireModelId);
    }

    [Fact]
    public void Real_openai_compatible_profile_refuses_messages_because_it_cannot_serve_it()
    {
        var gateway = new OpenAICompatibleGateway(new Uri("https://llm.example.test/v1"), credential: null);

        Assert.Throws<DialectNotSupportedException>(() => Router.Default.Route(Catalog.Resolve("claude-sonnet-4.5"), gateway, ChatDialect.Messages));
    }

    [Theory]
    [InlineData("claude-sonnet-4.5", ChatDialect.Messages, "claude-sonnet-4-5")]
    [InlineData("gemini-3-flash", ChatDialect.GenerateContent, "gemini-3-flash-preview")]
    [InlineData("claude-sonnet-4.5", ChatDialect.ChatCompletions, "anthropic/claude-sonnet-4.5")]
    public void Openai_compatible_endpoint_takes_provider_native_ids_in_the_providers_own_dialects(string requested, ChatDialect dialect, string wireId)
    {
        var route = Router.Default.Route(Catalog.Resolve(requested), new RecordingGateway(GatewayKind.OpenAICompatible), dialect);

        Assert.Equal(wireId, route.WireModelId);
    }

    [Theory]
    [InlineData("My-Org/Fine-Tune-7", "My-Org/Fine-Tune-7")]
    [InlineData("claude-sonnet-4-7", "claude-sonnet-4-7")]
    public void Openai_compatible_endpoint_gets_an_unknown_id_exactly_as_written(string requested, string wireId)
    {
        var route = Router.Default.Route(Catalog.Resolve(requested), new RecordingGateway(GatewayKind.OpenAICompatible));

        Assert.Equal(wireId, route.WireModelId);
    }

    [Theory]
    [InlineData(GatewayKind.Vercel, "anthropic/claude-sonnet-4.7", ChatDialect.ChatCompletions)]
    [InlineData(GatewayKind.Netlify, "claude-sonnet-4-7", ChatDialect.Messages)]
    [InlineData(GatewayKind.Neon, "claude-sonnet-4-7", ChatDialect.Messages)]
    [InlineData(GatewayKind.Rebyte, "claude-sonnet-4.7", ChatDialect.ChatCompletions)]
    public void Unknown_model_routes_by_the_mechanical_rule(GatewayKind gateway, string wireId, ChatDialect dialect)
    {
        var route = Router.Default.Route(Catalog.Resolve("Claude-Sonnet-4-7"), new RecordingGateway(gateway));

        Assert.Equal((dialect, wireId), (route.Dialect, route.WireModelId));
    }

    [Fact]
    public void Unknown_codex_model_goes_to_responses()
    {
        var route = Router.Default.Route(Catalog.Resolve("gpt-5.9-codex"), new RecordingGateway(GatewayKind.Netlify));

        Assert.Equal((ChatDialect.Responses, "gpt-5.9-codex"), (route.Dialect, route.WireModelId));
    }

    [Fact]
    public void Unknown_id_whose_creator_cannot_be_inferred_is_sent_as_written_even_to_vercel()
    {
        var route = Router.Default.Route(Catalog.Resolve("house-model-v2"), new RecordingGateway(GatewayKind.Vercel));

        Assert.Equal("house-model-v2", route.WireModelId);
    }
}
