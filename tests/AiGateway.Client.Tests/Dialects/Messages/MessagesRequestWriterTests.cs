using System.Text.Json;
using AiGateway.Client.Catalog;
using AiGateway.Client.Dialects.Messages;
using AiGateway.Client.Gateways;
using AiGateway.Client.Tests.TestSupport;
using Microsoft.Extensions.AI;
using static AiGateway.Client.Tests.Dialects.Messages.MessagesTestData;

namespace AiGateway.Client.Tests.Dialects.Messages;

/// <summary>The request body the Messages writer produces, seen as it leaves the leaf client.</summary>
public sealed class MessagesRequestWriterTests
{
    private const string Answer = """{"id":"msg_x","type":"message","role":"assistant","model":"m","content":[{"type":"text","text":"ok"}],"stop_reason":"end_turn","usage":{"input_tokens":1,"output_tokens":1}}""";

    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    [Fact]
    public async Task Body_HasTheWireModelAndMaxTokens_AndNoStreamFlagWhenNotStreaming()
    {
        var body = await SendAsync([new(ChatRole.User, "hi")], new ChatOptions { MaxOutputTokens = 300 }, model: "claude-haiku-4-5");

        Assert.Equal("claude-haiku-4-5", body.GetProperty("model").GetString());
        Assert.Equal(300, body.GetProperty("max_tokens").GetInt32());
        Assert.False(body.TryGetProperty("stream", out _));
    }

    [Fact]
    public async Task StreamingCall_SetsStreamTrue()
    {
        var handler = Sse(TextStream("ok"));
        using var client = CreateClient(handler);

        await CollectAsync(client.GetStreamingResponseAsync("hi"));

        Assert.True(handler.Sent[0].Json.GetProperty("stream").GetBoolean());
    }

    [Fact]
    public async Task MaxTokens_DefaultsToTheCatalogOutputLimit()
    {
        var model = new CatalogModel("anthropic/claude-sonnet-4.5") { MaxOutputTokens = 64000 };

        var body = await SendWithCatalogAsync(model, [new(ChatRole.User, "hi")], null);

        Assert.Equal(64000, body.GetProperty("max_tokens").GetInt32());
    }

    [Fact]
    public async Task MaxTokens_WithoutCatalogLimit_IsTheDocumentedFallback()
    {
        var body = await SendWithCatalogAsync(new CatalogModel("anthropic/claude-sonnet-4.5"), [new(ChatRole.User, "hi")], null);

        Assert.Equal(MessagesThinkingPlan.FallbackMaxTokens, body.GetProperty("max_tokens").GetInt32());
    }

    [Fact]
    public async Task Instructions_AreSentAsTheSystemString()
    {
        var body = await SendAsync([new(ChatRole.User, "hi")], new ChatOptions { Instructions = "Be brief." });

        Assert.Equal("Be brief.", body.GetProperty("system").GetString());
        Assert.Single(body.GetProperty("messages").EnumerateArray());
    }

    [Fact]
    public async Task InstructionsAndSystemMessages_BecomeSystemTextBlocks_InOrder_AndLeaveTheMessages()
    {
        var body = await SendAsync(
            [new(ChatRole.System, "You are a pirate."), new(ChatRole.User, "hi"), new(ChatRole.System, "Answer in French.")],
            new ChatOptions { Instructions = "Be brief." });

        var system = body.GetProperty("system").EnumerateArray().ToArray();
        Assert.Equal(["Be brief.", "You are a pirate.", "Answer in French."], system.Select(b => b.GetProperty("text").GetString()));
        Assert.All(system, b => Assert.Equal("text", b.GetProperty("type").GetString()));
        var message = Assert.Single(body.GetProperty("messages").EnumerateArray());
        Assert.Equal("user", message.GetProperty("role").GetString());
    }

    [Fact]
    public async Task ConsecutiveMessagesOfOneRole_AreMergedIntoOneTurn()
    {
        var body = await SendAsync([new(ChatRole.User, "first"), new(ChatRole.User, "second"), new(ChatRole.Assistant, "reply")], null);

        var messages = body.GetProperty("messages").EnumerateArray().ToArray();
        Assert.Equal(2, messages.Length);
        Assert.Equal(["first", "second"], messages[0].GetProperty("content").EnumerateArray().Select(b => b.GetProperty("text").GetString()));
        Assert.Equal("reply", messages[1].GetProperty("content").GetString());
    }

