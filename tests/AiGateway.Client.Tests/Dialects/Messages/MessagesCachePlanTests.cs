using System.Text.Json;
using Microsoft.Extensions.AI;
using static AiGateway.Client.Tests.Dialects.Messages.MessagesRequestWriterTests;
using static AiGateway.Client.Tests.Dialects.Messages.MessagesTestData;

namespace AiGateway.Client.Tests.Dialects.Messages;

/// <summary>Where the Messages writer puts <c>cache_control</c> breakpoints, automatic and explicit.</summary>
public sealed class MessagesCachePlanTests
{
    private static readonly JsonElement Ephemeral = Parse("""{"type":"ephemeral"}""");

    [Fact]
    public async Task WithoutCaching_NoBlockCarriesCacheControl()
    {
        var body = await SendAsync(Conversation(), new ChatOptions { Instructions = "Be brief.", Tools = [Tool("a"), Tool("b")] });

        Assert.Equal(0, CountBreakpoints(body));
        Assert.Equal(JsonValueKind.String, body.GetProperty("system").ValueKind);
    }

    [Fact]
    public async Task Automatic_MarksTheSystemPromptAsABlock()
    {
        var body = await SendAsync(Conversation(), new ChatOptions { Instructions = "Be brief." }.WithPromptCaching());

        AssertJsonEqual(Ephemeral, body.GetProperty("system")[0].GetProperty("cache_control"));
    }

    [Fact]
    public async Task Automatic_MarksOnlyTheLastTool()
    {
        var body = await SendAsync(Conversation(), new ChatOptions { Tools = [Tool("a"), Tool("b")] }.WithPromptCaching());

        var tools = body.GetProperty("tools");
        Assert.False(tools[0].TryGetProperty("cache_control", out _));
        AssertJsonEqual(Ephemeral, tools[1].GetProperty("cache_control"));
    }

    [Fact]
    public async Task Automatic_MarksTheLastBlockOfTheLastTurnOnly()
    {
        var body = await SendAsync(Conversation(), new ChatOptions().WithPromptCaching());

        var messages = body.GetProperty("messages");
        Assert.Equal(JsonValueKind.String, messages[0].GetProperty("content").ValueKind);
        AssertJsonEqual(Parse("""[{"type":"text","text":"And now?","cache_control":{"type":"ephemeral"}}]"""), messages[2].GetProperty("content"));
    }

    [Fact]
    public async Task Automatic_WithOneHourTtl_SendsTtl()
    {
        var body = await SendAsync(Conversation(), new ChatOptions { Instructions = "Be brief." }.WithPromptCaching(PromptCacheTtl.OneHour));

        AssertJsonEqual(Parse("""{"type":"ephemeral","ttl":"1h"}"""), body.GetProperty("system")[0].GetProperty("cache_control"));
    }

    [Fact]
    public async Task Automatic_InAToolLoop_MarksTheLastToolResult()
    {
        List<ChatMessage> messages =
        [
            new(ChatRole.User, "Weather?"),
            new(ChatRole.Assistant, [new FunctionCallContent("toolu_1", "a")]),
            new(ChatRole.Tool, [new FunctionResultContent("toolu_1", "sunny")]),
        ];

        var body = await SendAsync(messages, new ChatOptions { Tools = [Tool("a")] }.WithPromptCaching());

        var result = body.GetProperty("messages")[2].GetProperty("content")[0];
        Assert.Equal("tool_result", result.GetProperty("type").GetString());
        AssertJsonEqual(Ephemeral, result.GetProperty("cache_control"));
    }

    [Fact]
    public async Task Explicit_MessageBreakpoint_MarksThatMessagesLastBlock()
    {
        var messages = Conversation();
        messages[0].WithCacheBreakpoint();

        var body = await SendAsync(messages, null);

        AssertJsonEqual(Parse("""[{"type":"text","text":"Read this long document.","cache_control":{"type":"ephemeral"}}]"""), body.GetProperty("messages")[0].GetProperty("content"));
        Assert.Equal(1, CountBreakpoints(body));
    }

