using AiGateway.Client.Middleware.Budget;
using static AiGateway.Client.Tests.Middleware.Budget.BudgetTestCatalog;
using AiGateway.Client.Tests.TestSupport;

namespace AiGateway.Client.Tests.Middleware.Budget;

public sealed class BudgetConcurrencyTests
{
    private const int Calls = 200;

    [Fact]
    public async Task Concurrent_calls_never_overspend_and_the_total_is_exact()
    {
        var callCost = Cost(Cheap, 1000, 500);
        const int fits = 37;
        var inner = new ScriptedChatClient(Create())
        {
            Respond = async (_, _) =>
            {
                await Task.Yield();
                return ScriptedChatClient.WithCost(callCost);
            },
        };
        var client = Budgeted(inner, o => o.Rules.Add(BudgetRule.Global("g", callCost * fits, BudgetWindow.PerDay)));

        var outcomes = await Task.WhenAll(Enumerable.Range(0, Calls).Select(_ => Task.Run(() => Attempt(client))));

        Assert.Equal(fits, outcomes.Count(sent => sent));
        Assert.Equal(fits, inner.Calls.Count);
        var usage = await client.GetUsageAsync("g");
        Assert.Equal(callCost * fits, usage.SpentUsd);
        Assert.Equal(0m, usage.ReservedUsd);
    }

    [Fact]
    public async Task Reservations_in_flight_hold_room_until_they_settle()
    {
        // Calls settle below their worst case, so how many fit depends on timing unless all are held in flight
        // until every attempt has been admitted or refused.
        var worstCase = Cost(Cheap, 1000, 500);
        var actual = worstCase / 4;
        const int fits = 50;
        var decided = 0;
        var allDecided = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Decided()
        {
            if (Interlocked.Increment(ref decided) == Calls)
            {
                allDecided.SetResult();
            }
        }

        var inner = new ScriptedChatClient(Create())
        {
            Respond = async (_, _) =>
            {
                Decided();
                await allDecided.Task;
                return ScriptedChatClient.WithCost(actual);
            },
        };
        var client = Budgeted(inner, o => o.Rules.Add(BudgetRule.Global("g", worstCase * fits, BudgetWindow.PerDay)));

        var outcomes = await Task.WhenAll(Enumerable.Range(0, Calls).Select(_ => Task.Run(async () =>
        {
            try
            {
                await client.GetResponseAsync(Messages, Options());
                return true;
            }
            catch (BudgetExceededException)
            {
                Decided();
                return false;
            }
        })));

        Assert.Equal(fits, outcomes.Count(sent => sent));
        var usage = await client.GetUsageAsync("g");
        Assert.Equal(actual * fits, usage.SpentUsd);
        Assert.Equal(0m, usage.ReservedUsd);
    }

    private static async Task<bool> Attempt(BudgetChatClient client)
    {
        try
        {
            await client.GetResponseAsync(Messages, Options());
            return true;
        }
        catch (BudgetExceededException)
        {
            return false;
        }
    }
}