    [Fact]
    public async Task EmptyTextAndEmptyMessages_AreLeftOut()
    {
        var body = await SendAsync([new(ChatRole.User, "hi"), new(ChatRole.Assistant, string.Empty), new(ChatRole.User, [new TextContent(string.Empty), new TextContent("again")])], null);

        var message = Assert.Single(body.GetProperty("messages").EnumerateArray());
        Assert.Equal(["hi", "again"], message.GetProperty("content").EnumerateArray().Select(b => b.GetProperty("text").GetString()));
    }

    [Fact]
    public async Task ToolCalls_BecomeToolUseBlocks_WithTheArgumentsAsAnInputObject()
    {
        var body = await SendAsync(
            [
                new(ChatRole.User, "weather?"),
                new(ChatRole.Assistant, [new TextContent("Checking."), new FunctionCallContent("toolu_1", "get_weather", new Dictionary<string, object?> { ["city"] = "Paris", ["days"] = 2 })]),
            ],
            null);

        var content = body.GetProperty("messages")[1].GetProperty("content");
        Assert.Equal("text", content[0].GetProperty("type").GetString());
        AssertJsonEqual(Parse("""{"type":"tool_use","id":"toolu_1","name":"get_weather","input":{"city":"Paris","days":2}}"""), content[1]);
    }

    [Fact]
    public async Task ToolResults_GoInOneUserTurn_BeforeAnyOtherBlock()
    {
        var body = await SendAsync(
            [
                new(ChatRole.User, "weather in Paris and Rome?"),
                new(ChatRole.Assistant, [new FunctionCallContent("toolu_1", "get_weather", new Dictionary<string, object?> { ["city"] = "Paris" }), new FunctionCallContent("toolu_2", "get_weather", new Dictionary<string, object?> { ["city"] = "Rome" })]),
                new(ChatRole.Tool, [new FunctionResultContent("toolu_1", "sunny")]),
                new(ChatRole.Tool, [new FunctionResultContent("toolu_2", new Dictionary<string, object?> { ["sky"] = "rain" })]),
                new(ChatRole.User, "and tomorrow?"),
            ],
            null);

        var messages = body.GetProperty("messages");
        Assert.Equal(3, messages.GetArrayLength());
        Assert.Equal("user", messages[2].GetProperty("role").GetString());
        var blocks = messages[2].GetProperty("content");
        AssertJsonEqual(Parse("""{"type":"tool_result","tool_use_id":"toolu_1","content":"sunny"}"""), blocks[0]);
        Assert.Equal("toolu_2", blocks[1].GetProperty("tool_use_id").GetString());
        AssertJsonEqual(Parse("""{"sky":"rain"}"""), Parse(blocks[1].GetProperty("content").GetString()!));
        Assert.Equal("and tomorrow?", blocks[2].GetProperty("text").GetString());
    }

    [Fact]
    public async Task ToolResultThatFailed_IsMarkedIsError()
    {
        var body = await SendAsync(
            [
                new(ChatRole.User, "go"),
                new(ChatRole.Assistant, [new FunctionCallContent("toolu_1", "explode")]),
                new(ChatRole.Tool, [new FunctionResultContent("toolu_1", null) { Exception = new InvalidOperationException("The fuse is wet.") }]),
            ],
            null);

        AssertJsonEqual(
            Parse("""{"type":"tool_result","tool_use_id":"toolu_1","content":"Error: The fuse is wet.","is_error":true}"""),
            body.GetProperty("messages")[2].GetProperty("content")[0]);
    }