    [Fact]
    public async Task Explicit_ToolBreakpoint_ThroughAdditionalProperties_MarksThatTool()
    {
        var tool = AIFunctionFactory.Create(() => "x", new AIFunctionFactoryOptions
        {
            Name = "first",
            AdditionalProperties = new Dictionary<string, object?> { [AiGatewayCachingPropertyKeys.CacheControl] = PromptCacheTtl.OneHour },
        });

        var body = await SendAsync(Conversation(), new ChatOptions { Tools = [tool, Tool("b")] });

        AssertJsonEqual(Parse("""{"type":"ephemeral","ttl":"1h"}"""), body.GetProperty("tools")[0].GetProperty("cache_control"));
        Assert.False(body.GetProperty("tools")[1].TryGetProperty("cache_control", out _));
    }

    [Fact]
    public async Task Explicit_ContentBreakpoint_MarksThatBlock()
    {
        var marked = new TextContent("Part one") { AdditionalProperties = new() { [AiGatewayCachingPropertyKeys.CacheControl] = true } };

        var body = await SendAsync([new(ChatRole.User, [marked, new TextContent("Part two")])], null);

        var content = body.GetProperty("messages")[0].GetProperty("content");
        AssertJsonEqual(Ephemeral, content[0].GetProperty("cache_control"));
        Assert.False(content[1].TryGetProperty("cache_control", out _));
    }

    [Fact]
    public async Task BreakpointsNeverExceedFour_ExplicitOnesFirst()
    {
        var messages = new List<ChatMessage>();
        for (var i = 0; i < 6; i++)
        {
            messages.Add(new ChatMessage(i % 2 == 0 ? ChatRole.User : ChatRole.Assistant, $"turn {i}").WithCacheBreakpoint());
        }

        messages.Add(new ChatMessage(ChatRole.User, "last"));

        var body = await SendAsync(messages, new ChatOptions { Instructions = "sys", Tools = [Tool("a")] }.WithPromptCaching());

        Assert.Equal(4, CountBreakpoints(body));
        Assert.False(body.GetProperty("tools")[0].TryGetProperty("cache_control", out _));
        Assert.True(body.GetProperty("messages")[3].GetProperty("content")[0].TryGetProperty("cache_control", out _));
        Assert.Equal(JsonValueKind.String, body.GetProperty("messages")[4].GetProperty("content").ValueKind);
    }

    [Fact]
    public async Task Automatic_WithSystemToolsAndTurns_UsesThreeBreakpoints()
    {
        var body = await SendAsync(Conversation(), new ChatOptions { Instructions = "sys", Tools = [Tool("a"), Tool("b")] }.WithPromptCaching());

        Assert.Equal(3, CountBreakpoints(body));
    }

    [Fact]
    public void WithPromptCaching_ReturnsAClone_AndLeavesTheOriginalUntouched()
    {
        var original = new ChatOptions { AdditionalProperties = new() { ["x"] = 1 } };

        var cached = original.WithPromptCaching();

        Assert.NotSame(original, cached);
        Assert.False(original.AdditionalProperties.ContainsKey(AiGatewayCachingPropertyKeys.PromptCaching));
        Assert.Equal(PromptCacheTtl.FiveMinutes, cached.AdditionalProperties![AiGatewayCachingPropertyKeys.PromptCaching]);
        Assert.Equal(1, cached.AdditionalProperties["x"]);
    }

    private static List<ChatMessage> Conversation() =>
    [
        new(ChatRole.User, "Read this long document."),
        new(ChatRole.Assistant, "Done."),
        new(ChatRole.User, "And now?"),
    ];

    private static AIFunctionDeclaration Tool(string name) =>
        AIFunctionFactory.CreateDeclaration(name, "A tool", Parse("""{"type":"object","properties":{}}"""));

    private static int CountBreakpoints(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().Sum(p => (p.NameEquals("cache_control") ? 1 : 0) + CountBreakpoints(p.Value)),
        JsonValueKind.Array => element.EnumerateArray().Sum(CountBreakpoints),
        _ => 0,
    };
}
