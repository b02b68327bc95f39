using Microsoft.Extensions.AI;
using static AiGateway.Client.Tests.Middleware.Budget.BudgetTestCatalog;
using AiGateway.Client.Tests.TestSupport;

namespace AiGateway.Client.Tests.Middleware.Budget;

public sealed class BudgetStreamingTests
{
    private static readonly BudgetRule Daily = BudgetRule.Global("daily", 1m, BudgetWindow.PerDay);

    [Fact]
    public async Task Completed_stream_settles_to_the_cost_reported_on_its_updates()
    {
        var inner = new ScriptedChatClient(Create())
        {
            Stream = (_, _) => ScriptedChatClient.Updates(
                new ChatResponseUpdate(ChatRole.Assistant, "hel"),
                new ChatResponseUpdate(ChatRole.Assistant, "lo"),
                new ChatResponseUpdate { Contents = [new UsageContent(new UsageDetails { InputTokenCount = 10, OutputTokenCount = 2 })], AdditionalProperties = new() { [AiGatewayPropertyKeys.CostUsd] = 0.0007m } }),
        };
        var client = Budgeted(inner, o => o.Rules.Add(Daily));

        await foreach (var _ in client.GetStreamingResponseAsync(Messages, Options()))
        {
        }

        var usage = await client.GetUsageAsync("daily");
        Assert.Equal(0.0007m, usage.SpentUsd);
        Assert.Equal(0m, usage.ReservedUsd);
    }

    [Fact]
    public async Task Completed_stream_without_a_cost_settles_to_its_usage()
    {
        var inner = new ScriptedChatClient(Create())
        {
            Stream = (_, _) => ScriptedChatClient.Updates(
                new ChatResponseUpdate(ChatRole.Assistant, "hi"),
                new ChatResponseUpdate { Contents = [new UsageContent(new UsageDetails { InputTokenCount = 300, OutputTokenCount = 7 })] }),
        };
        var client = Budgeted(inner, o => o.Rules.Add(Daily));

        await foreach (var _ in client.GetStreamingResponseAsync(Messages, Options()))
        {
        }

        Assert.Equal(Cost(Cheap, 300, 7), (await client.GetUsageAsync("daily")).SpentUsd);
    }

    [Fact]
    public async Task Over_budget_stream_is_refused_without_calling_the_inner_client()
    {
        var inner = new ScriptedChatClient(Create());
        var client = Budgeted(inner, o => o.Rules.Add(BudgetRule.Global("zero", 0m, BudgetWindow.PerDay)));

        await Assert.ThrowsAsync<BudgetExceededException>(async () =>
        {
            await foreach (var _ in client.GetStreamingResponseAsync(Messages, Options()))
            {
            }
        });

        Assert.Empty(inner.Calls);
    }

    [Fact]
    public async Task Stream_abandoned_after_output_settles_to_an_estimate_of_what_was_received()
    {
        var text = new string('x', 40);
        var inner = new ScriptedChatClient(Create())
        {
            Stream = (_, _) => ScriptedChatClient.Updates(new ChatResponseUpdate(ChatRole.Assistant, text), new ChatResponseUpdate(ChatRole.Assistant, "more")),
        };
        var client = Budgeted(inner, o => o.Rules.Add(Daily), inputTokens: 200);

        await foreach (var _ in client.GetStreamingResponseAsync(Messages, Options()))
        {
            break;
        }

        var usage = await client.GetUsageAsync("daily");
        Assert.Equal(0m, usage.ReservedUsd);
        Assert.Equal(Cost(Cheap, 200, text.Length / 4), usage.SpentUsd);
    }

    [Fact]
    public async Task Stream_failing_before_any_update_is_released()
    {
        var inner = new ScriptedChatClient(Create()) { Stream = (_, _) => Failing(new ProviderUnavailableException("503")) };
        var client = Budgeted(inner, o => o.Rules.Add(Daily));

        await Assert.ThrowsAsync<ProviderUnavailableException>(async () =>
        {
            await foreach (var _ in client.GetStreamingResponseAsync(Messages, Options()))
            {
            }
        });

        Assert.Equal(0m, (await client.GetUsageAsync("daily")).TotalUsd);
    }

