using AiGateway.Client.Gateways;
using AiGateway.Client.Middleware.Failover;
using AiGateway.Client.Testing;
using AiGateway.Client.Tests.TestSupport;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace AiGateway.Client.Tests.DependencyInjection;

public class GatewayFailoverChatClientBuilderExtensionsTests
{
    private static ChatClientBuilder AddFakeGateway(IServiceCollection services) =>
        services.AddAiGateway(o =>
        {
            o.BaseUrl = FakeGateway.BaseUri;
            o.ApiKey = "fake-key";
            o.DefaultModel = "openai/gpt-4o-mini";
            o.Environment = EnvironmentSource.FromDictionary([]);
        });

    [Fact]
    public void UseFailover_wraps_the_leaf_in_a_failover_client()
    {
        var services = new ServiceCollection();
        AddFakeGateway(services).UseFailover();
        using var provider = services.BuildServiceProvider();

        var client = provider.GetRequiredService<IChatClient>();

        Assert.IsType<GatewayFailoverChatClient>(client);
        Assert.NotNull(client.GetService(typeof(AiGatewayChatClient)));
    }

    [Fact]
    public void UseFailover_with_models_makes_them_the_first_targets()
    {
        var services = new ServiceCollection();
        AddFakeGateway(services).UseFailover(["anthropic/claude-sonnet-4.5", "google/gemini-2.5-flash"], o => o.Targets.Add(FailoverTarget.ForGateway(GatewayKind.Vercel)));
        using var provider = services.BuildServiceProvider();

        var client = (GatewayFailoverChatClient)provider.GetRequiredService<IChatClient>();

        Assert.Equal(
            [FailoverTarget.ForModel("anthropic/claude-sonnet-4.5"), FailoverTarget.ForModel("google/gemini-2.5-flash"), FailoverTarget.ForGateway(GatewayKind.Vercel)],
            client.Options.Targets);
    }

    [Fact]
    public void UseFailover_uses_the_registered_clock_when_the_options_name_none()
    {
        var clock = new TestClock();
        var services = new ServiceCollection().AddSingleton<TimeProvider>(clock);
        AddFakeGateway(services).UseFailover();
        using var provider = services.BuildServiceProvider();

        var client = (GatewayFailoverChatClient)provider.GetRequiredService<IChatClient>();

        Assert.Same(clock, client.Options.TimeProvider);
    }

    [Fact]
    public void A_clock_in_the_options_wins_over_the_registered_one()
    {
        var mine = new TestClock();
        var services = new ServiceCollection().AddSingleton<TimeProvider>(new TestClock());
        AddFakeGateway(services).UseFailover(o => o.TimeProvider = mine);
        using var provider = services.BuildServiceProvider();

        var client = (GatewayFailoverChatClient)provider.GetRequiredService<IChatClient>();

        Assert.Same(mine, client.Options.TimeProvider);
    }

    [Fact]
    public void A_wrong_setting_fails_when_UseFailover_is_called()
    {
        var builder = AddFakeGateway(new ServiceCollection());

        Assert.Throws<ArgumentOutOfRangeException>(() => builder.UseFailover(o => o.MaxAttemptsPerTarget = 0));
    }

    [Fact]
    public void An_empty_fallback_model_fails_when_UseFailover_is_called()
    {
        var builder = AddFakeGateway(new ServiceCollection());

        Assert.Throws<ArgumentException>(() => builder.UseFailover(["anthropic/claude-sonnet-4.5", " "]));
    }
}
