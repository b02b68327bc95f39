using System.Net;
using AiGateway.Client.Gateways;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AiGateway.Client.Tests.DependencyInjection;

public sealed class AiGatewayServiceCollectionExtensionsTests
{
    private static readonly IEnvironmentSource NoVariables = EnvironmentSource.FromDictionary([]);

    private sealed class RecordingHandler : HttpMessageHandler
    {
        public List<Uri> Uris { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Uris.Add(request.RequestUri!);
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.ServiceUnavailable) { Content = new StringContent("{}") });
        }
    }

    private sealed class NamedChatClient(IChatClient inner, string name, List<string> calls) : DelegatingChatClient(inner)
    {
        public string Name { get; } = name;

        public override Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            calls.Add(Name);
            return base.GetResponseAsync(messages, options, cancellationToken);
        }
    }

    [Fact]
    public void RegistersOneSingletonChatClient()
    {
        var services = new ServiceCollection();
        services.AddAiGateway(o => { o.BaseUrl = new Uri("https://gw.test/v1"); o.Environment = NoVariables; });
        using var provider = services.BuildServiceProvider();

        var first = provider.GetRequiredService<IChatClient>();

        Assert.Same(first, provider.GetRequiredService<IChatClient>());
        Assert.IsType<AiGatewayChatClient>(first);
    }

    [Fact]
    public void BindsTheAiGatewaySectionOfTheAppConfiguration()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AiGateway:BaseUrl"] = "https://gw.test/v1",
            ["AiGateway:DefaultModel"] = "anthropic/claude-sonnet-4.5",
            ["AiGateway:StrictModels"] = "true",
            ["AiGateway:PreferredDialect"] = "Messages",
            ["AiGateway:Gateway"] = "OpenAICompatible",
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddAiGateway(o => o.Environment = NoVariables);
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptionsMonitor<AiGatewayOptions>>().Get(Options.DefaultName);

        Assert.Equal(new Uri("https://gw.test/v1"), options.BaseUrl);
        Assert.Equal("anthropic/claude-sonnet-4.5", options.DefaultModel);
        Assert.True(options.StrictModels);
        Assert.Equal(ChatDialect.Messages, options.PreferredDialect);
        Assert.Equal(GatewayKind.OpenAICompatible, options.Gateway);
    }

    [Fact]
    public void BindsAnExplicitSectionAndThenAppliesCode()
    {
        var section = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Ai:BaseUrl"] = "https://gw.test/v1",
            ["Ai:DefaultModel"] = "openai/gpt-5-mini",
        }).Build().GetSection("Ai");
        var services = new ServiceCollection();
        services.AddAiGateway(section, o => { o.DefaultModel = "openai/gpt-5.4"; o.Environment = NoVariables; });
        using var provider = services.BuildServiceProvider();

        var client = (AiGatewayChatClient)provider.GetRequiredService<IChatClient>();

        Assert.Equal("openai/gpt-5.4", client.Metadata.DefaultModelId);
        Assert.Equal(new Uri("https://gw.test/v1/"), client.Metadata.ProviderUri);
    }

    [Fact]
    public async Task RequestsGoThroughTheNamedHttpClient()
    {
        var handler = new RecordingHandler();
        var services = new ServiceCollection();
        services.AddAiGateway(o => { o.BaseUrl = new Uri("https://gw.test/v1"); o.DefaultModel = "openai/gpt-4o-mini"; o.Environment = NoVariables; o.MaxRetries = 0; });
        services.AddHttpClient(AiGatewayDefaults.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => handler);
        using var provider = services.BuildServiceProvider();

        await Assert.ThrowsAnyAsync<Exception>(() => provider.GetRequiredService<IChatClient>().GetResponseAsync("hi"));

        Assert.Equal(new Uri("https://gw.test/v1/chat/completions"), Assert.Single(handler.Uris));
    }

    [Fact]
    public async Task FirstUseIsTheOutermostLayer()
    {
        var calls = new List<string>();
        var services = new ServiceCollection();
        services.AddAiGateway(o => { o.BaseUrl = new Uri("https://gw.test/v1"); o.DefaultModel = "openai/gpt-4o-mini"; o.Environment = NoVariables; })
            .Use(inner => new NamedChatClient(inner, "outer", calls))
            .Use((inner, _) => new NamedChatClient(inner, "inner", calls));
        services.AddHttpClient(AiGatewayDefaults.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => new RecordingHandler());
        using var provider = services.BuildServiceProvider();

        var client = provider.GetRequiredService<IChatClient>();
        await Assert.ThrowsAnyAsync<Exception>(() => client.GetResponseAsync("hi"));

        Assert.Equal(["outer", "inner"], calls);
        Assert.Equal("outer", Assert.IsType<NamedChatClient>(client).Name);
        Assert.NotNull(client.GetService<AiGatewayChatClient>());
    }

    [Fact]
    public void KeyedPipelinesHaveTheirOwnOptions()
    {
        var services = new ServiceCollection();
        services.AddKeyedAiGateway("fast", o => { o.BaseUrl = new Uri("https://fast.test/v1"); o.Environment = NoVariables; });
        services.AddKeyedAiGateway("smart", o => { o.BaseUrl = new Uri("https://smart.test/v1"); o.Environment = NoVariables; });
        using var provider = services.BuildServiceProvider();

        var fast = provider.GetRequiredKeyedService<IChatClient>("fast").GetService<ChatClientMetadata>();
        var smart = provider.GetRequiredKeyedService<IChatClient>("smart").GetService<ChatClientMetadata>();

        Assert.Equal("fast.test", fast?.ProviderUri?.Host);
        Assert.Equal("smart.test", smart?.ProviderUri?.Host);
        Assert.Null(provider.GetService<IChatClient>());
    }

    [Fact]
    public void NoGatewayIsAConfigurationErrorWhenTheClientIsResolved()
    {
        var services = new ServiceCollection();
        services.AddAiGateway(o => o.Environment = NoVariables);
        using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<AiGateway.Client.GatewayConfigurationException>(() => provider.GetRequiredService<IChatClient>());

        Assert.Contains("BaseUrl", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void KeyedPipelinesDoNotReadTheDefaultSectionButCanBindTheirOwn()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AiGateway:DefaultModel"] = "openai/gpt-5-mini",
            ["AiGateway:BaseUrl"] = "https://default.test/v1",
            ["Fast:DefaultModel"] = "openai/gpt-5-nano",
            ["Fast:BaseUrl"] = "https://fast.test/v1",
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddAiGateway(o => o.Environment = NoVariables);
        services.AddKeyedAiGateway("fast", configuration.GetSection("Fast"), o => o.Environment = NoVariables);
        services.AddKeyedAiGateway("plain", o => { o.BaseUrl = new Uri("https://plain.test/v1"); o.Environment = NoVariables; });
        using var provider = services.BuildServiceProvider();

        var fast = provider.GetRequiredKeyedService<IChatClient>("fast").GetService<ChatClientMetadata>();
        var plain = provider.GetRequiredKeyedService<IChatClient>("plain").GetService<ChatClientMetadata>();
        var main = provider.GetRequiredService<IChatClient>().GetService<ChatClientMetadata>();

        Assert.Equal(("fast.test", "openai/gpt-5-nano"), (fast?.ProviderUri?.Host, fast?.DefaultModelId));
        Assert.Equal(("plain.test", (string?)null), (plain?.ProviderUri?.Host, plain?.DefaultModelId));
        Assert.Equal(("default.test", "openai/gpt-5-mini"), (main?.ProviderUri?.Host, main?.DefaultModelId));
    }
}
