using AiGateway.Client.Catalog;
using AiGateway.Client.Embeddings;
using AiGateway.Client.Gateways;
using static AiGateway.Client.Tests.Embeddings.EmbeddingTestSupport;

namespace AiGateway.Client.Tests.Embeddings;

public class EmbeddingRouterTests
{
    private static readonly ModelCatalog Catalog = ModelCatalog.CreateDefault();

    private static EmbeddingRoute Route(string model, GatewayProfile gateway) => EmbeddingRouter.Route(Catalog.Resolve(model), gateway, model);

    [Fact]
    public void Vercel_takes_the_canonical_id_on_its_openai_embeddings_endpoint()
    {
        var route = Route("text-embedding-3-small", Vercel());

        Assert.Equal(("https://ai-gateway.vercel.sh/v1/embeddings", "openai/text-embedding-3-small", EmbeddingWireShape.OpenAI), (route.Endpoint.AbsoluteUri, route.WireModelId, route.Shape));
    }

    [Fact]
    public void Vercel_serves_gemini_embeddings_in_the_openai_shape()
    {
        var route = Route("gemini-embedding-001", Vercel());

        Assert.Equal((EmbeddingWireShape.OpenAI, "google/gemini-embedding-001"), (route.Shape, route.WireModelId));
    }

    [Fact]
    public void Neon_sends_its_listed_id_to_v1_embeddings_150_inputs_at_a_time()
    {
        var route = Route("qwen3-embedding-0-6b", Neon());

        Assert.Equal(
            ("https://br-test-api.ai.c-2.us-east-2.aws.neon.tech/v1/embeddings", "qwen3-embedding-0-6b", 150),
            (route.Endpoint.AbsoluteUri, route.WireModelId, route.MaxBatchSize));
    }

    [Fact]
    public void Cloudflare_sends_openai_models_to_its_openai_route()
    {
        var route = Route("text-embedding-3-large", Cloudflare());

        Assert.Equal("https://gateway.ai.cloudflare.com/v1/0123456789abcdef0123456789abcdef/my-gateway/openai/embeddings", route.Endpoint.AbsoluteUri);
    }

    [Fact]
    public void Cloudflare_sends_workers_ai_models_to_workers_ai_v1_embeddings_100_at_a_time()
    {
        var route = Route("@cf/baai/bge-base-en-v1.5", Cloudflare());

        Assert.Equal(
            ("https://gateway.ai.cloudflare.com/v1/0123456789abcdef0123456789abcdef/my-gateway/workers-ai/v1/embeddings", "@cf/baai/bge-base-en-v1.5", 100),
            (route.Endpoint.AbsoluteUri, route.WireModelId, route.MaxBatchSize));
    }

    [Fact]
    public void Cloudflare_sends_gemini_models_to_batch_embed_contents_on_google_ai_studio()
    {
        var route = Route("gemini-embedding-001", Cloudflare());

        Assert.Equal(
            ("https://gateway.ai.cloudflare.com/v1/0123456789abcdef0123456789abcdef/my-gateway/google-ai-studio/v1beta/models/gemini-embedding-001:batchEmbedContents", EmbeddingWireShape.Gemini, ChatDialect.GenerateContent),
            (route.Endpoint.AbsoluteUri, route.Shape, route.AuthDialect));
    }

    [Fact]
    public void Direct_google_uses_embed_content_for_one_text()
    {
        var route = Route("gemini-embedding-001", Direct());

        Assert.Equal("https://generativelanguage.googleapis.com/v1beta/models/gemini-embedding-001:embedContent", route.SingleEndpoint?.AbsoluteUri);
    }

    [Fact]
    public void Direct_openai_uses_api_openai_com()
    {
        var route = Route("text-embedding-3-small", Direct());

        Assert.Equal(("https://api.openai.com/v1/embeddings", "text-embedding-3-small", 2048), (route.Endpoint.AbsoluteUri, route.WireModelId, route.MaxBatchSize));
    }

    [Theory]
    [InlineData("netlify", "Netlify AI Gateway")]
    [InlineData("rebyte", "Rebyte AI Gateway")]
    public void A_gateway_without_embeddings_is_refused_naming_it(string gateway, string name)
    {
        GatewayProfile profile = gateway == "netlify" ? Netlify() : Rebyte();

        var ex = Assert.Throws<DialectNotSupportedException>(() => Route("text-embedding-3-small", profile));

        Assert.Equal(profile.Kind, ex.Gateway);
        Assert.Contains(name + " does not serve embeddings", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Direct_without_a_google_key_cannot_embed_with_gemini()
    {
        var openAIOnly = new DirectGateway(Key(), null, null);

        var ex = Assert.Throws<ModelNotFoundException>(() => Route("gemini-embedding-001", openAIOnly));

        Assert.Contains("GEMINI_API_KEY", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_chat_model_is_not_an_embedding_model()
    {
        var ex = Assert.Throws<InvalidRequestException>(() => Route("gpt-5.4", Vercel()));

        Assert.Contains("not an embedding model", ex.Message, StringComparison.Ordinal);
    }
}
