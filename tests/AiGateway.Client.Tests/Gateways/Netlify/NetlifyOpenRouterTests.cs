using AiGateway.Client.Catalog;
using AiGateway.Client.Gateways;
using AiGateway.Client.Routing;
using AiGateway.Client.Tests.EndToEnd;
using Microsoft.Extensions.AI;
using static AiGateway.Client.Tests.Gateways.GatewayTestSupport;

namespace AiGateway.Client.Tests.Gateways;

/// <summary>Netlify's OpenRouter pair: other creators' models over Chat Completions with OpenRouter's ids.</summary>
public sealed class NetlifyOpenRouterTests
{
    private const string Key = "netlify-token-OR-1111";
    private const string OpenRouterKey = "LEAK-openrouter-key-OR-2222";
    private const string Root = "https://my-site.netlify.app/.netlify/ai/";
    private const string OpenRouterBase = "https://my-site.netlify.app/.netlify/ai/openrouter";

    private static readonly ModelCatalog Catalog = ModelCatalog.CreateDefault();

    private static (string, string)[] WithPair(string key = OpenRouterKey, string baseUrl = OpenRouterBase) =>
        [("NETLIFY_AI_GATEWAY_KEY", Key), ("NETLIFY_AI_GATEWAY_BASE_URL", Root), ("OPENROUTER_API_KEY", key), ("OPENROUTER_BASE_URL", baseUrl)];

    private static readonly (string, string)[] WithoutPair = [("NETLIFY_AI_GATEWAY_KEY", Key), ("NETLIFY_AI_GATEWAY_BASE_URL", Root)];

    private static NetlifyGateway Netlify(params (string, string)[] variables) => Assert.IsType<NetlifyGateway>(Detect(variables).Primary);

    [Fact]
    public void The_pair_on_the_netlify_site_is_detected()
    {
        var profile = Netlify(WithPair());

        Assert.True(profile.HasOpenRouter);
        Assert.Equal("https://my-site.netlify.app/.netlify/ai/openrouter/", profile.OpenRouterBaseUri!.AbsoluteUri);
        Assert.Contains("OPENROUTER_API_KEY", profile.Sources);
        Assert.Contains("OPENROUTER_BASE_URL", profile.Sources);
    }

    [Fact]
    public void A_pair_whose_key_is_the_netlify_token_is_netlifys_whatever_its_host()
    {
        Assert.True(Netlify(WithPair(key: Key, baseUrl: "https://ai-gateway.netlify.com/openrouter/v1")).HasOpenRouter);
    }

    [Fact]
    public void A_pair_of_the_users_own_is_not_used_and_is_reported_as_shadowing()
    {
        var variables = WithPair(baseUrl: "https://openrouter.ai/api/v1");

        Assert.False(Netlify(variables).HasOpenRouter);
        Assert.Contains(Diagnose(variables).Shadowing, s => s.Contains("OPENROUTER_API_KEY/OPENROUTER_BASE_URL set by you", StringComparison.Ordinal));
    }

    [Fact]
    public void Without_the_pair_the_doctor_lists_it_as_missing()
    {
        var report = Diagnose(WithoutPair).Gateways[0];

        Assert.Contains(report.Missing, m => m.StartsWith("OPENROUTER_API_KEY/OPENROUTER_BASE_URL", StringComparison.Ordinal));
    }

