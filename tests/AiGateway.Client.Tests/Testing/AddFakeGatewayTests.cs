using AiGateway.Client.Testing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace AiGateway.Client.Tests.Testing;

public sealed class AddFakeGatewayTests
{
    private sealed class CountingClient(IChatClient inner) : DelegatingChatClient(inner)
    {
        public int Calls { get; private set; }

        public override Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            Calls++;
            return base.GetResponseAsync(messages, options, cancellationToken);
        }
    }

    private static ServiceCollection AppServices(Action<AiGatewayOptions>? configure = null)
    {
        // As an app registers it: a real gateway from the environment (here a URL that must never be called).
        var services = new ServiceCollection();
        services.AddAiGateway(o =>
        {
            o.BaseUrl = new Uri("https://real-gateway.invalid/v1/");
            o.ApiKey = "real-key-must-not-be-used";
            configure?.Invoke(o);
        });
        return services;
    }

    [Fact]
    public async Task Requests_go_to_the_fake()
    {
        var fake = new FakeGateway().Enqueue(FakeReply.WithText("from the fake"));
        var services = AppServices();
        services.AddFakeGateway(fake);
        using var provider = services.BuildServiceProvider();

        var response = await provider.GetRequiredService<IChatClient>().GetResponseAsync("hi");

        Assert.Equal("from the fake", response.Text);
        Assert.Equal(FakeGateway.BaseUri.Host, Assert.Single(fake.Requests).Uri.Host);
    }

    [Fact]
    public async Task The_given_default_model_is_sent_when_the_request_names_none()
    {
        var fake = new FakeGateway();
        var services = AppServices(o => o.DefaultModel = "anthropic/claude-sonnet-4.5");
        services.AddFakeGateway(fake, defaultModel: "openai/gpt-5-mini");
        using var provider = services.BuildServiceProvider();

        await provider.GetRequiredService<IChatClient>().GetResponseAsync("hi");

        Assert.EndsWith("gpt-5-mini", Assert.Single(fake.Requests).Model, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_default_model_the_fake_supplies_one_when_the_app_has_none()
    {
        var fake = new FakeGateway();
        var services = AppServices();
        services.AddFakeGateway(fake);
        using var provider = services.BuildServiceProvider();

        await provider.GetRequiredService<IChatClient>().GetResponseAsync("hi");

        Assert.EndsWith("gpt-4o-mini", Assert.Single(fake.Requests).Model, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_apps_own_middleware_stays_in_the_pipeline()
    {
        var fake = new FakeGateway();
        CountingClient? counting = null;
        var services = new ServiceCollection();
        services.AddAiGateway(o => o.BaseUrl = new Uri("https://real-gateway.invalid/v1/"))
            .Use(inner => counting = new CountingClient(inner));
        services.AddFakeGateway(fake);
        using var provider = services.BuildServiceProvider();

        await provider.GetRequiredService<IChatClient>().GetResponseAsync("hi");

        Assert.Equal(1, counting!.Calls);
        Assert.Single(fake.Requests);
    }
}
