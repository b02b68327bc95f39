using AiGateway.Client.Catalog;
using AiGateway.Client.Embeddings;
using AiGateway.Client.Gateways;
using AiGateway.Client.Images;
using AiGateway.Client.Routing;
using AiGateway.Client.Tests.EndToEnd;
using Microsoft.Extensions.AI;
using static AiGateway.Client.Tests.Gateways.GatewayTestSupport;

namespace AiGateway.Client.Tests.Gateways;

/// <summary>Cloudflare's REST inference API route: chosen when the API token is the only credential.</summary>
public sealed class CloudflareRestGatewayTests
{
    private const string Account = "0123456789abcdef0123456789abcdef";
    private const string GatewayId = "my-gateway";
    private const string ApiToken = "LEAK-cf-api-token-REST-3333";
    private const string Base = "https://api.cloudflare.com/client/v4/accounts/" + Account + "/ai/v1/";

    private static readonly ModelCatalog Catalog = ModelCatalog.CreateDefault();

    private static readonly (string, string)[] TokenOnly =
        [("CLOUDFLARE_ACCOUNT_ID", Account), ("CLOUDFLARE_AI_GATEWAY_ID", GatewayId), ("CLOUDFLARE_API_TOKEN", ApiToken)];

    private static CloudflareRestGateway Rest() => Assert.IsType<CloudflareRestGateway>(Detect(TokenOnly).Primary);

    [Fact]
    public void Ids_and_the_api_token_alone_choose_the_rest_api_route()
    {
        var profile = Rest();

        Assert.Equal(GatewayKind.Cloudflare, profile.Kind);
        Assert.Equal(Base, profile.BaseUri.AbsoluteUri);
        Assert.Equal(["CLOUDFLARE_ACCOUNT_ID", "CLOUDFLARE_AI_GATEWAY_ID", "CLOUDFLARE_API_TOKEN"], profile.Sources);
    }

    [Theory]
    [InlineData("OPENAI_API_KEY", "sk-openai")]
    [InlineData("ANTHROPIC_API_KEY", "sk-ant")]
    [InlineData("GEMINI_API_KEY", "AIza-g")]
    [InlineData("CLOUDFLARE_AI_GATEWAY_TOKEN", "cf-aig-token")]
    [InlineData("OPENAI_BASE_URL", "https://gateway.ai.cloudflare.com/v1/" + Account + "/" + GatewayId + "/openai")]
    public void A_provider_key_gateway_token_or_gateway_url_keeps_the_gateway_url_route(string variable, string value)
    {
        Assert.IsType<CloudflareGateway>(Detect([.. TokenOnly, (variable, value)]).Primary);
    }

    [Theory]
    [InlineData(ChatDialect.ChatCompletions, Base + "chat/completions")]
    [InlineData(ChatDialect.Responses, Base + "responses")]
    [InlineData(ChatDialect.Messages, Base + "messages")]
    public void Endpoints_are_the_rest_apis_three_paths(ChatDialect dialect, string expected)
    {
        Assert.Equal(expected, Rest().GetEndpoint(dialect, OpenAIModel, "m", streaming: false).AbsoluteUri);
    }

    [Theory]
    [InlineData("gpt-5.4", ChatDialect.ChatCompletions, "openai/gpt-5.4")]
    [InlineData("gpt-5.2-codex", ChatDialect.Responses, "openai/gpt-5.2-codex")]
    [InlineData("claude-sonnet-4-5", ChatDialect.Messages, "anthropic/claude-sonnet-4-5")]
    [InlineData("gemini-2.5-flash", ChatDialect.ChatCompletions, "google/gemini-2.5-flash")]
    [InlineData("@cf/meta/llama-3.1-8b-instruct", ChatDialect.ChatCompletions, "@cf/meta/llama-3.1-8b-instruct")]
    public void Models_route_to_their_dialect_with_creator_prefixed_ids(string modelId, ChatDialect dialect, string wireId)
    {
        var route = Router.Default.Route(Catalog.Resolve(modelId), Rest());

        Assert.Equal((dialect, wireId), (route.Dialect, route.WireModelId));
    }

    [Fact]
    public void Anthropic_models_may_ask_for_chat_completions()
    {
        var route = Router.Default.Route(Catalog.Resolve("claude-sonnet-4-5"), Rest(), ChatDialect.ChatCompletions);

        Assert.Equal(Base + "chat/completions", route.Endpoint.AbsoluteUri);
    }

    [Fact]
    public void Google_models_cannot_ask_for_generateContent()
    {
        Assert.Throws<DialectNotSupportedException>(() => Router.Default.Route(Catalog.Resolve("gemini-2.5-flash"), Rest(), ChatDialect.GenerateContent));
    }

