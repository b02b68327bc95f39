using AiGateway.Client.Middleware.Budget;
using AiGateway.Client.Testing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace AiGateway.Client.Tests.Middleware.Budget;

public class BudgetEmbeddingGeneratorTests
{
    private static (ServiceProvider Provider, FakeGateway Fake) Pipeline(decimal limit, IBudgetStore store)
    {
        var fake = new FakeGateway();
        var services = new ServiceCollection();
        services.AddSingleton(store);
        services.AddAiGatewayEmbeddings(o =>
            {
                var fakeOptions = FakeGateway.CreateOptions();
                o.BaseUrl = fakeOptions.BaseUrl;
                o.Environment = fakeOptions.Environment;
                o.EmbeddingModel = "openai/text-embedding-3-large";
            })
            .UseBudget(b => b.Rules.Add(BudgetRule.Global("embeddings", limit, BudgetWindow.PerDay)));
        services.AddHttpClient(AiGatewayDefaults.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => fake);
        return (services.BuildServiceProvider(), fake);
    }

    [Fact]
    public async Task A_call_whose_worst_case_exceeds_the_limit_is_refused_before_sending()
    {
        // 1,000,000 UTF-8 bytes can be at most 1,000,000 tokens: $0.13 at text-embedding-3-large's price.
        var (provider, fake) = Pipeline(0.10m, new InMemoryBudgetStore());
        using var _ = provider;

        var ex = await Assert.ThrowsAsync<BudgetExceededException>(
            () => provider.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>().GenerateAsync([new string('a', 1_000_000)]));

        Assert.Equal(0.13m, ex.RequestedUsd);
        Assert.Empty(fake.Requests);
    }

    [Fact]
    public async Task A_call_settles_at_the_catalog_price_of_the_reported_input_tokens()
    {
        var store = new InMemoryBudgetStore();
        var (provider, fake) = Pipeline(1m, store);
        using var _ = provider;
        fake.Enqueue(new FakeReply { InputTokens = 100_000 });

        await provider.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>().GenerateAsync(["hello"]);

        var usage = await store.GetUsageAsync(BudgetRule.Global("embeddings", 1m, BudgetWindow.PerDay), string.Empty, DateTimeOffset.UtcNow);
        Assert.Equal(0.013m, usage.TotalUsd);
    }
}
