using AiGateway.Client.Catalog;
using AiGateway.Client.Gateways;
using AiGateway.Client.Tests.TestSupport;
using Microsoft.Extensions.AI;

namespace AiGateway.Client.Tests.Routing;

/// <summary>What the leaf client does with the catalog and the router before anything is sent.</summary>
public sealed class LeafRoutingTests
{
    [Theory]
    [InlineData(GatewayKind.Netlify, ChatDialect.Messages, "claude-sonnet-4-5")]
    [InlineData(GatewayKind.Vercel, ChatDialect.ChatCompletions, "anthropic/claude-sonnet-4.5")]
    [InlineData(GatewayKind.Neon, ChatDialect.Messages, "claude-sonnet-4-5")]
    public void Leaf_uses_the_embedded_catalog_to_route_an_alias(GatewayKind gateway, ChatDialect dialect, string wireId)
    {
        using var client = CreateClient(new RecordingGateway(gateway), new AiGatewayOptions());

        var route = client.Route(new ChatOptions { ModelId = "claude-sonnet-4-5" });

        Assert.Equal((dialect, wireId, "anthropic/claude-sonnet-4.5"), (route.Dialect, route.WireModelId, route.Model.Id));
        Assert.True(route.Model.IsKnown);
    }

    [Fact]
    public void Options_preferred_dialect_is_used_where_the_gateway_serves_the_model_in_it()
    {
        using var client = CreateClient(new RecordingGateway(GatewayKind.Vercel), new AiGatewayOptions { PreferredDialect = ChatDialect.Messages });

        Assert.Equal(ChatDialect.Messages, client.Route(new ChatOptions { ModelId = "claude-sonnet-4.5" }).Dialect);
    }

    [Fact]
    public void Options_preferred_dialect_gives_way_to_the_default_where_the_gateway_does_not_serve_the_model_in_it()
    {
        using var client = CreateClient(new RecordingGateway(GatewayKind.Netlify), new AiGatewayOptions { PreferredDialect = ChatDialect.Messages });

        Assert.Equal(ChatDialect.ChatCompletions, client.Route(new ChatOptions { ModelId = "gpt-5.4" }).Dialect);
    }

    [Fact]
    public async Task Request_dialect_the_gateway_does_not_serve_fails_before_anything_is_sent()
    {
        var handler = new ReplayHandler();
        using var client = CreateClient(new RecordingGateway(GatewayKind.Netlify), new AiGatewayOptions(), handler);

        await Assert.ThrowsAsync<DialectNotSupportedException>(() =>
            client.GetResponseAsync("hi", new ChatOptions { ModelId = "gpt-5.4" }.WithDialect(ChatDialect.Messages)));

        Assert.Empty(handler.Sent);
    }

    [Fact]
    public async Task Strict_models_refuse_an_unknown_id_with_suggestions_before_anything_is_sent()
    {
        var handler = new ReplayHandler();
        using var client = CreateClient(new RecordingGateway(GatewayKind.Vercel), new AiGatewayOptions { StrictModels = true }, handler);

        var ex = await Assert.ThrowsAsync<ModelNotFoundException>(() => client.GetResponseAsync("hi", new ChatOptions { ModelId = "claude-sonet-4.5" }));

        Assert.Empty(handler.Sent);
        Assert.Equal("anthropic/claude-sonnet-4.5", ex.Suggestions[0]);
        Assert.Equal("claude-sonet-4.5", ex.ModelId);
    }

    [Fact]
    public void Without_strict_models_an_unknown_id_becomes_an_ad_hoc_model_keeping_what_the_caller_wrote()
    {
        using var client = CreateClient(new RecordingGateway(GatewayKind.Netlify), new AiGatewayOptions());

        var route = client.Route(new ChatOptions { ModelId = "Claude-Sonnet-4-7" });

        Assert.False(route.Model.IsKnown);
        Assert.Equal(("anthropic/claude-sonnet-4.7", "Claude-Sonnet-4-7"), (route.Model.Id, route.Model.Aliases[0]));
    }

    [Fact]
    public void A_catalog_given_in_options_replaces_the_embedded_one()
    {
        var custom = new ModelCatalog([new CatalogModel("acme/rocket-1") { WireIds = new Dictionary<GatewayKind, IReadOnlyList<string>> { [GatewayKind.Netlify] = ["rocket-one"] } }]);
        using var client = CreateClient(new RecordingGateway(GatewayKind.Netlify), new AiGatewayOptions { Catalog = custom });

        var route = client.Route(new ChatOptions { ModelId = "rocket-1" });

        Assert.Same(custom, client.Catalog);
        Assert.Equal("rocket-one", route.WireModelId);
    }

    private static AiGatewayChatClient CreateClient(GatewayProfile gateway, AiGatewayOptions options, HttpMessageHandler? handler = null)
    {
        options.Environment ??= EnvironmentSource.FromDictionary([]);
        return new AiGatewayChatClient(options, GatewayEnvironment.FromProfiles(gateway), new HttpClient(handler ?? new ReplayHandler()));
    }
}
