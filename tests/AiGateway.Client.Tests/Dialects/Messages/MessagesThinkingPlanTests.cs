using AiGateway.Client.Catalog;
using AiGateway.Client.Dialects.Messages;
using Microsoft.Extensions.AI;
using static AiGateway.Client.Tests.Dialects.Messages.MessagesRequestWriterTests;
using static AiGateway.Client.Tests.Dialects.Messages.MessagesTestData;

namespace AiGateway.Client.Tests.Dialects.Messages;

/// <summary>How <c>max_tokens</c> and <c>thinking</c> are chosen per model and options.</summary>
public sealed class MessagesThinkingPlanTests
{
    [Theory]
    [InlineData("claude-opus-4.6", "opus", 4, 6)]
    [InlineData("claude-opus-4-6", "opus", 4, 6)]
    [InlineData("anthropic/claude-sonnet-4-5-20250929", "sonnet", 4, 5)]
    [InlineData("claude-opus-4-20250514", "opus", 4, 0)]
    [InlineData("databricks-claude-haiku-4-5", "haiku", 4, 5)]
    [InlineData("claude-3-7-sonnet-20250219", "sonnet", 3, 7)]
    [InlineData("claude-3-opus-20240229", "opus", 3, 0)]
    [InlineData("claude-mythos-preview", "mythos", 0, 0)]
    [InlineData("Claude-Opus-5", "opus", 5, 0)]
    [InlineData("us.anthropic.claude-sonnet-4-6", "sonnet", 4, 6)]
    public void ModelVersion_IsReadFromEverySpelling(string id, string family, int major, int minor)
    {
        Assert.Equal(new ClaudeModelVersion(family, major, minor), ClaudeModelVersion.Parse(id));
    }

    [Theory]
    [InlineData("gpt-5.4")]
    [InlineData("gemini-2.5-flash")]
    public void ModelVersion_OfANonClaudeId_IsNull(string id)
    {
        Assert.Null(ClaudeModelVersion.Parse(id));
    }

    [Theory]
    [InlineData("claude-opus-4-6", true)]
    [InlineData("claude-sonnet-4-6", true)]
    [InlineData("claude-opus-4-7", true)]
    [InlineData("claude-sonnet-5", true)]
    [InlineData("claude-mythos-preview", true)]
    [InlineData("claude-haiku-4-5", false)]
    [InlineData("claude-sonnet-4-5", false)]
    [InlineData("claude-opus-4-1", false)]
    [InlineData("claude-3-7-sonnet", false)]
    public void AdaptiveThinking_IsUsedExactlyWhereTheModelSupportsIt(string id, bool adaptive)
    {
        Assert.Equal(adaptive, MessagesThinkingPlan.SupportsAdaptive(ClaudeModelVersion.Parse(id)!.Value));
    }

    [Theory]
    [InlineData(ReasoningEffort.Low, 1024)]
    [InlineData(ReasoningEffort.Medium, 8192)]
    [InlineData(ReasoningEffort.High, 16384)]
    [InlineData(ReasoningEffort.ExtraHigh, 24576)]
    public async Task BudgetModel_GetsTheEffortBudget_AndRoomForTheAnswerInTheDefaultMaxTokens(ReasoningEffort effort, int budget)
    {
        // A model the catalog gives no output limit, so max_tokens is the fallback plus the thinking allowance.
        var body = await SendWithCatalogAsync(new CatalogModel("anthropic/claude-sonnet-4.5"), [new(ChatRole.User, "hi")], Reasoning(effort));

        AssertJsonEqual(Parse($$"""{"type":"enabled","budget_tokens":{{budget}}}"""), body.GetProperty("thinking"));
        Assert.Equal(MessagesThinkingPlan.FallbackMaxTokens + budget, body.GetProperty("max_tokens").GetInt32());
        Assert.False(body.TryGetProperty("output_config", out _));
    }

    [Theory]
    [InlineData("claude-opus-4-6", ReasoningEffort.Low, "low")]
    [InlineData("claude-opus-4-6", ReasoningEffort.Medium, "medium")]
    [InlineData("claude-opus-4-6", ReasoningEffort.High, "high")]
    [InlineData("claude-opus-4-6", ReasoningEffort.ExtraHigh, "max")]
    [InlineData("claude-opus-4-7", ReasoningEffort.ExtraHigh, "xhigh")]
    [InlineData("claude-sonnet-5", ReasoningEffort.ExtraHigh, "xhigh")]
    public async Task AdaptiveModel_GetsAdaptiveThinking_AndTheEffortLevel(string model, ReasoningEffort effort, string level)
    {
        var body = await SendAsync([new(ChatRole.User, "hi")], Reasoning(effort), model: model);

        AssertJsonEqual(Parse("""{"type":"adaptive"}"""), body.GetProperty("thinking"));
        AssertJsonEqual(Parse($$"""{"effort":"{{level}}"}"""), body.GetProperty("output_config"));
    }

    [Fact]
    public async Task AdaptiveEffort_AndJsonSchema_ShareOneOutputConfig()
    {
        var options = Reasoning(ReasoningEffort.Low);
        options.ResponseFormat = ChatResponseFormat.ForJsonSchema(Parse("""{"type":"object","properties":{}}"""));

        var body = await SendAsync([new(ChatRole.User, "hi")], options, model: "claude-opus-4-7");

        AssertJsonEqual(Parse("""{"effort":"low","format":{"type":"json_schema","schema":{"type":"object","properties":{}}}}"""), body.GetProperty("output_config"));
    }

