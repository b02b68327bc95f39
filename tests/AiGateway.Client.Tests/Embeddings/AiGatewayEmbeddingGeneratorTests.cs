using System.Net;
using AiGateway.Client.Embeddings;
using AiGateway.Client.Testing;
using Microsoft.Extensions.AI;
using static AiGateway.Client.Tests.Embeddings.EmbeddingTestSupport;

namespace AiGateway.Client.Tests.Embeddings;

public class AiGatewayEmbeddingGeneratorTests
{
    [Fact]
    public async Task Returns_one_vector_per_input_in_input_order()
    {
        var fake = new FakeGateway();
        using var generator = fake.CreateEmbeddingGenerator();

        var embeddings = await generator.GenerateAsync(["red apple", "blue sky"]);

        Assert.Equal(FakeGateway.EmbedText("red apple"), embeddings[0].Vector.ToArray());
        Assert.Equal(FakeGateway.EmbedText("blue sky"), embeddings[1].Vector.ToArray());
    }

    [Fact]
    public async Task Inputs_above_neons_limit_are_split_into_requests_of_150_and_reassembled_in_order()
    {
        var fake = new FakeGateway();
        using var generator = Generator(fake, Neon(), "qwen3-embedding-0-6b");
        var inputs = Enumerable.Range(0, 320).Select(i => $"document number {i}").ToArray();

        var embeddings = await generator.GenerateAsync(inputs);

        Assert.Equal([150, 150, 20], fake.Requests.Select(r => r.Json!.Value.GetProperty("input").GetArrayLength()));
        Assert.Equal(FakeGateway.EmbedText("document number 317"), embeddings[317].Vector.ToArray());
    }

    [Fact]
    public async Task Usage_of_split_batches_is_summed_and_priced_from_the_catalog()
    {
        var fake = new FakeGateway().Enqueue(new FakeReply { InputTokens = 600_000 }, new FakeReply { InputTokens = 400_000 });
        using var generator = Generator(fake, Neon(), "openai/text-embedding-3-small");
        var inputs = Enumerable.Range(0, 151).Select(i => $"t{i}").ToArray();

        var embeddings = await generator.GenerateAsync(inputs);

        Assert.Equal(1_000_000, embeddings.Usage?.InputTokenCount);
        Assert.Equal(0.02m, embeddings.AdditionalProperties?[AiGatewayPropertyKeys.CostUsd]);
    }

    [Fact]
    public async Task Dimensions_are_sent_for_a_model_that_shortens_vectors()
    {
        var fake = new FakeGateway();
        using var generator = fake.CreateEmbeddingGenerator();

        var embeddings = await generator.GenerateAsync(["hello"], new EmbeddingGenerationOptions { Dimensions = 64 });

        Assert.Equal(64, fake.Requests[0].Json!.Value.GetProperty("dimensions").GetInt32());
        Assert.Equal(64, embeddings[0].Dimensions);
    }

    [Fact]
    public async Task Dimensions_for_a_fixed_length_model_are_refused_before_anything_is_sent()
    {
        var fake = new FakeGateway();
        using var generator = Generator(fake, Neon(), "gte-large-en");

        var ex = await Assert.ThrowsAsync<EmbeddingDimensionsNotSupportedException>(
            () => generator.GenerateAsync(["hello"], new EmbeddingGenerationOptions { Dimensions = 256 }));

        Assert.Equal((256, 1024), (ex.RequestedDimensions, ex.ActualDimensions));
        Assert.Empty(fake.Requests);
    }

    [Fact]
    public async Task Vectors_of_another_length_than_asked_for_mean_the_gateway_ignored_dimensions()
    {
        var fake = new FakeGateway().Enqueue(FakeReply.WithEmbeddings(new float[1536]));
        using var generator = fake.CreateEmbeddingGenerator();

        var ex = await Assert.ThrowsAsync<EmbeddingDimensionsNotSupportedException>(
            () => generator.GenerateAsync(["hello"], new EmbeddingGenerationOptions { Dimensions = 256 }));

        Assert.Equal(1536, ex.ActualDimensions);
    }

    [Fact]
    public async Task A_429_with_retry_after_is_a_transient_rate_limit_error()
    {
        var fake = new FakeGateway().Enqueue(FakeReply.WithError(HttpStatusCode.TooManyRequests, TimeSpan.FromSeconds(7)));
        using var generator = fake.CreateEmbeddingGenerator();

        var ex = await Assert.ThrowsAsync<RateLimitExceededException>(() => generator.GenerateAsync(["hello"]));

        Assert.Equal((TimeSpan.FromSeconds(7), true), (ex.RetryAfter, ex.IsTransient));
    }

    [Fact]
    public async Task A_body_that_is_not_an_embeddings_response_is_malformed()
    {
        using var broken = new AiGatewayEmbeddingGenerator(
            FakeGateway.CreateOptions(),
            new HttpClient(new StaticBody("""{"object":"list","data":[{"index":0}]}""")));

        await Assert.ThrowsAsync<MalformedResponseException>(() => broken.GenerateAsync(["hello"]));
    }

    [Fact]
    public async Task No_inputs_send_nothing()
    {
        var fake = new FakeGateway();
        using var generator = fake.CreateEmbeddingGenerator();

        var embeddings = await generator.GenerateAsync([]);

        Assert.Empty(embeddings);
        Assert.Empty(fake.Requests);
    }

