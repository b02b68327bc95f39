using static AiGateway.Client.Tests.Middleware.Budget.BudgetTestCatalog;
using AiGateway.Client.Tests.TestSupport;

namespace AiGateway.Client.Tests.Middleware.Budget;

public sealed class BudgetThresholdTests
{
    [Fact]
    public async Task Each_threshold_is_reported_once_when_settled_spend_crosses_it()
    {
        var reached = new List<BudgetThresholdReached>();
        var inner = new ScriptedChatClient(Create()) { Respond = (_, _) => Task.FromResult(ScriptedChatClient.WithCost(0.3m)) };
        var client = Budgeted(inner, o =>
        {
            o.Rules.Add(BudgetRule.Global("g", 1m, BudgetWindow.PerDay));
            o.OnThresholdReached = reached.Add;
        });

        // Settled spend goes 0.3, 0.6, 0.9: only the third call crosses 80%.
        for (var i = 0; i < 3; i++)
        {
            await client.GetResponseAsync(Messages, Options());
        }

        var notice = Assert.Single(reached);
        Assert.Equal(0.8m, notice.Threshold);
        Assert.Equal(0.9m, notice.SpentUsd);
        Assert.Equal(1m, notice.LimitUsd);
        Assert.Equal("g", notice.Rule.Name);
    }

    [Fact]
    public async Task Reaching_the_whole_limit_is_reported()
    {
        var reached = new List<decimal>();
        var inner = new ScriptedChatClient(Create()) { Respond = (_, _) => Task.FromResult(ScriptedChatClient.WithCost(0.5m)) };
        var client = Budgeted(inner, o =>
        {
            o.Rules.Add(BudgetRule.Global("g", 1m, BudgetWindow.PerDay));
            o.OnThresholdReached = n => reached.Add(n.Threshold);
        });

        await client.GetResponseAsync(Messages, Options());
        await client.GetResponseAsync(Messages, Options());

        Assert.Equal([0.8m, 1.0m], reached);
    }

    [Fact]
    public async Task Custom_thresholds_replace_the_defaults()
    {
        var reached = new List<decimal>();
        var inner = new ScriptedChatClient(Create()) { Respond = (_, _) => Task.FromResult(ScriptedChatClient.WithCost(0.6m)) };
        var client = Budgeted(inner, o =>
        {
            o.Rules.Add(BudgetRule.Global("g", 1m, BudgetWindow.PerDay));
            o.Thresholds.Clear();
            o.Thresholds.Add(0.5m);
            o.OnThresholdReached = n => reached.Add(n.Threshold);
        });

        await client.GetResponseAsync(Messages, Options());

        Assert.Equal([0.5m], reached);
    }

    [Fact]
    public async Task A_throwing_threshold_callback_does_not_fail_the_call()
    {
        var inner = new ScriptedChatClient(Create()) { Respond = (_, _) => Task.FromResult(ScriptedChatClient.WithCost(0.9m)) };
        var client = Budgeted(inner, o =>
        {
            o.Rules.Add(BudgetRule.Global("g", 1m, BudgetWindow.PerDay));
            o.OnThresholdReached = _ => throw new InvalidOperationException("callback bug");
        });

        var response = await client.GetResponseAsync(Messages, Options());

        Assert.Equal("ok", response.Text);
        Assert.Equal(0.9m, (await client.GetUsageAsync("g")).SpentUsd);
    }

    [Fact]
    public async Task Thresholds_are_reported_per_bucket_with_its_scope_key()
    {
        var reached = new List<BudgetThresholdReached>();
        var inner = new ScriptedChatClient(Create()) { Respond = (_, _) => Task.FromResult(ScriptedChatClient.WithCost(0.85m)) };
        var client = Budgeted(inner, o =>
        {
            o.Rules.Add(BudgetRule.PerUser("per-user", 1m, BudgetWindow.PerDay));
            o.OnThresholdReached = reached.Add;
        });

        await client.GetResponseAsync(Messages, Options().WithUser("alice"));
        await client.GetResponseAsync(Messages, Options().WithUser("bob"));

        Assert.Equal(["alice", "bob"], reached.Select(n => n.Charge.ScopeKey));
    }
}
