using AiGateway.Client.Catalog;
using AiGateway.Client.Gateways;
using AiGateway.Client.Tests.TestSupport;
using Microsoft.Extensions.AI;
using static AiGateway.Client.Tests.Middleware.Failover.FailoverTestHost;

namespace AiGateway.Client.Tests.Middleware.Failover;

public class FailoverNativeFallbackTests
{
    [Fact]
    public async Task Native_fallback_hands_the_later_models_of_the_same_gateway_to_the_gateway()
    {
        var inner = new ScriptedChatClient { Environment = GatewayEnvironment.FromProfiles(new KindGateway(GatewayKind.Vercel), new KindGateway(GatewayKind.Netlify)) };
        var (client, _, _) = Create(
            o =>
            {
                o.UseNativeFallback = true;
                o.Targets.Add(FailoverTarget.ForModel("anthropic/claude-sonnet-4.5"));
                o.Targets.Add(FailoverTarget.ForModel("google/gemini-2.5-flash"));
            },
            inner);
        inner.Enqueue(Step.Reply("ok"));

        await client.GetResponseAsync(Messages, Model("openai/gpt-5"));

        Assert.Equal(["anthropic/claude-sonnet-4.5", "google/gemini-2.5-flash"], inner.Calls[0].NativeFallbacks);
    }

    [Fact]
    public async Task A_later_target_gets_only_the_models_after_it()
    {
        var (client, inner, _) = Create(o =>
        {
            o.UseNativeFallback = true;
            o.MaxAttemptsPerTarget = 1;
            o.Targets.Add(FailoverTarget.ForModel("anthropic/claude-sonnet-4.5"));
            o.Targets.Add(FailoverTarget.ForModel("google/gemini-2.5-flash"));
        });
        inner.Enqueue(Step.Fail(GatewayErrors.Status(503)), Step.Reply("ok"));

        await client.GetResponseAsync(Messages, Model("openai/gpt-5"));

        Assert.Equal(["google/gemini-2.5-flash"], inner.Calls[1].NativeFallbacks);
    }

    [Fact]
    public async Task Without_native_fallback_no_fallback_models_go_to_the_gateway()
    {
        var (client, inner, _) = Create(o => o.Targets.Add(FailoverTarget.ForModel("anthropic/claude-sonnet-4.5")));
        inner.Enqueue(Step.Reply("ok"));

        await client.GetResponseAsync(Messages, Model("openai/gpt-5"));

        Assert.Null(inner.Calls[0].NativeFallbacks);
    }

    [Fact]
    public void The_leaf_resolves_native_fallback_models_to_wire_ids_on_the_calls_gateway()
    {
        using var leaf = new TestGateway().CreateClient(new ReplayHandler(Array.Empty<RecordedExchange>()));
        var request = new ChatOptions { ModelId = "openai/gpt-4o-mini" };
        request.AdditionalProperties = new() { [AiGatewayPropertyKeys.NativeFallbackModels] = new[] { "anthropic/claude-sonnet-4.5", "openai/gpt-4o-mini", "anthropic/claude-sonnet-4.5" } };
        var route = leaf.Route(request);
        var expected = leaf.Route(new ChatOptions { ModelId = "anthropic/claude-sonnet-4.5" }.WithDialect(route.Dialect)).WireModelId;

        var wireIds = leaf.NativeFallbackWireIds(route, request);

        Assert.Equal([expected], wireIds);
    }

    [Fact]
    public void The_leaf_leaves_out_a_native_fallback_model_it_cannot_resolve()
    {
        var options = new AiGatewayOptions
        {
            DefaultModel = "openai/gpt-4o-mini",
            Environment = EnvironmentSource.FromDictionary([]),
            Catalog = new ModelCatalog([new CatalogModel("openai/gpt-4o-mini"), new CatalogModel("openai/gpt-5")], strict: true),
        };
        using var leaf = new AiGatewayChatClient(options, GatewayEnvironment.FromProfiles(new TestGateway()), new HttpClient(new ReplayHandler(Array.Empty<RecordedExchange>())));
        var request = new ChatOptions { ModelId = "openai/gpt-4o-mini" };
        request.AdditionalProperties = new() { [AiGatewayPropertyKeys.NativeFallbackModels] = new[] { "nobody/unknown-model", "openai/gpt-5" } };

        var wireIds = leaf.NativeFallbackWireIds(leaf.Route(request), request);

        Assert.Equal([leaf.Route(new ChatOptions { ModelId = "openai/gpt-5" }).WireModelId], wireIds);
    }

    [Fact]
    public void The_leaf_sends_no_native_fallback_when_none_is_asked_for()
    {
        using var leaf = new TestGateway().CreateClient(new ReplayHandler(Array.Empty<RecordedExchange>()));
        var request = new ChatOptions { ModelId = "openai/gpt-4o-mini" };

        Assert.Empty(leaf.NativeFallbackWireIds(leaf.Route(request), request));
    }
}
