using AiGateway.Client.Middleware.Budget;
using AiGateway.Client.Testing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AiGateway.Client.Tests.DependencyInjection;

/// <summary>
/// Microsoft.Extensions.AI's <c>UseDistributedCache()</c> in the pipeline: the facts on a cached answer (cost, gateway,
/// dialect, answering model) read back after its JSON round trip, and a budget charges a cache hit nothing, whichever
/// side of the cache it is on.
/// </summary>
public sealed class DistributedCachePipelineTests
{
    private const string Model = "openai/gpt-4o-mini";
    private static readonly BudgetRule Daily = BudgetRule.Global("daily", 10m, BudgetWindow.PerDay);

    private static (ServiceProvider Provider, FakeGateway Fake, InMemoryBudgetStore Store) Create(bool budgetOutsideCache)
    {
        var fake = new FakeGateway();
        var store = new InMemoryBudgetStore();
        var cache = new MemoryDistributedCache(Options.Create(new MemoryDistributedCacheOptions()));
        var services = new ServiceCollection();
        var builder = services.AddAiGateway(
            o =>
            {
                var fakeOptions = FakeGateway.CreateOptions(Model);
                o.Gateway = fakeOptions.Gateway;
                o.BaseUrl = fakeOptions.BaseUrl;
                o.ApiKey = fakeOptions.ApiKey;
                o.DefaultModel = Model;
                o.Environment = fakeOptions.Environment;
            },
            http => http.ConfigurePrimaryHttpMessageHandler(() => fake));
        if (budgetOutsideCache)
        {
            builder.UseBudget(b => { b.Rules.Add(Daily); b.Store = store; }).UseDistributedCache(cache);
        }
        else
        {
            builder.UseDistributedCache(cache).UseBudget(b => { b.Rules.Add(Daily); b.Store = store; });
        }

        return (services.BuildServiceProvider(), fake, store);
    }

    private static async Task<decimal> SpentAsync(InMemoryBudgetStore store) =>
        (await store.GetUsageAsync(Daily, string.Empty, DateTimeOffset.UtcNow)).SpentUsd;

    [Fact]
    public async Task A_cached_answer_reads_back_its_cost_gateway_dialect_and_model()
    {
        var (provider, fake, _) = Create(budgetOutsideCache: false);
        using var _p = provider;
        fake.Enqueue(new FakeReply { Text = "Cached hello.", InputTokens = 1000, OutputTokens = 500 });
        var chat = provider.GetRequiredService<IChatClient>();

        var fresh = await chat.GetResponseAsync("Hi");
        var cached = await chat.GetResponseAsync("Hi");

        Assert.Single(fake.Requests);
        Assert.Equal("Cached hello.", cached.Text);
        Assert.NotNull(fresh.GetCostUsd());
        Assert.Equal(fresh.GetCostUsd(), cached.GetCostUsd());
        Assert.Equal(GatewayKind.OpenAICompatible, cached.GetGateway());
        Assert.Equal(ChatDialect.ChatCompletions, cached.GetDialect());
        Assert.Equal(fresh.GetCatalogModelId(), cached.GetCatalogModelId());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_budget_charges_a_cache_hit_nothing(bool budgetOutsideCache)
    {
        var (provider, fake, store) = Create(budgetOutsideCache);
        using var _p = provider;
        fake.Enqueue(new FakeReply { Text = "Cached hello.", InputTokens = 1000, OutputTokens = 500 });
        var chat = provider.GetRequiredService<IChatClient>();

        var fresh = await chat.GetResponseAsync("Hi");
        var afterMiss = await SpentAsync(store);
        await chat.GetResponseAsync("Hi");

        Assert.Single(fake.Requests);
        Assert.Equal(fresh.GetCostUsd(), afterMiss);
        Assert.Equal(afterMiss, await SpentAsync(store));
        Assert.Equal(0m, (await store.GetUsageAsync(Daily, string.Empty, DateTimeOffset.UtcNow)).ReservedUsd);
    }

    [Fact]
    public async Task A_budget_charges_a_streamed_cache_hit_nothing()
    {
        var (provider, fake, store) = Create(budgetOutsideCache: true);
        using var _p = provider;
        fake.Enqueue(new FakeReply { Text = "Cached hello.", InputTokens = 1000, OutputTokens = 500, StreamChunks = 3 });
        var chat = provider.GetRequiredService<IChatClient>();

        await chat.GetStreamingResponseAsync("Hi").ToListAsync();
        var afterMiss = await SpentAsync(store);
        var replayed = await chat.GetStreamingResponseAsync("Hi").ToListAsync();

        Assert.Single(fake.Requests);
        Assert.Equal("Cached hello.", replayed.ToChatResponse().Text);
        Assert.True(afterMiss > 0m);
        Assert.Equal(afterMiss, await SpentAsync(store));
    }
}
