using AiGateway.Client.Gateways;
using AiGateway.Client.Testing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace AiGateway.Client.Tests;

/// <summary>The README's code, compiled and run against FakeGateway, so the front page cannot rot.</summary>
public sealed class ReadmeExamplesTests
{
    private static readonly IEnvironmentSource VercelEnvironment = EnvironmentSource.FromDictionary([new("AI_GATEWAY_API_KEY", "readme-test-key")]);

    [Fact]
    public async Task UseItExampleStreamsAnAnswer()
    {
        var fake = new FakeGateway().Enqueue(FakeReply.WithText("Hello from the gateway."));
        var services = new ServiceCollection();
        services.AddAiGateway(o => o.DefaultModel = "claude-sonnet-4-5", http => http.ConfigurePrimaryHttpMessageHandler(() => fake))
            .UseFunctionInvocation()
            .UseOpenTelemetry();
        services.Configure<AiGatewayOptions>(o => o.Environment = VercelEnvironment);

        using var provider = services.BuildServiceProvider();
        var chat = provider.GetRequiredService<IChatClient>();
        var text = string.Empty;
        await foreach (var update in chat.GetStreamingResponseAsync("Hello!"))
        {
            text += update.Text;
        }

        Assert.Equal("Hello from the gateway.", text);
    }

    [Fact]
    public async Task MiddlewareExampleComposesAndCarriesScopeTagsAndUser()
    {
        var fake = new FakeGateway();
        var services = new ServiceCollection();
        services.AddAiGateway(o => { o.DefaultModel = "gpt-5.4"; o.Environment = VercelEnvironment; }, http => http.ConfigurePrimaryHttpMessageHandler(() => fake))
            .UseBudget(b => b.Rules.Add(BudgetRule.PerUser("per-user-daily", 2.00m, BudgetWindow.PerDay)))
            .UseTags(t => t.DefaultTags.Add("app:support-bot"))
            .UseFailover(["claude-sonnet-4-5"], f => f.MaxAttemptsPerTarget = 2);

        using var provider = services.BuildServiceProvider();
        var chat = provider.GetRequiredService<IChatClient>();
        using (AiGatewayScope.Begin(["team:search"], user: "u-42"))
        {
            await chat.GetResponseAsync("Hi", new ChatOptions { MaxOutputTokens = 100 });
        }

        var gateway = fake.Requests.Single().Json!.Value.GetProperty("providerOptions").GetProperty("gateway");
        Assert.Equal(["app:support-bot", "team:search"], gateway.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal("u-42", gateway.GetProperty("user").GetString());
    }

    [Fact]
    public async Task PerRequestGatewayOptionsExampleSendsTheVercelOptionsOnVercel()
    {
        var fake = new FakeGateway();
        using var chat = new AiGatewayChatClient(new AiGatewayOptions { Environment = VercelEnvironment }, new HttpClient(fake));

        var options = new ChatOptions { ModelId = "gpt-5.4" }
            .WithCloudflareCacheTtl(TimeSpan.FromHours(1))
            .WithCloudflareRetries(3, TimeSpan.FromMilliseconds(500), CloudflareBackoff.Exponential)
            .WithVercelOnlyProviders("anthropic", "vertex");
        var response = await chat.GetResponseAsync("Hi", options);
        string? cache = response.GetCloudflareCacheStatus();

        Assert.Null(cache);
        var sent = Assert.Single(fake.Requests);
        Assert.Equal("vertex", sent.Json!.Value.GetProperty("providerOptions").GetProperty("gateway").GetProperty("only")[1].GetString());
        Assert.False(sent.Headers.ContainsKey("cf-aig-cache-ttl"));
    }

    [Fact]
    public async Task HostedToolsExamplePrintsTheCitations()
    {
        var fake = new FakeGateway().Enqueue(new FakeReply
        {
            HostedToolCalls = [FakeHostedToolCall.WebSearch("dotnet 10", "https://learn.microsoft.com/dotnet/core/whats-new/dotnet-10/overview")],
            Citations = [new FakeCitation("https://learn.microsoft.com/dotnet/core/whats-new/dotnet-10/overview", "What's new in .NET 10")],
            Text = ".NET 10 is an LTS release.",
        });
        var options = FakeGateway.CreateOptions("openai/gpt-5-mini");
        options.PreferredDialect = ChatDialect.Responses;
        using var chat = fake.CreateClient(options);
        var printed = new List<string>();

        var search = new HostedWebSearchTool(new Dictionary<string, object?>
        {
            [HostedToolPropertyKeys.MaxUses] = 3,
            [HostedToolPropertyKeys.AllowedDomains] = new[] { "learn.microsoft.com" },
        });
        var response = await chat.GetResponseAsync("What is new in .NET 10?", new ChatOptions { Tools = [search] });
        foreach (var citation in response.Messages.SelectMany(m => m.Contents).OfType<TextContent>()
                     .SelectMany(t => t.Annotations ?? []).OfType<CitationAnnotation>())
        {
            printed.Add($"{citation.Title}: {citation.Url}");
        }

        Assert.Equal(["What's new in .NET 10: https://learn.microsoft.com/dotnet/core/whats-new/dotnet-10/overview"], printed);
        Assert.Contains("\"allowed_domains\":[\"learn.microsoft.com\"]", Assert.Single(fake.Requests).Body, StringComparison.Ordinal);
    }
}
