using AiGateway.Client.Testing;
using static AiGateway.Client.Tests.Embeddings.EmbeddingTestSupport;

namespace AiGateway.Client.Tests.Testing;

public class FakeGatewayEmbeddingsTests
{
    [Fact]
    public void Computed_vectors_are_deterministic()
    {
        Assert.Equal(FakeGateway.EmbedText("The cat sat on the mat"), FakeGateway.EmbedText("The cat sat on the mat"));
    }

    [Fact]
    public void Computed_vectors_have_unit_length()
    {
        var vector = FakeGateway.EmbedText("gateways route models", 64);

        Assert.Equal(1.0, Math.Sqrt(vector.Sum(v => (double)v * v)), 5);
    }

    [Fact]
    public void Texts_that_share_words_are_more_similar_than_texts_that_share_none()
    {
        var cat = FakeGateway.EmbedText("the cat sat on the mat");
        var kitten = FakeGateway.EmbedText("a cat sat on a rug");
        var finance = FakeGateway.EmbedText("quarterly revenue grew strongly");

        Assert.True(Cosine(cat, kitten) > Cosine(cat, finance) + 0.3, $"{Cosine(cat, kitten)} vs {Cosine(cat, finance)}");
    }

    [Fact]
    public async Task Scripted_vectors_are_answered_in_order()
    {
        var fake = new FakeGateway().Enqueue(FakeReply.WithEmbeddings([1f, 0f], [0f, 1f]));
        using var generator = fake.CreateEmbeddingGenerator();

        var embeddings = await generator.GenerateAsync(["x", "y"]);

        Assert.Equal([0f, 1f], embeddings[1].Vector.ToArray());
    }

    [Fact]
    public async Task Requests_record_the_embeddings_endpoint()
    {
        var fake = new FakeGateway();
        using var generator = fake.CreateEmbeddingGenerator();

        await generator.GenerateAsync(["x"]);

        Assert.Equal(FakeEndpoint.Embeddings, fake.Requests[0].Endpoint);
    }

    [Fact]
    public async Task A_base64_request_gets_a_base64_answer()
    {
        using var client = new HttpClient(new FakeGateway());

        using var response = await client.PostAsync(
            "https://fake-gateway.test/v1/embeddings",
            new StringContent("""{"model":"m","input":"x","encoding_format":"base64","dimensions":4}""", System.Text.Encoding.UTF8, "application/json"));
        using var json = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(16, json.RootElement.GetProperty("data")[0].GetProperty("embedding").GetBytesFromBase64().Length);
    }
}
