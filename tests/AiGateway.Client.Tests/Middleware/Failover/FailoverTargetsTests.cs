using AiGateway.Client.Gateways;
using Microsoft.Extensions.AI;
using static AiGateway.Client.Tests.Middleware.Failover.FailoverTestHost;
using AiGateway.Client.Tests.TestSupport;

namespace AiGateway.Client.Tests.Middleware.Failover;

public class FailoverTargetsTests
{
    private static ScriptedChatClient InnerWithGateways(params GatewayKind[] kinds) =>
        new() { Environment = GatewayEnvironment.FromProfiles(kinds.Select(k => (GatewayProfile)new KindGateway(k)).ToArray()) };

    private static Step[] FailEach(int count) => Enumerable.Range(0, count).Select(_ => Step.Fail(GatewayErrors.Status(503))).ToArray();

    [Fact]
    public async Task Targets_are_the_request_then_its_fallback_models_then_configured_targets_then_other_gateways()
    {
        var inner = InnerWithGateways(GatewayKind.Netlify, GatewayKind.Vercel);
        var (client, _, _) = Create(
            o =>
            {
                o.MaxAttemptsPerTarget = 1;
                o.Targets.Add(FailoverTarget.ForModel("google/gemini-2.5-flash"));
            },
            inner);
        inner.Enqueue(FailEach(3)).Enqueue(Step.Reply("vercel"));
        var options = Model("openai/gpt-5").WithFallbackModels("anthropic/claude-sonnet-4.5");

        var response = await client.GetResponseAsync(Messages, options);

        Assert.Equal("vercel", response.Text);
        Assert.Equal(
            [("openai/gpt-5", (object?)null), ("anthropic/claude-sonnet-4.5", GatewayKind.Netlify), ("google/gemini-2.5-flash", GatewayKind.Netlify), ("openai/gpt-5", GatewayKind.Vercel)],
            inner.Calls.Select(c => (c.ModelId, c.Gateway)));
    }

    [Fact]
    public async Task A_gateway_target_keeps_the_request_model()
    {
        var inner = InnerWithGateways(GatewayKind.Netlify, GatewayKind.Vercel);
        var (client, _, _) = Create(
            o =>
            {
                o.MaxAttemptsPerTarget = 1;
                o.FailOverToDetectedGateways = false;
                o.Targets.Add(FailoverTarget.ForGateway(GatewayKind.Vercel));
            },
            inner);
        inner.Enqueue(Step.Fail(GatewayErrors.Status(503, gateway: GatewayKind.Netlify)), Step.Reply("ok"));

        await client.GetResponseAsync(Messages, Model("anthropic/claude-sonnet-4.5"));

        Assert.Equal("anthropic/claude-sonnet-4.5", inner.Calls[1].ModelId);
        Assert.Equal(GatewayKind.Vercel, inner.Calls[1].Gateway);
    }

    [Fact]
    public async Task Other_detected_gateways_are_not_tried_when_turned_off()
    {
        var inner = InnerWithGateways(GatewayKind.Netlify, GatewayKind.Vercel);
        var (client, _, _) = Create(
            o =>
            {
                o.MaxAttemptsPerTarget = 1;
                o.FailOverToDetectedGateways = false;
            },
            inner);
        inner.Enqueue(Step.Fail(GatewayErrors.Status(503)));

        await Assert.ThrowsAsync<AiGateway.Client.ProviderUnavailableException>(() => client.GetResponseAsync(Messages, Model("openai/gpt-5")));

        Assert.Single(inner.Calls);
    }

    [Fact]
    public async Task A_target_on_a_gateway_that_was_not_detected_is_left_out()
    {
        var inner = InnerWithGateways(GatewayKind.Netlify);
        var (client, _, _) = Create(
            o =>
            {
                o.MaxAttemptsPerTarget = 1;
                o.Targets.Add(FailoverTarget.ForGateway(GatewayKind.Cloudflare));
                o.Targets.Add(FailoverTarget.ForModel("anthropic/claude-sonnet-4.5"));
            },
            inner);
        inner.Enqueue(Step.Fail(GatewayErrors.Status(503)), Step.Reply("ok"));

        await client.GetResponseAsync(Messages, Model("openai/gpt-5"));

        Assert.Equal(["openai/gpt-5", "anthropic/claude-sonnet-4.5"], inner.Calls.Select(c => c.ModelId));
    }

