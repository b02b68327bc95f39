using AiGateway.Client.Middleware.Budget;
using AiGateway.Client.Tests.TestSupport;
using Microsoft.Extensions.Logging;
using static AiGateway.Client.Tests.Middleware.Budget.BudgetTestCatalog;

namespace AiGateway.Client.Tests.Middleware.Budget;

public sealed class BudgetRealLimitsTests
{
    private static readonly BudgetRule Zero = BudgetRule.Global("zero", 0m, BudgetWindow.PerDay);
    private static readonly BudgetRule PerUser = BudgetRule.PerUser("per-user", 1m, BudgetWindow.PerDay);

    [Fact]
    public async Task Output_cap_is_reserved_instead_of_the_catalog_maximum()
    {
        var client = Budgeted(new ScriptedChatClient(Create()), o =>
        {
            o.Rules.Add(Zero);
            o.MaxOutputTokens = 100;
        });

        var ex = await Assert.ThrowsAsync<BudgetExceededException>(() => client.GetResponseAsync(Messages, Options(maxOutput: null)));

        Assert.Equal(Cost(Cheap, 1000, 100), ex.RequestedUsd);
    }

    [Fact]
    public async Task Output_cap_is_sent_when_the_request_sets_no_maximum()
    {
        var inner = new ScriptedChatClient(Create());
        var client = Budgeted(inner, o =>
        {
            o.Rules.Add(BudgetRule.Global("daily", 1m, BudgetWindow.PerDay));
            o.MaxOutputTokens = 100;
        });

        await client.GetResponseAsync(Messages, Options(maxOutput: null));

        Assert.True(inner.ReceivedOptions.TryDequeue(out var sent));
        Assert.Equal(100, sent!.MaxOutputTokens);
    }

    [Fact]
    public async Task Output_cap_lowers_a_larger_request_maximum_without_changing_the_callers_options()
    {
        var inner = new ScriptedChatClient(Create());
        var client = Budgeted(inner, o =>
        {
            o.Rules.Add(BudgetRule.Global("daily", 1m, BudgetWindow.PerDay));
            o.MaxOutputTokens = 100;
        });
        var options = Options(maxOutput: 4000);

        await foreach (var _ in client.GetStreamingResponseAsync(Messages, options))
        {
        }

        Assert.True(inner.ReceivedOptions.TryDequeue(out var sent));
        Assert.Equal(100, sent!.MaxOutputTokens);
        Assert.Equal(4000, options.MaxOutputTokens);
    }

    [Fact]
    public async Task Output_cap_keeps_a_smaller_request_maximum()
    {
        var client = Budgeted(new ScriptedChatClient(Create()), o =>
        {
            o.Rules.Add(Zero);
            o.MaxOutputTokens = 100;
        });

        var ex = await Assert.ThrowsAsync<BudgetExceededException>(() => client.GetResponseAsync(Messages, Options(maxOutput: 40)));

        Assert.Equal(Cost(Cheap, 1000, 40), ex.RequestedUsd);
    }

    [Fact]
    public async Task Output_cap_also_bounds_the_fallback_models_worst_case()
    {
        var client = Budgeted(new ScriptedChatClient(Create()), o =>
        {
            o.Rules.Add(Zero);
            o.MaxOutputTokens = 100;
        });

        var ex = await Assert.ThrowsAsync<BudgetExceededException>(() => client.GetResponseAsync(Messages, Options(maxOutput: null).WithFallbackModels("test/dear")));

        Assert.Equal(Cost(Dear, 1000, 100), ex.RequestedUsd);
    }

    [Fact]
    public void Output_cap_that_is_not_positive_is_refused()
    {
        var options = new BudgetOptions { MaxOutputTokens = 0 };

        Assert.Throws<ArgumentOutOfRangeException>(() => new BudgetChatClient(new ScriptedChatClient(Create()), options));
    }

    [Fact]
    public async Task Call_without_a_user_is_refused_when_the_option_says_so()
    {
        var inner = new ScriptedChatClient(Create());
        var client = Budgeted(inner, o =>
        {
            o.Rules.Add(PerUser);
            o.CallsWithoutUser = MissingUserBehavior.Refuse;
        });

        var ex = await Assert.ThrowsAsync<BudgetExceededException>(() => client.GetResponseAsync(Messages, Options()));

        Assert.Empty(inner.Calls);
        Assert.Equal("per-user", ex.RuleName);
        Assert.Contains("WithUser", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Call_with_a_user_is_sent_when_calls_without_one_are_refused()
    {
        var inner = new ScriptedChatClient(Create());
        var client = Budgeted(inner, o =>
        {
            o.Rules.Add(PerUser);
            o.CallsWithoutUser = MissingUserBehavior.Refuse;
        });

        await client.GetResponseAsync(Messages, Options().WithUser("alice"));

        Assert.Single(inner.Calls);
    }

    [Fact]
    public async Task Calls_without_a_user_are_sent_and_warned_about_once()
    {
        var logger = new ListLogger();
        using var loggerFactory = LoggerFactory.Create(b => b.AddProvider(logger));
        var inner = new ScriptedChatClient(Create());
        var options = new BudgetOptions { InputTokenEstimator = (_, _) => 1000 };
        options.Rules.Add(PerUser);
        var client = new BudgetChatClient(inner, options, loggerFactory);

        await client.GetResponseAsync(Messages, Options());
        await client.GetResponseAsync(Messages, Options());

        Assert.Equal(2, inner.Calls.Count);
        var warning = Assert.Single(logger.Entries, e => e.EventId == 134);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("per-user", warning.Message, StringComparison.Ordinal);
    }
}