    [Fact]
    public async Task ToolResultWithAnImage_IsSentAsContentBlocks()
    {
        var body = await SendAsync(
            [
                new(ChatRole.User, "draw"),
                new(ChatRole.Assistant, [new FunctionCallContent("toolu_1", "render")]),
                new(ChatRole.Tool, [new FunctionResultContent("toolu_1", new AIContent[] { new TextContent("rendered"), new DataContent(Png, "image/png") })]),
            ],
            null);

        var content = body.GetProperty("messages")[2].GetProperty("content")[0].GetProperty("content");
        Assert.Equal("rendered", content[0].GetProperty("text").GetString());
        Assert.Equal("image", content[1].GetProperty("type").GetString());
        Assert.Equal(Convert.ToBase64String(Png), content[1].GetProperty("source").GetProperty("data").GetString());
    }

    [Fact]
    public async Task DataContentImage_BecomesABase64ImageBlock()
    {
        var body = await SendAsync([new(ChatRole.User, [new TextContent("What is this?"), new DataContent(Png, "image/png")])], null);

        var image = body.GetProperty("messages")[0].GetProperty("content")[1];
        AssertJsonEqual(
            Parse($$$"""{"type":"image","source":{"type":"base64","media_type":"image/png","data":"{{{Convert.ToBase64String(Png)}}}"}}"""),
            image);
    }

    [Fact]
    public async Task UriContentImage_BecomesAUrlImageBlock()
    {
        var body = await SendAsync([new(ChatRole.User, [new UriContent("https://example.com/cat.jpg", "image/jpeg"), new TextContent("What is this?")])], null);

        AssertJsonEqual(
            Parse("""{"type":"image","source":{"type":"url","url":"https://example.com/cat.jpg"}}"""),
            body.GetProperty("messages")[0].GetProperty("content")[0]);
    }

    [Fact]
    public async Task Pdf_BecomesADocumentBlock_ByDataOrUrl()
    {
        byte[] pdf = [0x25, 0x50, 0x44, 0x46];
        var body = await SendAsync(
            [new(ChatRole.User, [new DataContent(pdf, "application/pdf") { Name = "report.pdf" }, new UriContent("https://example.com/a.pdf", "application/pdf")])],
            null);

        var content = body.GetProperty("messages")[0].GetProperty("content");
        AssertJsonEqual(
            Parse($$"""{"type":"document","source":{"type":"base64","media_type":"application/pdf","data":"{{Convert.ToBase64String(pdf)}}"},"title":"report.pdf"}"""),
            content[0]);
        AssertJsonEqual(Parse("""{"type":"document","source":{"type":"url","url":"https://example.com/a.pdf"}}"""), content[1]);
    }

    [Fact]
    public async Task PlainTextData_BecomesATextDocument()
    {
        var body = await SendAsync([new(ChatRole.User, [new DataContent("data:text/plain;base64,aGVsbG8="), new TextContent("Summarize.")])], null);

        AssertJsonEqual(
            Parse("""{"type":"document","source":{"type":"text","media_type":"text/plain","data":"hello"}}"""),
            body.GetProperty("messages")[0].GetProperty("content")[0]);
    }

    [Fact]
    public async Task UnsupportedMediaType_FailsBeforeSending_SayingWhatIsAccepted()
    {
        var handler = Json(Answer);
        using var client = CreateClient(handler);

        var ex = await Assert.ThrowsAsync<NotSupportedException>(() =>
            client.GetResponseAsync([new ChatMessage(ChatRole.User, [new DataContent(new byte[] { 1, 2 }, "audio/wav")])]));

        Assert.Contains("audio/wav", ex.Message, StringComparison.Ordinal);
        Assert.Contains("application/pdf", ex.Message, StringComparison.Ordinal);
        Assert.Empty(handler.Sent);
    }

    [Fact]
    public async Task UnknownRole_FailsBeforeSending()
    {
        var handler = Json(Answer);
        using var client = CreateClient(handler);

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => client.GetResponseAsync([new ChatMessage(new ChatRole("critic"), "hmm")]));