    [Fact]
    public async Task A_target_equal_to_an_earlier_one_is_tried_once()
    {
        var inner = InnerWithGateways(GatewayKind.Netlify, GatewayKind.Vercel);
        var (client, _, _) = Create(
            o =>
            {
                o.MaxAttemptsPerTarget = 1;
                o.FailOverToDetectedGateways = false;
                o.Targets.Add(FailoverTarget.ForModelOnGateway("openai/gpt-5", GatewayKind.Netlify));
                o.Targets.Add(FailoverTarget.ForModel("OpenAI/GPT-5"));
            },
            inner);
        inner.Enqueue(Step.Fail(GatewayErrors.Status(503)));

        await Assert.ThrowsAsync<AiGateway.Client.ProviderUnavailableException>(() => client.GetResponseAsync(Messages, Model("openai/gpt-5")));

        Assert.Single(inner.Calls);
    }

    [Fact]
    public async Task The_callers_options_are_never_changed()
    {
        var (client, inner, _) = Create(o =>
        {
            o.MaxAttemptsPerTarget = 1;
            o.Targets.Add(FailoverTarget.ForModel("anthropic/claude-sonnet-4.5"));
        });
        inner.Enqueue(Step.Fail(GatewayErrors.Status(503)), Step.Reply("ok"));
        var options = Model("openai/gpt-5").WithTags("feature:chat");

        await client.GetResponseAsync(Messages, options);

        Assert.Equal("openai/gpt-5", options.ModelId);
        Assert.False(options.AdditionalProperties!.ContainsKey(AiGatewayPropertyKeys.Gateway));
        Assert.Same(options, inner.Calls[0].Options);
        Assert.NotSame(options, inner.Calls[1].Options);
        Assert.Equal(["feature:chat"], inner.Calls[1].Options.GetTags());
    }

    [Fact]
    public async Task The_default_model_is_the_request_model_when_the_request_names_none()
    {
        var inner = new ScriptedChatClient { Metadata = new ChatClientMetadata("test", null, "openai/gpt-5") };
        var (client, _, _) = Create(
            o =>
            {
                o.MaxAttemptsPerTarget = 1;
                o.Targets.Add(FailoverTarget.ForModel("openai/gpt-5"));
                o.Targets.Add(FailoverTarget.ForModel("anthropic/claude-sonnet-4.5"));
            },
            inner);
        inner.Enqueue(Step.Fail(GatewayErrors.Status(503)), Step.Reply("ok"));

        await client.GetResponseAsync(Messages);

        Assert.Equal([null, "anthropic/claude-sonnet-4.5"], inner.Calls.Select(c => c.ModelId));
    }

    [Fact]
    public async Task The_response_says_how_many_attempts_it_took()
    {
        var (client, inner, _) = Create();
        inner.Enqueue(Step.Fail(GatewayErrors.Status(503)), Step.Reply("ok"));

        var response = await client.GetResponseAsync(Messages, Model("openai/gpt-5"));

        Assert.Equal(2, response.AdditionalProperties?[AiGatewayPropertyKeys.Attempts]);
    }

    [Fact]
    public async Task Maximum_attempts_per_request_caps_calls_across_targets()
    {
        var (client, inner, _) = Create(o =>
        {
            o.MaximumAttemptsPerRequest = 2;
            o.Targets.Add(FailoverTarget.ForModel("anthropic/claude-sonnet-4.5"));
            o.Targets.Add(FailoverTarget.ForModel("google/gemini-2.5-flash"));
        });
        inner.Enqueue(FailEach(2));

        await Assert.ThrowsAsync<AiGateway.Client.ProviderUnavailableException>(() => client.GetResponseAsync(Messages, Model("openai/gpt-5")));

        Assert.Equal(2, inner.Calls.Count);
        Assert.Equal(2, client.MaximumAttemptsPerRequest);
    }
}