    [Fact]
    public void Another_creators_model_is_refused_with_the_reason()
    {
        var ex = Assert.Throws<ModelNotFoundException>(() => Router.Default.Route(Catalog.Resolve("deepseek/deepseek-v3.2"), Rest()));

        Assert.Contains("REST API route", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ChatDialect.ChatCompletions)]
    [InlineData(ChatDialect.Responses)]
    [InlineData(ChatDialect.Messages)]
    public void Every_dialect_sends_the_api_token_as_bearer_only(ChatDialect dialect)
    {
        using var request = Authenticated(Rest(), dialect, dialect == ChatDialect.Messages ? AnthropicModel : OpenAIModel);

        Assert.Equal("Bearer " + ApiToken, Header(request, "authorization"));
        Assert.Equal(["authorization"], PresentAuthHeaders(request));
        Assert.Equal(dialect == ChatDialect.Messages ? "2023-06-01" : null, Header(request, "anthropic-version"));
    }

    [Fact]
    public void The_doctor_explains_the_route_and_why_it_was_chosen()
    {
        var text = Diagnose(TokenOnly).ToString();

        Assert.Contains("Cloudflare AI Gateway (REST API)", text, StringComparison.Ordinal);
        Assert.Contains("REST API route: " + Base, text, StringComparison.Ordinal);
        Assert.Contains("cf-aig-gateway-id: " + GatewayId, text, StringComparison.Ordinal);
        Assert.Contains("Chosen because no provider key", text, StringComparison.Ordinal);
        Assert.Contains("credential: CLOUDFLARE_API_TOKEN", text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_api_token_never_shows_in_the_diagnosis_the_profile_or_an_error()
    {
        var environment = Detect(TokenOnly);
        var texts = new List<string> { environment.Diagnose().ToString(), environment.Primary.ToString() };
        texts.AddRange(environment.Primary.Credentials.Select(c => c.ToString()));
        texts.Add(Assert.Throws<ModelNotFoundException>(() => Router.Default.Route(Catalog.Resolve("deepseek/x"), Rest())).ToString());
        texts.Add(Assert.Throws<DialectNotSupportedException>(() => EmbeddingRouter.Route(Catalog.Resolve("text-embedding-3-small"), Rest(), null)).ToString());

        Assert.All(texts, text => Assert.DoesNotContain(ApiToken, text, StringComparison.Ordinal));
    }

    [Fact]
    public void Workers_ai_embeddings_go_to_the_rest_embeddings_endpoint()
    {
        var route = EmbeddingRouter.Route(Catalog.Resolve("@cf/baai/bge-base-en-v1.5"), Rest(), null);

        Assert.Equal(Base + "embeddings", route.Endpoint.AbsoluteUri);
        Assert.Equal("@cf/baai/bge-base-en-v1.5", route.WireModelId);
    }

    [Fact]
    public void Third_party_embeddings_are_refused_clearly()
    {
        var ex = Assert.Throws<DialectNotSupportedException>(() => EmbeddingRouter.Route(Catalog.Resolve("text-embedding-3-small"), Rest(), null));

        Assert.Contains("Workers AI models (@cf/…) only", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("gpt-image-1")]
    [InlineData("gemini-2.5-flash-image")]
    public void Images_are_refused_clearly(string modelId)
    {
        var ex = Assert.Throws<DialectNotSupportedException>(() => ImageRouter.Route(Catalog.Resolve(modelId), Rest(), null, edit: false));

        Assert.Contains("REST API", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task End_to_end_a_call_through_AddAiGateway_reaches_the_rest_api_with_the_gateway_header_and_options()
    {
        using var pipeline = DiPipeline.Create(Env(TokenOnly));

        var response = await pipeline.Client.GetResponseAsync(
            "ping",
            new ChatOptions { ModelId = "gpt-5.4" }.WithCloudflareSkipCache().WithCloudflareNoWholesale().WithTags("feature:chat"));

        var sent = Assert.Single(pipeline.Fake.Requests);
        Assert.NotEmpty(response.Text);
        Assert.Equal(Base + "chat/completions", sent.Uri.AbsoluteUri);
        Assert.Equal("openai/gpt-5.4", sent.Model);
        Assert.Equal("Bearer " + ApiToken, sent.Headers["authorization"]);
        Assert.Equal(GatewayId, sent.Headers["cf-aig-gateway-id"]);
        Assert.Equal("true", sent.Headers["cf-aig-skip-cache"]);
        Assert.Equal("true", sent.Headers["cf-aig-no-wholesale"]);
        Assert.Equal("""{"tags":"feature:chat"}""", sent.Headers["cf-aig-metadata"]);
    }

    [Fact]
    public async Task End_to_end_an_anthropic_model_goes_over_messages()
    {
        using var pipeline = DiPipeline.Create(Env(TokenOnly));

        await pipeline.Client.GetResponseAsync("ping", new ChatOptions { ModelId = "claude-sonnet-4-5" });

        var sent = Assert.Single(pipeline.Fake.Requests);
        Assert.Equal(Base + "messages", sent.Uri.AbsoluteUri);
        Assert.Equal("anthropic/claude-sonnet-4-5", sent.Model);
    }
}
