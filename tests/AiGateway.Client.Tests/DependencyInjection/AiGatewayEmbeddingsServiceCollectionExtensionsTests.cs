using System.Net;
using AiGateway.Client.Embeddings;
using AiGateway.Client.Gateways;
using AiGateway.Client.Testing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AiGateway.Client.Tests.DependencyInjection;

public sealed class AiGatewayEmbeddingsServiceCollectionExtensionsTests
{
    private static readonly IEnvironmentSource NoVariables = EnvironmentSource.FromDictionary([]);

    private static ServiceProvider Build(FakeGateway fake, Action<IServiceCollection> register, string clientName = AiGatewayDefaults.HttpClientName)
    {
        var services = new ServiceCollection();
        register(services);
        services.AddHttpClient(clientName).ConfigurePrimaryHttpMessageHandler(() => fake);
        return services.BuildServiceProvider();
    }

    private static void Fake(AiGatewayOptions o)
    {
        o.BaseUrl = FakeGateway.BaseUri;
        o.Environment = NoVariables;
    }

    [Fact]
    public async Task Registers_an_embedding_generator_that_sends_through_the_named_aigateway_client()
    {
        var fake = new FakeGateway();
        using var provider = Build(fake, s => s.AddAiGatewayEmbeddings(o => { Fake(o); o.EmbeddingModel = "text-embedding-3-small"; }));
        var generator = provider.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();

        await generator.GenerateAsync(["hello"]);

        Assert.NotNull(generator.GetService<AiGatewayEmbeddingGenerator>());
        Assert.Equal(FakeEndpoint.Embeddings, Assert.Single(fake.Requests).Endpoint);
    }

    [Fact]
    public void Binds_the_embedding_model_from_the_aigateway_section()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AiGateway:BaseUrl"] = "https://gw.test/v1",
            ["AiGateway:EmbeddingModel"] = "text-embedding-3-large",
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddAiGatewayEmbeddings(o => o.Environment = NoVariables);
        using var provider = services.BuildServiceProvider();

        var metadata = provider.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>().GetService<EmbeddingGeneratorMetadata>();

        Assert.Equal(("text-embedding-3-large", 3072), (metadata?.DefaultModelId, metadata?.DefaultModelDimensions));
    }

    [Fact]
    public void Configuring_embeddings_does_not_change_the_chat_options()
    {
        var services = new ServiceCollection();
        services.AddAiGateway(o => { Fake(o); o.DefaultModel = "gpt-5.4"; });
        services.AddAiGatewayEmbeddings(o => { Fake(o); o.DefaultModel = "changed-by-embeddings"; });
        using var provider = services.BuildServiceProvider();

        Assert.Equal("gpt-5.4", provider.GetRequiredService<IChatClient>().GetService<ChatClientMetadata>()?.DefaultModelId);
    }

    [Fact]
    public async Task A_keyed_pipeline_uses_its_own_options_and_http_client()
    {
        var fake = new FakeGateway();
        using var provider = Build(fake, s => s.AddKeyedAiGatewayEmbeddings("search", o => { Fake(o); o.EmbeddingModel = "text-embedding-3-small"; }), "AiGateway:search");

        await provider.GetRequiredKeyedService<IEmbeddingGenerator<string, Embedding<float>>>("search").GenerateAsync(["hello"]);

        Assert.Single(fake.Requests);
        Assert.Null(provider.GetService<IEmbeddingGenerator<string, Embedding<float>>>());
    }

    [Fact]
    public async Task UseTags_adds_default_and_scope_tags()
    {
        var fake = new FakeGateway();
        using var provider = Build(fake, s => s.AddAiGatewayEmbeddings(o => { Fake(o); o.EmbeddingModel = "text-embedding-3-small"; })
            .UseTags(t => t.DefaultTags.Add("app:search")));
        var generator = provider.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();

        using (AiGatewayScope.Begin(["team:web"], user: "u-9"))
        {
            await generator.GenerateAsync(["hello"]);
        }

        Assert.Equal("u-9", fake.Requests[0].Json!.Value.GetProperty("user").GetString());
    }

    [Fact]
    public async Task UseFailover_answers_with_a_fallback_model_of_the_same_dimensions_after_a_503()
    {
        var fake = new FakeGateway().Enqueue(FakeReply.WithError(HttpStatusCode.ServiceUnavailable));
        // HTTP-level retries off: the 503 goes straight to the failover layer instead of being retried on the same model.
        using var provider = Build(fake, s => s.AddAiGatewayEmbeddings(o => { Fake(o); o.EmbeddingModel = "openai/text-embedding-3-small"; o.MaxRetries = 0; })
            .UseFailover(["openai/text-embedding-ada-002"]));

        var embeddings = await provider.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>().GenerateAsync(["hello"]);

        Assert.Equal(["openai/text-embedding-3-small", "openai/text-embedding-ada-002"], fake.Requests.Select(r => r.Model));
        Assert.Single(embeddings);
    }

    [Fact]
    public void UseFailover_refuses_a_fallback_of_other_dimensions()
    {
        using var provider = Build(new FakeGateway(), s => s.AddAiGatewayEmbeddings(o => { Fake(o); o.EmbeddingModel = "text-embedding-3-small"; })
            .UseFailover(["text-embedding-3-large"]));

        var ex = Assert.Throws<ArgumentException>(() => provider.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>());

        Assert.Contains("3072-dimensional", ex.Message, StringComparison.Ordinal);
    }
}
