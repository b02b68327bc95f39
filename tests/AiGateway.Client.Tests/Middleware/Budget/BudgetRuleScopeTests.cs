using AiGateway.Client.Middleware.Budget;
using AiGateway.Client.Middleware.Tagging;
using static AiGateway.Client.Tests.Middleware.Budget.BudgetTestCatalog;
using AiGateway.Client.Tests.TestSupport;
using Microsoft.Extensions.AI;

namespace AiGateway.Client.Tests.Middleware.Budget;

public sealed class BudgetRuleScopeTests
{
    private static readonly decimal CallCost = Cost(Cheap, 1000, 500);

    [Fact]
    public async Task Per_user_rule_gives_each_user_their_own_limit()
    {
        var client = OneCallEach(BudgetRule.PerUser("per-user", CallCost, BudgetWindow.PerDay));

        await client.GetResponseAsync(Messages, Options().WithUser("alice"));
        await client.GetResponseAsync(Messages, Options().WithUser("bob"));
        await Assert.ThrowsAsync<BudgetExceededException>(() => client.GetResponseAsync(Messages, Options().WithUser("alice")));
    }

    [Fact]
    public async Task Per_user_rule_does_not_count_calls_without_a_user()
    {
        var client = OneCallEach(BudgetRule.PerUser("per-user", 0m, BudgetWindow.PerDay));

        await client.GetResponseAsync(Messages, Options());
    }

    [Fact]
    public async Task Rule_for_one_user_leaves_other_users_alone()
    {
        var client = OneCallEach(BudgetRule.PerUser("alice-only", 0m, BudgetWindow.PerDay, user: "alice"));

        await client.GetResponseAsync(Messages, Options().WithUser("bob"));
        await Assert.ThrowsAsync<BudgetExceededException>(() => client.GetResponseAsync(Messages, Options().WithUser("alice")));
    }