    [Fact]
    public async Task Gemini_gets_embed_content_for_one_text_with_output_dimensionality_and_its_key_header()
    {
        var fake = new FakeGateway();
        using var generator = Generator(fake, Direct(), "gemini-embedding-001");

        var embeddings = await generator.GenerateAsync(["hello"], new EmbeddingGenerationOptions { Dimensions = 768 });

        var request = Assert.Single(fake.Requests);
        Assert.EndsWith("/v1beta/models/gemini-embedding-001:embedContent", request.Uri.AbsolutePath, StringComparison.Ordinal);
        Assert.Equal(
            """{"model":"models/gemini-embedding-001","content":{"parts":[{"text":"hello"}]},"outputDimensionality":768}""",
            request.Body);
        Assert.True(request.Headers.ContainsKey("x-goog-api-key"));
        Assert.Equal(768, embeddings[0].Dimensions);
    }

    [Fact]
    public async Task Gemini_gets_batch_embed_contents_for_several_texts_and_answers_in_order()
    {
        var fake = new FakeGateway();
        using var generator = Generator(fake, Cloudflare(), "gemini-embedding-001");

        var embeddings = await generator.GenerateAsync(["one", "two", "three"]);

        var request = Assert.Single(fake.Requests);
        Assert.EndsWith(":batchEmbedContents", request.Uri.AbsolutePath, StringComparison.Ordinal);
        Assert.Equal(3, request.Json!.Value.GetProperty("requests").GetArrayLength());
        Assert.Equal(FakeGateway.EmbedText("three"), embeddings[2].Vector.ToArray());
    }

    [Fact]
    public async Task Tags_and_user_go_into_vercels_provider_options()
    {
        var fake = new FakeGateway();
        using var generator = Generator(fake, Vercel());

        await generator.GenerateAsync(["hello"], new EmbeddingGenerationOptions().WithTags("feature:search").WithUser("u-1"));

        var gateway = fake.Requests[0].Json!.Value.GetProperty("providerOptions").GetProperty("gateway");
        Assert.Equal(("feature:search", "u-1"), (gateway.GetProperty("tags")[0].GetString(), gateway.GetProperty("user").GetString()));
    }

    [Fact]
    public async Task Tags_go_into_cloudflares_metadata_header()
    {
        var fake = new FakeGateway();
        using var generator = Generator(fake, Cloudflare());

        await generator.GenerateAsync(["hello"], new EmbeddingGenerationOptions().WithTags("feature:search"));

        Assert.Equal("""{"tags":"feature:search"}""", fake.Requests[0].Headers["cf-aig-metadata"]);
    }

    [Fact]
    public async Task Workers_ai_embeddings_carry_the_workers_ai_token()
    {
        var fake = new FakeGateway();
        using var generator = Generator(fake, Cloudflare(), "@cf/baai/bge-base-en-v1.5");

        await generator.GenerateAsync(["hello"]);

        // Compared, never printed: a failure message would otherwise show the (test) token.
        Assert.True(fake.Requests[0].Headers["authorization"] == "Bearer cf-token-secret0123456789");
    }

    [Fact]
    public async Task A_base64_answer_is_read_as_little_endian_floats()
    {
        var vector = new[] { 0.25f, -1.5f, 3f };
        var bytes = new byte[12];
        Buffer.BlockCopy(vector, 0, bytes, 0, 12);
        using var generator = new AiGatewayEmbeddingGenerator(
            FakeGateway.CreateOptions(),
            new HttpClient(new StaticBody($$$"""{"object":"list","data":[{"object":"embedding","index":0,"embedding":"{{{Convert.ToBase64String(bytes)}}}"}],"model":"m","usage":{"prompt_tokens":1,"total_tokens":1}}""")));

        var embeddings = await generator.GenerateAsync(["hello"]);

        Assert.Equal(vector, embeddings[0].Vector.ToArray());
    }

    [Fact]
    public async Task The_request_body_matches_openais_create_embedding_request_schema()
    {
        var fake = new FakeGateway();
        using var generator = fake.CreateEmbeddingGenerator();

        await generator.GenerateAsync(["a", "b"], new EmbeddingGenerationOptions { Dimensions = 32 }.WithUser("u-1"));

        Assert.Empty(OpenAISchema.Validate("CreateEmbeddingRequest", fake.Requests[0].Body));
    }

    [Fact]
    public async Task Fake_gateways_answer_matches_openais_create_embedding_response_schema()
    {
        using var client = new HttpClient(new FakeGateway());

        using var response = await client.PostAsync(
            "https://fake-gateway.test/v1/embeddings",
            new StringContent("""{"model":"text-embedding-3-small","input":["a","b"]}""", System.Text.Encoding.UTF8, "application/json"));

        Assert.Empty(OpenAISchema.Validate("CreateEmbeddingResponse", await response.Content.ReadAsStringAsync()));
    }

    [Fact]
    public void Metadata_names_the_gateway_the_default_model_and_its_dimensions()
    {
        using var generator = new FakeGateway().CreateEmbeddingGenerator();

        Assert.Equal(("openai/text-embedding-3-small", 1536), (generator.Metadata.DefaultModelId, generator.Metadata.DefaultModelDimensions));
    }

    /// <summary>Answers every request with one fixed JSON body.</summary>
    private sealed class StaticBody(string json) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json") });
    }
}
