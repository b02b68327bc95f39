using AiGateway.Client.Gateways;
using AiGateway.Client.Testing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace AiGateway.Client.Tests.Middleware.Budget;

public sealed class BudgetWithFailoverTests
{
    private static IChatClient Pipeline(FakeGateway fake, decimal limitUsd, params string[] failoverModels)
    {
        var services = new ServiceCollection();
        services.AddAiGateway(o =>
            {
                o.Environment = EnvironmentSource.FromDictionary([new("AI_GATEWAY_API_KEY", "budget-failover-test-key")]);
                o.DefaultModel = "openai/gpt-5-nano";
            })
            .UseBudget(b => b.Rules.Add(BudgetRule.Global("daily", limitUsd, BudgetWindow.PerDay)))
            .UseFailover(f =>
            {
                foreach (var model in failoverModels)
                {
                    f.Targets.Add(FailoverTarget.ForModel(model));
                }
            });
        services.AddHttpClient(AiGatewayDefaults.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => fake);
        return services.BuildServiceProvider().GetRequiredService<IChatClient>();
    }

    [Fact]
    public async Task TheWorstCaseCoversADearerModelFailoverMayAnswerWith()
    {
        // gpt-5-nano alone: 10,000 output tokens at $0.40/M ≈ $0.004, inside $0.10. claude-opus-4.1 as a failover
        // target: 10,000 at $75/M = $0.75, so the call must be refused before anything is sent.
        var fake = new FakeGateway();
        var chat = Pipeline(fake, 0.10m, "anthropic/claude-opus-4.1");

        var ex = await Assert.ThrowsAsync<BudgetExceededException>(() => chat.GetResponseAsync("hi", new ChatOptions { MaxOutputTokens = 10_000 }));

        Assert.True(ex.RequestedUsd > 0.75m);
        Assert.Empty(fake.Requests);
    }

    [Fact]
    public async Task WithoutDearerFailoverTargetsTheSameCallFits()
    {
        var fake = new FakeGateway();
        var chat = Pipeline(fake, 0.10m);

        await chat.GetResponseAsync("hi", new ChatOptions { MaxOutputTokens = 10_000 });

        Assert.Single(fake.Requests);
    }
}