    [Fact]
    public void With_the_pair_the_doctor_lists_its_variables_credential_and_route()
    {
        var text = Diagnose(WithPair()).ToString();

        Assert.Contains("OPENROUTER_API_KEY", text, StringComparison.Ordinal);
        Assert.Contains("credential: OPENROUTER_API_KEY", text, StringComparison.Ordinal);
        Assert.Contains("note: OPENROUTER_API_KEY/OPENROUTER_BASE_URL: Netlify's OpenRouter pair", text, StringComparison.Ordinal);
        Assert.Contains("https://my-site.netlify.app/.netlify/ai/openrouter/chat/completions", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("deepseek/deepseek-v3.2", "deepseek/deepseek-v3.2")]
    [InlineData("llama-3.3-70b-instruct", "meta-llama/llama-3.3-70b-instruct")]
    [InlineData("meta/llama-3.3-70b-instruct", "meta-llama/llama-3.3-70b-instruct")]
    [InlineData("mistral-large-2411", "mistralai/mistral-large-2411")]
    [InlineData("grok-4", "x-ai/grok-4")]
    [InlineData("qwen3-coder", "qwen/qwen3-coder")]
    [InlineData("kimi-k2", "moonshotai/kimi-k2")]
    [InlineData("meta-llama/llama-4-maverick", "meta-llama/llama-4-maverick")]
    public void Other_creators_models_go_over_chat_completions_to_openrouter_with_openrouters_id(string modelId, string wireId)
    {
        var route = Router.Default.Route(Catalog.Resolve(modelId), Netlify(WithPair()), requestedModelId: modelId);

        Assert.Equal(ChatDialect.ChatCompletions, route.Dialect);
        Assert.Equal("https://my-site.netlify.app/.netlify/ai/openrouter/chat/completions", route.Endpoint.AbsoluteUri);
        Assert.Equal(wireId, route.WireModelId);
    }

    [Theory]
    [InlineData("gpt-5.4", "https://my-site.netlify.app/.netlify/ai/chat/completions")]
    [InlineData("claude-sonnet-4-5", "https://my-site.netlify.app/.netlify/ai/v1/messages")]
    public void The_providers_own_models_keep_their_pairs(string modelId, string endpoint)
    {
        var route = Router.Default.Route(Catalog.Resolve(modelId), Netlify(WithPair()));

        Assert.Equal(endpoint, route.Endpoint.AbsoluteUri);
    }

    [Fact]
    public void Calls_through_the_pair_send_the_openrouter_key_as_a_bearer_token_only()
    {
        var model = Catalog.Resolve("deepseek/deepseek-v3.2");
        using var request = Authenticated(Netlify(WithPair()), ChatDialect.ChatCompletions, model);

        Assert.Equal("Bearer " + OpenRouterKey, Header(request, "authorization"));
        Assert.Equal(["authorization"], PresentAuthHeaders(request));
    }

    [Fact]
    public void Without_the_pair_another_creators_model_is_refused_naming_the_pair()
    {
        var ex = Assert.Throws<ModelNotFoundException>(() => Router.Default.Route(Catalog.Resolve("deepseek/deepseek-v3.2"), Netlify(WithoutPair)));

        Assert.Contains("OPENROUTER_API_KEY", ex.Message, StringComparison.Ordinal);
        Assert.Contains("OPENROUTER_BASE_URL", ex.Message, StringComparison.Ordinal);
        Assert.Equal(GatewayKind.Netlify, ex.Gateway);
    }

    [Fact]
    public void StrictModels_still_refuses_an_unknown_creator_model_id()
    {
        var strict = ModelCatalog.CreateDefault(strict: true);

        Assert.Throws<ModelNotFoundException>(() => strict.Resolve("deepseek/deepseek-v9"));
    }

    [Fact]
    public void Neither_the_diagnosis_nor_the_profile_shows_the_openrouter_key()
    {
        var variables = WithPair();
        var environment = Detect(variables);
        var texts = new List<string> { environment.Diagnose().ToString(), environment.Primary.ToString() };
        texts.AddRange(environment.Primary.Credentials.Select(c => c.ToString()));
        texts.AddRange(environment.Primary.Sources);
        var error = Assert.Throws<ModelNotFoundException>(() => Router.Default.Route(Catalog.Resolve("deepseek/x"), Netlify(WithoutPair)));
        texts.Add(error.ToString());

        Assert.All(texts, text => Assert.DoesNotContain(OpenRouterKey, text, StringComparison.Ordinal));
    }

    [Fact]
    public async Task End_to_end_a_deepseek_call_through_AddAiGateway_reaches_the_openrouter_pair()
    {
        using var pipeline = DiPipeline.Create(Env(WithPair()));

        var response = await pipeline.Client.GetResponseAsync("ping", new ChatOptions { ModelId = "deepseek/deepseek-v3.2" });

        var sent = Assert.Single(pipeline.Fake.Requests);
        Assert.NotEmpty(response.Text);
        Assert.Equal("https://my-site.netlify.app/.netlify/ai/openrouter/chat/completions", sent.Uri.AbsoluteUri);
        Assert.Equal("deepseek/deepseek-v3.2", sent.Model);
        Assert.Equal("Bearer " + OpenRouterKey, sent.Headers["authorization"]);
        Assert.Equal(GatewayKind.Netlify, response.AdditionalProperties?[AiGatewayPropertyKeys.AnsweredGateway]);
    }
}