    [Fact]
    public async Task Stream_failing_with_402_passes_it_through_and_releases()
    {
        var gateway402 = new BudgetExceededException("credits ran out");
        var inner = new ScriptedChatClient(Create()) { Stream = (_, _) => Failing(gateway402) };
        var client = Budgeted(inner, o => o.Rules.Add(Daily));

        var ex = await Assert.ThrowsAsync<BudgetExceededException>(async () =>
        {
            await foreach (var _ in client.GetStreamingResponseAsync(Messages, Options()))
            {
            }
        });

        Assert.Same(gateway402, ex);
        Assert.Equal(0m, (await client.GetUsageAsync("daily")).TotalUsd);
    }

    [Fact]
    public async Task Stream_failing_after_output_settles_to_an_estimate_and_holds_nothing_back()
    {
        var inner = new ScriptedChatClient(Create())
        {
            Stream = (_, _) => ScriptedChatClient.ThenFail(new ChatResponseUpdate(ChatRole.Assistant, "abcdefgh"), new ProviderUnavailableException("connection reset")),
        };
        var client = Budgeted(inner, o => o.Rules.Add(Daily), inputTokens: 100);

        await Assert.ThrowsAsync<ProviderUnavailableException>(async () =>
        {
            await foreach (var _ in client.GetStreamingResponseAsync(Messages, Options()))
            {
            }
        });

        var usage = await client.GetUsageAsync("daily");
        Assert.Equal(0m, usage.ReservedUsd);
        Assert.Equal(Cost(Cheap, 100, 2), usage.SpentUsd);
    }

    [Fact]
    public async Task Stream_cancelled_after_output_settles_to_an_estimate_and_holds_nothing_back()
    {
        using var cts = new CancellationTokenSource();
        var inner = new ScriptedChatClient(Create())
        {
            Stream = (_, ct) => ScriptedChatClient.ThenHang(new ChatResponseUpdate(ChatRole.Assistant, "abcd"), ct),
        };
        var client = Budgeted(inner, o => o.Rules.Add(Daily), inputTokens: 100);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in client.GetStreamingResponseAsync(Messages, Options(), cts.Token))
            {
                await cts.CancelAsync();
            }
        });

        var usage = await client.GetUsageAsync("daily");
        Assert.Equal(0m, usage.ReservedUsd);
        Assert.Equal(Cost(Cheap, 100, 1), usage.SpentUsd);
    }

    [Fact]
    public async Task Stream_cancelled_before_any_update_is_released()
    {
        using var cts = new CancellationTokenSource();
        var inner = new ScriptedChatClient(Create()) { Stream = (_, ct) => Hanging(ct) };
        var client = Budgeted(inner, o => o.Rules.Add(Daily));
        var enumerator = client.GetStreamingResponseAsync(Messages, Options(), cts.Token).GetAsyncEnumerator();

        var moving = enumerator.MoveNextAsync().AsTask();
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => moving);
        await enumerator.DisposeAsync();

        Assert.Equal(0m, (await client.GetUsageAsync("daily")).TotalUsd);
    }

    [Fact]
    public async Task Stream_that_matches_no_rule_passes_every_update_through()
    {
        var inner = new ScriptedChatClient(Create())
        {
            Stream = (_, _) => ScriptedChatClient.Updates(new ChatResponseUpdate(ChatRole.Assistant, "a"), new ChatResponseUpdate(ChatRole.Assistant, "b")),
        };
        var client = Budgeted(inner, o => o.Rules.Add(BudgetRule.PerUser("u", 0m, BudgetWindow.PerDay)));

        var texts = new List<string>();
        await foreach (var update in client.GetStreamingResponseAsync(Messages, Options()))
        {
            texts.Add(update.Text);
        }

        Assert.Equal(["a", "b"], texts);
    }

    private static async IAsyncEnumerable<ChatResponseUpdate> Failing(Exception error)
    {
        await Task.Yield();
        if (error is not null)
        {
            throw error;
        }

        yield break;
    }

    private static async IAsyncEnumerable<ChatResponseUpdate> Hanging([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.Delay(Timeout.Infinite, cancellationToken);
        yield break;
    }
}
