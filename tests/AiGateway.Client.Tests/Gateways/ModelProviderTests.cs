using AiGateway.Client.Catalog;
using AiGateway.Client.Gateways;

namespace AiGateway.Client.Tests.Gateways;

public sealed class ModelProviderTests
{
    [Theory]
    [InlineData("openai/gpt-5.4", "OpenAI")]
    [InlineData("OpenAI/gpt-5.4", "OpenAI")]
    [InlineData("anthropic/claude-sonnet-4.5", "Anthropic")]
    [InlineData("Anthropic/claude-sonnet-4.5", "Anthropic")]
    [InlineData("google/gemini-2.5-flash", "Google")]
    [InlineData("GEMINI/gemini-2.5-flash", "Google")]
    [InlineData("meta/llama-3.1-8b-instruct", "Other")]
    [InlineData("openai-compatible/x", "Other")]
    public void The_provider_follows_the_creator_in_any_case(string id, string expected)
    {
        Assert.Equal(expected, ModelProviders.Of(new CatalogModel(id)).ToString());
    }

    [Fact]
    public void Classifying_a_model_allocates_nothing()
    {
        // It runs for every dialect of every routed request.
        var models = new[] { new CatalogModel("anthropic/claude-sonnet-4.5"), new CatalogModel("google/gemini-2.5-flash"), new CatalogModel("meta/llama-3.1-8b-instruct") };
        foreach (var model in models)
        {
            ModelProviders.Of(model);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            foreach (var model in models)
            {
                ModelProviders.Of(model);
            }
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
