using AiGateway.Client.Testing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace AiGateway.Client.Tests.DependencyInjection;

public sealed class DisposedProviderTests
{
    [Fact]
    public async Task A_client_resolved_from_a_disposed_provider_throws_instead_of_sending()
    {
        var fake = new FakeGateway();
        var services = new ServiceCollection();
        services.AddAiGateway(o =>
        {
            var fakeOptions = FakeGateway.CreateOptions();
            o.Gateway = fakeOptions.Gateway;
            o.BaseUrl = fakeOptions.BaseUrl;
            o.ApiKey = fakeOptions.ApiKey;
            o.Environment = fakeOptions.Environment;
            o.DefaultModel = fakeOptions.DefaultModel;
        });
        services.AddHttpClient(AiGatewayDefaults.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => fake);
        var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<IChatClient>();

        provider.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => client.GetResponseAsync("hi"));
        Assert.Empty(fake.Requests);
    }
}
