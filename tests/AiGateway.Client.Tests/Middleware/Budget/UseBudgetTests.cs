using AiGateway.Client.Middleware.Budget;
using AiGateway.Client.Middleware.Tagging;
using AiGateway.Client.Tests.TestSupport;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using static AiGateway.Client.Tests.Middleware.Budget.BudgetTestCatalog;
using Microsoft.Extensions.Time.Testing;

namespace AiGateway.Client.Tests.Middleware.Budget;

public sealed class UseBudgetTests
{
    [Fact]
    public void Budget_then_tags_composes_budget_outermost()
    {
        var services = new ServiceCollection();
        var builder = new ChatClientBuilder(new ScriptedChatClient(Create())).UseBudget(o => o.Rules.Add(BudgetRule.Global("g", 1m, BudgetWindow.PerDay))).UseTags();
        using var provider = services.BuildServiceProvider();

        var client = builder.Build(provider);

        Assert.IsType<BudgetChatClient>(client);
        Assert.NotNull(client.GetService<TaggingChatClient>());
    }

    [Fact]
    public void Store_registered_in_di_is_used()
    {
        var store = new InMemoryBudgetStore();
        var services = new ServiceCollection().AddSingleton<IBudgetStore>(store);
        var builder = new ChatClientBuilder(new ScriptedChatClient(Create())).UseBudget(o => o.Rules.Add(BudgetRule.Global("g", 1m, BudgetWindow.PerDay)));
        using var provider = services.BuildServiceProvider();

        var client = Assert.IsType<BudgetChatClient>(builder.Build(provider));

        Assert.Same(store, client.Store);
    }

    [Fact]
    public void Keyed_pipeline_prefers_the_store_registered_under_its_key()
    {
        var keyed = new InMemoryBudgetStore();
        var services = new ServiceCollection()
            .AddSingleton<IBudgetStore>(new InMemoryBudgetStore())
            .AddKeyedSingleton<IBudgetStore>("reports", keyed);
        services.AddKeyedAiGateway("reports", o =>
        {
            o.BaseUrl = AiGateway.Client.Testing.FakeGateway.BaseUri;
            o.ApiKey = "test-key-not-a-real-secret";
            o.Environment = AiGateway.Client.Gateways.EnvironmentSource.FromDictionary([]);
        }).UseBudget(o => o.Rules.Add(BudgetRule.Global("g", 1m, BudgetWindow.PerDay)));
        using var provider = services.BuildServiceProvider();

        var client = Assert.IsType<BudgetChatClient>(provider.GetRequiredKeyedService<IChatClient>("reports"));

        Assert.Same(keyed, client.Store);
    }

    [Fact]
    public void Store_in_the_options_wins_over_di()
    {
        var explicitStore = new InMemoryBudgetStore();
        var services = new ServiceCollection().AddSingleton<IBudgetStore>(new InMemoryBudgetStore());
        var builder = new ChatClientBuilder(new ScriptedChatClient(Create())).UseBudget(o =>
        {
            o.Rules.Add(BudgetRule.Global("g", 1m, BudgetWindow.PerDay));
            o.Store = explicitStore;
        });
        using var provider = services.BuildServiceProvider();

        var client = Assert.IsType<BudgetChatClient>(builder.Build(provider));

        Assert.Same(explicitStore, client.Store);
    }

    [Fact]
    public async Task Clock_registered_in_di_decides_windows()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 8, 1, 23, 0, 0, TimeSpan.Zero));
        var services = new ServiceCollection().AddSingleton<TimeProvider>(time);
        var builder = new ChatClientBuilder(new ScriptedChatClient(Create())).UseBudget(o => o.Rules.Add(BudgetRule.Global("g", 0m, BudgetWindow.PerDay)));
        using var provider = services.BuildServiceProvider();
        var client = builder.Build(provider);

        var ex = await Assert.ThrowsAsync<BudgetExceededException>(() => client.GetResponseAsync(Messages, Options()));

        Assert.Equal(new DateTimeOffset(2026, 8, 2, 0, 0, 0, TimeSpan.Zero), ex.WindowResetsAt);
    }

    [Fact]
    public async Task Tags_layer_from_the_builder_applies_its_defaults()
    {
        var inner = new ScriptedChatClient(Create());
        var services = new ServiceCollection();
        var builder = new ChatClientBuilder(inner).UseTags(o =>
        {
            o.DefaultTags.Add("app:web");
            o.DefaultUser = "svc";
        });
        using var provider = services.BuildServiceProvider();
        var client = builder.Build(provider);

        await client.GetResponseAsync(Messages, new ChatOptions());

        Assert.True(inner.ReceivedOptions.TryPeek(out var sent));
        Assert.Equal(["app:web"], sent.GetTags());
        Assert.Equal("svc", sent.GetUser());
    }
}
