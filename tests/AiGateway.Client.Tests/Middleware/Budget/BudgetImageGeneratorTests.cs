#pragma warning disable MEAI001 // Image generation is experimental in Microsoft.Extensions.AI and here; these tests opt in.
using System.Net;
using AiGateway.Client.Middleware.Budget;
using AiGateway.Client.Testing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace AiGateway.Client.Tests.Middleware.Budget;

public class BudgetImageGeneratorTests
{
    private static readonly BudgetRule Rule = BudgetRule.Global("images", 1m, BudgetWindow.PerDay);

    private static (ServiceProvider Provider, FakeGateway Fake) Pipeline(decimal limit, IBudgetStore store)
    {
        var fake = new FakeGateway();
        var services = new ServiceCollection();
        services.AddSingleton(store);
        services.AddAiGatewayImages(o =>
            {
                var fakeOptions = FakeGateway.CreateOptions();
                o.BaseUrl = fakeOptions.BaseUrl;
                o.Environment = fakeOptions.Environment;
                o.ImageModel = "openai/gpt-image-1";
            })
            .UseBudget(b => b.Rules.Add(BudgetRule.Global("images", limit, BudgetWindow.PerDay)));
        services.AddHttpClient(AiGatewayDefaults.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => fake);
        return (services.BuildServiceProvider(), fake);
    }

    [Fact]
    public async Task A_call_whose_worst_case_exceeds_the_limit_is_refused_before_sending()
    {
        // 12 prompt bytes at $5/M plus 2 images of 6,240 tokens at gpt-image-1's $40/M output price.
        var (provider, fake) = Pipeline(0.30m, new InMemoryBudgetStore());
        using var _ = provider;

        var ex = await Assert.ThrowsAsync<BudgetExceededException>(
            () => provider.GetRequiredService<IImageGenerator>().GenerateImagesAsync("a lighthouse", new ImageGenerationOptions { Count = 2 }));

        Assert.Equal(0.49926m, ex.RequestedUsd);
        Assert.Empty(fake.Requests);
    }

    [Fact]
    public async Task A_call_settles_at_the_catalog_price_of_the_reported_usage()
    {
        var store = new InMemoryBudgetStore();
        var (provider, fake) = Pipeline(1m, store);
        using var _ = provider;
        fake.Enqueue(new FakeReply { InputTokens = 10, OutputTokens = 4160 });

        await provider.GetRequiredService<IImageGenerator>().GenerateImagesAsync("a lighthouse");

        var usage = await store.GetUsageAsync(Rule, string.Empty, DateTimeOffset.UtcNow);
        Assert.Equal(0.16645m, usage.TotalUsd);
    }

    [Fact]
    public async Task A_failed_call_releases_its_reservation()
    {
        var store = new InMemoryBudgetStore();
        var (provider, fake) = Pipeline(1m, store);
        using var _ = provider;
        fake.Enqueue(FakeReply.WithError(HttpStatusCode.BadRequest));

        await Assert.ThrowsAnyAsync<AiGatewayException>(() => provider.GetRequiredService<IImageGenerator>().GenerateImagesAsync("a lighthouse"));

        var usage = await store.GetUsageAsync(Rule, string.Empty, DateTimeOffset.UtcNow);
        Assert.Equal(0m, usage.TotalUsd);
    }
}