        Assert.Contains("'critic'", ex.Message, StringComparison.Ordinal);
        Assert.Empty(handler.Sent);
    }

    [Fact]
    public async Task ReasoningWithSignature_IsSentBackAsAThinkingBlock()
    {
        var body = await SendAsync(
            [new(ChatRole.User, "q"), new(ChatRole.Assistant, [new TextReasoningContent("Let me think.") { ProtectedData = "sig-1" }, new TextContent("a")]), new(ChatRole.User, "more")],
            null);

        AssertJsonEqual(
            Parse("""{"type":"thinking","thinking":"Let me think.","signature":"sig-1"}"""),
            body.GetProperty("messages")[1].GetProperty("content")[0]);
    }

    [Fact]
    public async Task ReasoningWithOnlyData_IsSentBackAsRedactedThinking()
    {
        var body = await SendAsync(
            [new(ChatRole.User, "q"), new(ChatRole.Assistant, [new TextReasoningContent(null) { ProtectedData = "encrypted" }, new TextContent("a")])],
            null);

        AssertJsonEqual(Parse("""{"type":"redacted_thinking","data":"encrypted"}"""), body.GetProperty("messages")[1].GetProperty("content")[0]);
    }

    [Fact]
    public async Task ThinkingReadWithOmittedText_IsSentBackAsThinking_NotRedacted()
    {
        var omitted = MessagesReasoning.FromThinking(string.Empty, "sig-omitted");

        var body = await SendAsync([new(ChatRole.User, "q"), new(ChatRole.Assistant, [omitted, new TextContent("a")])], null);

        AssertJsonEqual(Parse("""{"type":"thinking","thinking":"","signature":"sig-omitted"}"""), body.GetProperty("messages")[1].GetProperty("content")[0]);
    }

    [Fact]
    public async Task ThinkingMarkerThatWentThroughJson_StillSelectsTheBlockType()
    {
        var omitted = new TextReasoningContent(string.Empty)
        {
            ProtectedData = "sig",
            AdditionalProperties = new() { [MessagesReasoning.BlockTypeKey] = Parse("\"thinking\"") },
        };

        var body = await SendAsync([new(ChatRole.User, "q"), new(ChatRole.Assistant, [omitted, new TextContent("a")])], null);

        Assert.Equal("thinking", body.GetProperty("messages")[1].GetProperty("content")[0].GetProperty("type").GetString());
    }

    [Fact]
    public async Task ReasoningWithoutSignature_OrInAUserTurn_IsLeftOut()
    {
        var body = await SendAsync(
            [new(ChatRole.User, [new TextReasoningContent("user musing") { ProtectedData = "x" }, new TextContent("q")]), new(ChatRole.Assistant, [new TextReasoningContent("unsigned"), new TextContent("a")])],
            null);

        var messages = body.GetProperty("messages");
        Assert.Equal("q", messages[0].GetProperty("content").GetString());
        Assert.Equal("a", messages[1].GetProperty("content").GetString());
    }

    [Fact]
    public async Task FunctionTools_AreSentWithTheirInputSchema_WithoutDollarSchema()
    {
        var schema = Parse("""{"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object","properties":{"city":{"type":"string"}},"required":["city"]}""");

        var body = await SendAsync([new(ChatRole.User, "hi")], new ChatOptions { Tools = [AIFunctionFactory.CreateDeclaration("get_weather", "Weather by city", schema)] });

        AssertJsonEqual(
            Parse("""[{"name":"get_weather","description":"Weather by city","input_schema":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}]"""),
            body.GetProperty("tools"));
        Assert.False(body.TryGetProperty("tool_choice", out _));
    }

    [Fact]
    public async Task ToolsWithoutAMessagesForm_AreLeftOut()
    {
        var body = await SendAsync([new(ChatRole.User, "hi")], new ChatOptions { Tools = [new HostedFileSearchTool()], ToolMode = ChatToolMode.RequireAny });

        Assert.False(body.TryGetProperty("tools", out _));
        Assert.False(body.TryGetProperty("tool_choice", out _));
    }

    public static TheoryData<ChatToolMode, bool?, string> ToolChoices => new()
    {
        { ChatToolMode.Auto, null, """{"type":"auto"}""" },
        { ChatToolMode.None, null, """{"type":"none"}""" },
        { ChatToolMode.RequireAny, null, """{"type":"any"}""" },
        { ChatToolMode.RequireSpecific("get_weather"), null, """{"type":"tool","name":"get_weather"}""" },
        { ChatToolMode.Auto, false, """{"type":"auto","disable_parallel_tool_use":true}""" },
        { ChatToolMode.RequireAny, false, """{"type":"any","disable_parallel_tool_use":true}""" },
        { ChatToolMode.None, false, """{"type":"none"}""" },
    };

    [Theory]
    [MemberData(nameof(ToolChoices))]
    public async Task ToolMode_MapsToToolChoice(ChatToolMode mode, bool? allowMultiple, string expected)
    {
        var body = await SendAsync(
            [new(ChatRole.User, "hi")],
            new ChatOptions { Tools = [WeatherTool()], ToolMode = mode, AllowMultipleToolCalls = allowMultiple });

        AssertJsonEqual(Parse(expected), body.GetProperty("tool_choice"));
    }

    [Fact]
    public async Task SingleToolCallsOnly_WithoutToolMode_IsAutoWithParallelDisabled()
    {
        var body = await SendAsync([new(ChatRole.User, "hi")], new ChatOptions { Tools = [WeatherTool()], AllowMultipleToolCalls = false });

        AssertJsonEqual(Parse("""{"type":"auto","disable_parallel_tool_use":true}"""), body.GetProperty("tool_choice"));
    }

    [Fact]
    public async Task SamplingOptions_AreWritten_AndOptionsMessagesLacksAreLeftOut()
    {
        var body = await SendAsync(
            [new(ChatRole.User, "hi")],
            new ChatOptions { Temperature = 0.7f, TopP = 0.9f, TopK = 40, StopSequences = ["END", "STOP"], Seed = 7, FrequencyPenalty = 0.5f, PresencePenalty = 0.5f },
            model: "claude-sonnet-4-20250514");

        Assert.Equal(0.7, body.GetProperty("temperature").GetDouble(), 6);
        Assert.Equal("0.7", body.GetProperty("temperature").GetRawText());
        Assert.Equal(0.9, body.GetProperty("top_p").GetDouble(), 6);
        Assert.Equal(40, body.GetProperty("top_k").GetInt32());
        Assert.Equal(["END", "STOP"], body.GetProperty("stop_sequences").EnumerateArray().Select(s => s.GetString()));
        foreach (var absent in (string[])["seed", "frequency_penalty", "presence_penalty"])
        {
            Assert.False(body.TryGetProperty(absent, out _), absent);
        }
    }

    [Fact]
    public async Task ParametersTheCatalogSaysTheModelRejects_AreLeftOut()
    {
        var model = new CatalogModel("anthropic/claude-opus-4.7") { UnsupportedParameters = new HashSet<string> { "temperature", "top_p" } };

        var body = await SendWithCatalogAsync(model, [new(ChatRole.User, "hi")], new ChatOptions { Temperature = 0.2f, TopP = 0.5f, TopK = 5 });

        Assert.False(body.TryGetProperty("temperature", out _));
        Assert.False(body.TryGetProperty("top_p", out _));
        Assert.Equal(5, body.GetProperty("top_k").GetInt32());
    }

    [Fact]
    public async Task JsonSchemaFormat_IsSentAsOutputConfigFormat_WithoutDollarSchema()
    {
        var schema = Parse("""{"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object","properties":{"n":{"type":"integer"}},"required":["n"],"additionalProperties":false}""");

        var body = await SendAsync([new(ChatRole.User, "a number")], new ChatOptions { ResponseFormat = ChatResponseFormat.ForJsonSchema(schema, "Number", "A number") });

        AssertJsonEqual(
            Parse("""{"format":{"type":"json_schema","schema":{"type":"object","properties":{"n":{"type":"integer"}},"required":["n"],"additionalProperties":false}}}"""),
            body.GetProperty("output_config"));
    }

    [Fact]
    public async Task TextFormat_SendsNoOutputConfig()
    {
        var body = await SendAsync([new(ChatRole.User, "hi")], new ChatOptions { ResponseFormat = ChatResponseFormat.Text });

        Assert.False(body.TryGetProperty("output_config", out _));
    }

    [Fact]
    public async Task JsonWithoutSchema_FailsClearlyBeforeSending()
    {
        var handler = Json(Answer);
        using var client = CreateClient(handler, "claude-sonnet-4-5");

        var ex = await Assert.ThrowsAsync<InvalidRequestException>(() => client.GetResponseAsync("hi", new ChatOptions { ResponseFormat = ChatResponseFormat.Json }));

        Assert.Contains("ForJsonSchema", ex.Message, StringComparison.Ordinal);
        Assert.Empty(handler.Sent);
    }

    [Fact]
    public async Task Claude45_WithTemperatureAndTopP_SendsOnlyTemperature()
    {
        var body = await SendAsync([new(ChatRole.User, "hi")], new ChatOptions { Temperature = 0.3f, TopP = 0.9f }, model: "claude-sonnet-4-5");

        Assert.Equal(0.3, body.GetProperty("temperature").GetDouble(), 6);
        Assert.False(body.TryGetProperty("top_p", out _));
    }

    [Fact]
    public async Task Claude45_WithTopPAlone_SendsTopP()
    {
        var body = await SendAsync([new(ChatRole.User, "hi")], new ChatOptions { TopP = 0.9f }, model: "claude-haiku-4-5");

        Assert.Equal(0.9, body.GetProperty("top_p").GetDouble(), 6);
    }

    [Fact]
    public async Task ToolResult_WithImage_IsSentAsImageBlock()
    {
        var result = new FunctionResultContent("toolu_1", new List<AIContent> { new TextContent("Chart:"), new DataContent(new byte[] { 1, 2 }, "image/png") });

        var body = await SendAsync([new(ChatRole.User, "q"), new(ChatRole.Assistant, [new FunctionCallContent("toolu_1", "chart")]), new(ChatRole.Tool, [result])], null);

        AssertJsonEqual(
            Parse("""[{"type":"text","text":"Chart:"},{"type":"image","source":{"type":"base64","media_type":"image/png","data":"AQI="}}]"""),
            body.GetProperty("messages")[2].GetProperty("content")[0].GetProperty("content"));
    }

    [Fact]
    public async Task ToolResult_WithHostedFile_LeavesItOutInsteadOfSendingItsJson()
    {
        var result = new FunctionResultContent("toolu_1", new HostedFileContent("file_1"));

        var body = await SendAsync([new(ChatRole.User, "q"), new(ChatRole.Assistant, [new FunctionCallContent("toolu_1", "f")]), new(ChatRole.Tool, [result])], null);

        Assert.Equal("[]", body.GetProperty("messages")[2].GetProperty("content")[0].GetProperty("content").GetRawText());
    }

    [Fact]
    public async Task User_IsSentAsMetadataUserId()
    {
        var body = await SendAsync([new(ChatRole.User, "hi")], new ChatOptions().WithUser("user-42"));

        AssertJsonEqual(Parse("""{"user_id":"user-42"}"""), body.GetProperty("metadata"));
    }

    private static AIFunctionDeclaration WeatherTool() =>
        AIFunctionFactory.CreateDeclaration("get_weather", "Weather", Parse("""{"type":"object","properties":{"city":{"type":"string"}}}"""));

    internal static async Task<JsonElement> SendAsync(IList<ChatMessage> messages, ChatOptions? options, string model = "claude-sonnet-4-5")
    {
        var handler = Json(Answer);
        using var client = CreateClient(handler, model);
        await client.GetResponseAsync(messages, options);
        return handler.Sent[0].Json;
    }

    internal static async Task<JsonElement> SendWithCatalogAsync(CatalogModel model, IList<ChatMessage> messages, ChatOptions? options)
    {
        var handler = Json(Answer);
        using var client = new AiGatewayChatClient(
            new AiGatewayOptions { DefaultModel = model.Id, PreferredDialect = ChatDialect.Messages, Catalog = new ModelCatalog([model]), Environment = EnvironmentSource.FromDictionary([]) },
            GatewayEnvironment.FromProfiles(new TestGateway()),
            new HttpClient(handler));
        await client.GetResponseAsync(messages, options);
        return handler.Sent[0].Json;
    }
}