    [Fact]
    public async Task Refusal_by_a_user_rule_does_not_echo_the_user_id()
    {
        var client = OneCallEach(BudgetRule.PerUser("per-user", 0m, BudgetWindow.PerDay));

        var ex = await Assert.ThrowsAsync<BudgetExceededException>(() => client.GetResponseAsync(Messages, Options().WithUser("alice@example.com")));

        Assert.DoesNotContain("alice@example.com", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Per_tag_rule_counts_a_call_against_each_of_its_tags()
    {
        var client = OneCallEach(BudgetRule.PerTag("per-tag", CallCost, BudgetWindow.PerDay));

        await client.GetResponseAsync(Messages, Options().WithTags("feature:a", "team:x"));

        var ex = await Assert.ThrowsAsync<BudgetExceededException>(() => client.GetResponseAsync(Messages, Options().WithTags("feature:b", "team:x")));
        Assert.Contains("team:x", ex.Message, StringComparison.Ordinal);
        await client.GetResponseAsync(Messages, Options().WithTags("feature:b"));
    }

    [Fact]
    public async Task Per_tag_rule_counts_a_repeated_tag_once()
    {
        var client = OneCallEach(BudgetRule.PerTag("per-tag", 10 * CallCost, BudgetWindow.PerDay));
        var options = Options();
        options.AdditionalProperties = new() { [AiGatewayPropertyKeys.Tags] = new[] { "team:x", "team:x" } };

        await client.GetResponseAsync(Messages, options);

        Assert.Equal(CallCost, (await client.GetUsageAsync("per-tag", "team:x")).SpentUsd);
    }

    [Fact]
    public async Task Rule_for_one_tag_counts_only_calls_carrying_it()
    {
        var client = OneCallEach(BudgetRule.PerTag("chat", 0m, BudgetWindow.PerDay, tag: "feature:chat"));

        await client.GetResponseAsync(Messages, Options().WithTags("feature:search"));
        await Assert.ThrowsAsync<BudgetExceededException>(() => client.GetResponseAsync(Messages, Options().WithTags("feature:search", "feature:chat")));
    }

    [Fact]
    public async Task Per_model_rule_gives_each_model_its_own_limit()
    {
        var client = OneCallEach(BudgetRule.PerModel("per-model", Cost(Dear, 1000, 500), BudgetWindow.PerDay));

        await client.GetResponseAsync(Messages, Options("test/cheap"));
        await client.GetResponseAsync(Messages, Options("test/dear"));
        await Assert.ThrowsAsync<BudgetExceededException>(() => client.GetResponseAsync(Messages, Options("test/dear")));
    }

    [Fact]
    public async Task Rule_for_one_model_matches_it_by_any_alias()
    {
        var client = OneCallEach(BudgetRule.PerModel("cheap", 0m, BudgetWindow.PerDay, modelId: "cheap-latest"));

        await client.GetResponseAsync(Messages, Options("test/dear"));
        await Assert.ThrowsAsync<BudgetExceededException>(() => client.GetResponseAsync(Messages, Options("test/cheap")));
    }

    [Fact]
    public async Task Global_rule_counts_every_call()
    {
        var client = OneCallEach(BudgetRule.Global("all", CallCost, BudgetWindow.PerDay));

        await client.GetResponseAsync(Messages, Options().WithUser("alice"));
        await Assert.ThrowsAsync<BudgetExceededException>(() => client.GetResponseAsync(Messages, Options().WithUser("bob")));
    }

    [Fact]
    public async Task Reservation_is_all_or_nothing_across_matching_rules()
    {
        var inner = new ScriptedChatClient(Create()) { Respond = (_, _) => Task.FromResult(ScriptedChatClient.WithCost(CallCost)) };
        var client = Budgeted(inner, o =>
        {
            o.Rules.Add(BudgetRule.Global("roomy", 100m, BudgetWindow.PerDay));
            o.Rules.Add(BudgetRule.PerUser("tight", 0m, BudgetWindow.PerDay));
        });

        await Assert.ThrowsAsync<BudgetExceededException>(() => client.GetResponseAsync(Messages, Options().WithUser("alice")));

        Assert.Equal(0m, (await client.GetUsageAsync("roomy")).TotalUsd);
    }

    [Fact]
    public async Task User_from_the_ambient_scope_is_counted_when_no_tagging_layer_is_present()
    {
        var client = OneCallEach(BudgetRule.PerUser("per-user", CallCost, BudgetWindow.PerDay));

        using (AiGatewayScope.BeginUser("carol"))
        {
            await client.GetResponseAsync(Messages, Options());
        }

        Assert.Equal(CallCost, (await client.GetUsageAsync("per-user", "carol")).SpentUsd);
    }

    [Fact]
    public async Task Default_user_and_tags_of_an_inner_tagging_layer_are_counted()
    {
        var inner = new ScriptedChatClient(Create()) { Respond = (_, _) => Task.FromResult(ScriptedChatClient.WithCost(CallCost)) };
        var tagging = new TaggingChatClient(inner, new TaggingOptions { DefaultUser = "service-account", DefaultTags = { "app:web" } });
        var client = Budgeted(tagging, o =>
        {
            o.Rules.Add(BudgetRule.PerUser("per-user", 1m, BudgetWindow.PerDay));
            o.Rules.Add(BudgetRule.PerTag("per-tag", 1m, BudgetWindow.PerDay));
        });

        await client.GetResponseAsync(Messages, Options());

        Assert.Equal(CallCost, (await client.GetUsageAsync("per-user", "service-account")).SpentUsd);
        Assert.Equal(CallCost, (await client.GetUsageAsync("per-tag", "app:web")).SpentUsd);
    }

    [Fact]
    public async Task Tags_of_a_tagging_layer_behind_an_apps_own_wrapper_are_counted()
    {
        var inner = new ScriptedChatClient(Create()) { Respond = (_, _) => Task.FromResult(ScriptedChatClient.WithCost(CallCost)) };
        var tagging = new TaggingChatClient(inner, new TaggingOptions { DefaultTags = { "app:web" } });
        var client = Budgeted(new AppWrapper(tagging), o => o.Rules.Add(BudgetRule.PerTag("per-tag", 1m, BudgetWindow.PerDay)));

        await client.GetResponseAsync(Messages, Options());

        Assert.Equal(CallCost, (await client.GetUsageAsync("per-tag", "app:web")).SpentUsd);
    }

    [Fact]
    public async Task Invalid_tags_fail_before_anything_is_reserved()
    {
        var store = new InMemoryBudgetStore();
        var inner = new ScriptedChatClient(Create());
        var client = Budgeted(new TaggingChatClient(inner), o => o.Rules.Add(BudgetRule.Global("g", 1m, BudgetWindow.PerDay)), store: store);

        await Assert.ThrowsAsync<ArgumentException>(() => client.GetResponseAsync(Messages, Options().WithTags("bad\r\ntag")));

        Assert.Empty(inner.Calls);
        Assert.Equal(0m, (await client.GetUsageAsync("g")).TotalUsd);
    }

    private static BudgetChatClient OneCallEach(BudgetRule rule)
    {
        var inner = new ScriptedChatClient(Create()) { Respond = (_, _) => Task.FromResult(ScriptedChatClient.WithCost(CallCost)) };
        return Budgeted(inner, o => o.Rules.Add(rule));
    }

    /// <summary>A middleware of the app's own between the budget and tagging layers.</summary>
    private sealed class AppWrapper(IChatClient inner) : DelegatingChatClient(inner);
}