    [Theory]
    [InlineData(ReasoningOutput.None, "omitted")]
    [InlineData(ReasoningOutput.Summary, "summarized")]
    [InlineData(ReasoningOutput.Full, "summarized")]
    public async Task ReasoningOutput_SetsTheThinkingDisplay(ReasoningOutput output, string display)
    {
        var options = new ChatOptions { Reasoning = new ReasoningOptions { Effort = ReasoningEffort.Medium, Output = output } };

        var body = await SendAsync([new(ChatRole.User, "hi")], options, model: "claude-opus-4-7");

        Assert.Equal(display, body.GetProperty("thinking").GetProperty("display").GetString());
    }

    [Fact]
    public async Task NoEffortOrEffortNone_SendsNoThinking()
    {
        var none = await SendAsync([new(ChatRole.User, "hi")], Reasoning(ReasoningEffort.None), model: "claude-opus-4-7");
        var unset = await SendAsync([new(ChatRole.User, "hi")], new ChatOptions { Reasoning = new ReasoningOptions { Output = ReasoningOutput.Summary } }, model: "claude-opus-4-7");

        Assert.False(none.TryGetProperty("thinking", out _));
        Assert.False(unset.TryGetProperty("thinking", out _));
    }

    [Fact]
    public async Task BudgetAtOrAboveMaxTokens_IsLoweredBelowIt()
    {
        var options = Reasoning(ReasoningEffort.High);
        options.MaxOutputTokens = 6000;

        var body = await SendAsync([new(ChatRole.User, "hi")], options, model: "claude-sonnet-4-5");

        Assert.Equal(6000, body.GetProperty("max_tokens").GetInt32());
        Assert.Equal(3000, body.GetProperty("thinking").GetProperty("budget_tokens").GetInt32());
    }

    [Fact]
    public async Task MaxTokensTooSmallForAnyBudget_LeavesThinkingOut()
    {
        var options = Reasoning(ReasoningEffort.Low);
        options.MaxOutputTokens = 1000;

        var body = await SendAsync([new(ChatRole.User, "hi")], options, model: "claude-sonnet-4-5");

        Assert.False(body.TryGetProperty("thinking", out _));
        Assert.Equal(1000, body.GetProperty("max_tokens").GetInt32());
    }

    [Fact]
    public async Task CatalogOutputLimit_IsTheDefaultMaxTokens_EvenWithThinking()
    {
        var model = new CatalogModel("anthropic/claude-sonnet-4.5") { MaxOutputTokens = 64000 };

        var body = await SendWithCatalogAsync(model, [new(ChatRole.User, "hi")], Reasoning(ReasoningEffort.High));

        Assert.Equal(64000, body.GetProperty("max_tokens").GetInt32());
        Assert.Equal(16384, body.GetProperty("thinking").GetProperty("budget_tokens").GetInt32());
    }

    [Fact]
    public async Task ForcedToolUse_LeavesThinkingOut()
    {
        var options = Reasoning(ReasoningEffort.High);
        options.Tools = [AIFunctionFactory.CreateDeclaration("f", null, Parse("""{"type":"object","properties":{}}"""))];
        options.ToolMode = ChatToolMode.RequireAny;

        var body = await SendAsync([new(ChatRole.User, "hi")], options, model: "claude-sonnet-4-5");

        Assert.False(body.TryGetProperty("thinking", out _));
        Assert.Equal("any", body.GetProperty("tool_choice").GetProperty("type").GetString());
    }

    [Fact]
    public async Task WithThinking_SamplingTheApiRejects_IsLeftOut_AndWhatItAllowsIsKept()
    {
        var rejected = Reasoning(ReasoningEffort.Low);
        (rejected.Temperature, rejected.TopP, rejected.TopK) = (0.5f, 0.9f, 10);
        var allowed = Reasoning(ReasoningEffort.Low);
        (allowed.Temperature, allowed.TopP) = (1f, 0.97f);

        var rejectedBody = await SendAsync([new(ChatRole.User, "hi")], rejected, model: "claude-sonnet-4-5");
        var allowedBody = await SendAsync([new(ChatRole.User, "hi")], allowed, model: "claude-sonnet-4-20250514");

        foreach (var field in (string[])["temperature", "top_p", "top_k"])
        {
            Assert.False(rejectedBody.TryGetProperty(field, out _), field);
        }

        Assert.Equal(1, allowedBody.GetProperty("temperature").GetDouble());
        Assert.Equal(0.97, allowedBody.GetProperty("top_p").GetDouble(), 6);
    }

    [Fact]
    public async Task NonPositiveMaxOutputTokens_FailsBeforeSending()
    {
        var handler = Json("{}");
        using var client = CreateClient(handler);

        var ex = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => client.GetResponseAsync("hi", new ChatOptions { MaxOutputTokens = 0 }));

        Assert.Contains("max_tokens", ex.Message, StringComparison.Ordinal);
        Assert.Empty(handler.Sent);
    }

    private static ChatOptions Reasoning(ReasoningEffort effort) => new() { Reasoning = new ReasoningOptions { Effort = effort } };
}
