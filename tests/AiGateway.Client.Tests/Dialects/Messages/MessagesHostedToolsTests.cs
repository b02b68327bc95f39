using System.Text;
using System.Text.Json;
using AiGateway.Client.Tests.TestSupport;
using Microsoft.Extensions.AI;
using static AiGateway.Client.Tests.Dialects.Messages.MessagesTestData;

namespace AiGateway.Client.Tests.Dialects.Messages;

/// <summary>Anthropic server tools: web search and code execution, written as tools and read back as MEAI hosted-tool contents.</summary>
public sealed class MessagesHostedToolsTests
{
    private const string CodeExecutionStream = "messages/anthropic-code-execution-20260120-prompt-cache.1.chunks.txt";

    /// <summary>A whole answer with a search, its results and a cited text block (shape per docs/gateways.md).</summary>
    internal const string SearchAnswer = """
        {"id":"msg_ws","type":"message","role":"assistant","model":"claude-sonnet-4-5","stop_reason":"end_turn","stop_sequence":null,
         "usage":{"input_tokens":10,"output_tokens":20,"server_tool_use":{"web_search_requests":1}},
         "content":[
          {"type":"text","text":"Let me search."},
          {"type":"server_tool_use","id":"srvtoolu_1","name":"web_search","input":{"query":"dotnet 10 release date"}},
          {"type":"web_search_tool_result","tool_use_id":"srvtoolu_1","content":[
            {"type":"web_search_result","url":"https://example.org/dotnet10","title":"Announcing .NET 10","encrypted_content":"ENC1","page_age":"November 11, 2025"}]},
          {"type":"text","text":".NET 10 shipped in November 2025.","citations":[
            {"type":"web_search_result_location","url":"https://example.org/dotnet10","title":"Announcing .NET 10","encrypted_index":"IDX1","cited_text":"We are happy to announce .NET 10"}]}]}
        """;

    [Fact]
    public async Task HostedWebSearchTool_IsTheWebSearchServerTool_WithItsSettings()
    {
        var tool = new HostedWebSearchTool(new Dictionary<string, object?>
        {
            [HostedToolPropertyKeys.MaxUses] = 3,
            [HostedToolPropertyKeys.AllowedDomains] = new[] { "example.org" },
            [HostedToolPropertyKeys.UserLocation] = new Dictionary<string, string?> { ["city"] = "Paris", ["country"] = "FR" },
        });

        var body = await MessagesRequestWriterTests.SendAsync([new(ChatRole.User, "news?")], new ChatOptions { Tools = [tool] });

        AssertJsonEqual(
            Parse("""{"type":"web_search_20250305","name":"web_search","max_uses":3,"allowed_domains":["example.org"],"user_location":{"type":"approximate","city":"Paris","country":"FR"}}"""),
            Assert.Single(body.GetProperty("tools").EnumerateArray()));
    }

    [Fact]
    public async Task HostedWebSearchTool_SettingsFromJson_AreSentAsGiven()
    {
        var tool = new HostedWebSearchTool(new Dictionary<string, object?>
        {
            [HostedToolPropertyKeys.MaxUses] = Parse("5"),
            [HostedToolPropertyKeys.BlockedDomains] = Parse("""["spam.example"]"""),
        });

        var body = await MessagesRequestWriterTests.SendAsync([new(ChatRole.User, "news?")], new ChatOptions { Tools = [tool] });

        AssertJsonEqual(
            Parse("""{"type":"web_search_20250305","name":"web_search","max_uses":5,"blocked_domains":["spam.example"]}"""),
            body.GetProperty("tools")[0]);
    }

    [Fact]
    public async Task HostedWebSearchTool_WithASettingOfAnUnusableType_IsAnInvalidRequest()
    {
        var tool = new HostedWebSearchTool(new Dictionary<string, object?> { [HostedToolPropertyKeys.MaxUses] = new object() });

        var ex = await Assert.ThrowsAsync<InvalidRequestException>(() => MessagesRequestWriterTests.SendAsync([new(ChatRole.User, "x")], new ChatOptions { Tools = [tool] }));

        Assert.Contains("max_uses", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HostedCodeInterpreterTool_IsTheCodeExecutionTool_WithItsBetaHeader()
    {
        var handler = Json(SearchAnswer);
        using var client = CreateClient(handler);

        await client.GetResponseAsync("sum?", new ChatOptions { Tools = [new HostedCodeInterpreterTool(), new HostedWebSearchTool()] });

        var sent = handler.Sent[0];
        var tools = sent.Json.GetProperty("tools");
        AssertJsonEqual(Parse("""{"type":"code_execution_20250825","name":"code_execution"}"""), tools[0]);
        Assert.Equal("web_search_20250305", tools[1].GetProperty("type").GetString());
        Assert.Equal("code-execution-2025-08-25", sent.Headers["anthropic-beta"]);
    }

    [Fact]
    public async Task WithoutCodeExecution_NoBetaHeaderIsSent()
    {
        var handler = Json(SearchAnswer);
        using var client = CreateClient(handler);

        await client.GetResponseAsync("news?", new ChatOptions { Tools = [new HostedWebSearchTool()] });

        Assert.False(handler.Sent[0].Headers.ContainsKey("anthropic-beta"));
    }

    [Fact]
    public async Task HostedToolsAndFunctions_GoInOneToolsArray()
    {
        var function = AIFunctionFactory.CreateDeclaration("get_weather", "Weather", Parse("""{"type":"object","properties":{}}"""));

        var body = await MessagesRequestWriterTests.SendAsync([new(ChatRole.User, "x")], new ChatOptions { Tools = [new HostedWebSearchTool(), function] });

        Assert.Equal(["web_search", "get_weather"], body.GetProperty("tools").EnumerateArray().Select(t => t.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task WholeAnswer_SearchBlocks_BecomeWebSearchCallAndResultContents_AndTextKeepsItsCitation()
    {
        using var client = CreateClient(Json(SearchAnswer));

        var response = await client.GetResponseAsync("news?", new ChatOptions { Tools = [new HostedWebSearchTool()] });

        var contents = Assert.Single(response.Messages).Contents;
        var call = Assert.IsType<WebSearchToolCallContent>(contents[1]);
        Assert.Equal("srvtoolu_1", call.CallId);
        Assert.Equal(["dotnet 10 release date"], call.Queries);
        var result = Assert.IsType<WebSearchToolResultContent>(contents[2]);
        Assert.Equal("srvtoolu_1", result.CallId);
        var page = Assert.IsType<UriContent>(Assert.Single(result.Outputs!));
        Assert.Equal(new Uri("https://example.org/dotnet10"), page.Uri);
        Assert.Equal("Announcing .NET 10", page.AdditionalProperties!["title"]);
        var citation = Assert.IsType<CitationAnnotation>(Assert.Single(Assert.IsType<TextContent>(contents[3]).Annotations!));
        Assert.Equal(new Uri("https://example.org/dotnet10"), citation.Url);
        Assert.Equal("We are happy to announce .NET 10", citation.Snippet);
    }

    [Fact]
    public async Task WholeAnswer_SearchError_BecomesAnErrorOutput()
    {
        const string answer = """
            {"id":"msg_e","type":"message","role":"assistant","model":"claude-sonnet-4-5","stop_reason":"end_turn","usage":{"input_tokens":1,"output_tokens":1},
             "content":[{"type":"server_tool_use","id":"srvtoolu_2","name":"web_search","input":{"query":"q"}},
                        {"type":"web_search_tool_result","tool_use_id":"srvtoolu_2","content":{"type":"web_search_tool_result_error","error_code":"max_uses_exceeded"}}]}
            """;
        using var client = CreateClient(Json(answer));

        var response = await client.GetResponseAsync("news?");

        var result = Assert.Single(response.Messages[0].Contents.OfType<WebSearchToolResultContent>());
        Assert.Equal("max_uses_exceeded", Assert.IsType<ErrorContent>(Assert.Single(result.Outputs!)).ErrorCode);
    }

    [Fact]
    public async Task WholeAnswer_CodeExecutionBlocks_BecomeCodeInterpreterCallAndResultContents()
    {
        const string answer = """
            {"id":"msg_c","type":"message","role":"assistant","model":"claude-sonnet-4-5","stop_reason":"end_turn","usage":{"input_tokens":1,"output_tokens":1},
             "content":[{"type":"server_tool_use","id":"srvtoolu_3","name":"bash_code_execution","input":{"command":"echo hi"}},
                        {"type":"bash_code_execution_tool_result","tool_use_id":"srvtoolu_3","content":{"type":"bash_code_execution_result","stdout":"hi\n","stderr":"warn","return_code":0,"content":[{"type":"bash_code_execution_output","file_id":"file_1"}]}}]}
            """;
        using var client = CreateClient(Json(answer));

        var response = await client.GetResponseAsync("run");

        var contents = response.Messages[0].Contents;
        var call = Assert.IsType<CodeInterpreterToolCallContent>(contents[0]);
        var code = Assert.IsType<DataContent>(Assert.Single(call.Inputs!));
        Assert.Equal("echo hi", Encoding.UTF8.GetString(code.Data.Span));
        var result = Assert.IsType<CodeInterpreterToolResultContent>(contents[1]);
        Assert.Equal("srvtoolu_3", result.CallId);
        Assert.Equal("hi\n", Assert.IsType<TextContent>(result.Outputs![0]).Text);
        Assert.Equal("stderr", Assert.IsType<ErrorContent>(result.Outputs[1]).ErrorCode);
        Assert.Equal("file_1", Assert.IsType<HostedFileContent>(result.Outputs[2]).FileId);
        Assert.Equal(0, result.AdditionalProperties!["return_code"]);
    }

    [Fact]
    public async Task RecordedStream_CodeExecution_BecomesCodeInterpreterCallsWithTheirCommands_AndResults()
    {
        using var client = CreateClient(Sse(Fixtures.ChunksAsSse(CodeExecutionStream)), "claude-sonnet-5");

        var response = (await CollectAsync(client.GetStreamingResponseAsync("sum of squares?"))).ToChatResponse();

        var contents = Assert.Single(response.Messages).Contents;
        var calls = contents.OfType<CodeInterpreterToolCallContent>().ToList();
        Assert.Equal(["srvtoolu_011fxGj786xCAh2kPk9GMxQw", "srvtoolu_013eUksWZnfcjFk1iarJsYgM"], calls.Select(c => c.CallId));
        var command = Encoding.UTF8.GetString(Assert.IsType<DataContent>(Assert.Single(calls[0].Inputs!)).Data.Span);
        Assert.Equal("for n in $(seq 1 12); do echo \"$n: $((n*n))\"; done", command);
        var results = contents.OfType<CodeInterpreterToolResultContent>().ToList();
        Assert.Equal(calls.Select(c => c.CallId), results.Select(r => r.CallId));
        Assert.Equal("Sum: 650\n", Assert.IsType<TextContent>(Assert.Single(results[1].Outputs!)).Text);
        Assert.Equal("The sum of the squares of the numbers 1 through 12 is **650**.", response.Text);
    }

    [Fact]
    public async Task Stream_SearchBlocks_BecomeTheSameContentsAsAWholeAnswer()
    {
        var sse = Events(
            ("message_start", MessageStart()),
            ("content_block_start", """{"type":"content_block_start","index":0,"content_block":{"type":"server_tool_use","id":"srvtoolu_1","name":"web_search","input":{}}}"""),
            ("content_block_delta", """{"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":"{\"query\": \"dotnet"}}"""),
            ("content_block_delta", """{"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":" 10\"}"}}"""),
            ("content_block_stop", BlockStop(0)),
            ("content_block_start", """{"type":"content_block_start","index":1,"content_block":{"type":"web_search_tool_result","tool_use_id":"srvtoolu_1","content":[{"type":"web_search_result","url":"https://example.org/a","title":"A","encrypted_content":"E"}]}}"""),
            ("content_block_stop", BlockStop(1)),
            ("content_block_start", TextStart(2)),
            ("content_block_delta", TextDelta(2, "Found.")),
            ("content_block_delta", """{"type":"content_block_delta","index":2,"delta":{"type":"citations_delta","citation":{"type":"web_search_result_location","url":"https://example.org/a","title":"A","cited_text":"a","encrypted_index":"I"}}}"""),
            ("content_block_stop", BlockStop(2)),
            ("message_delta", MessageDelta()),
            ("message_stop", MessageStop));
        using var client = CreateClient(Sse(sse));

        var response = (await CollectAsync(client.GetStreamingResponseAsync("news?"))).ToChatResponse();

        var contents = response.Messages[0].Contents;
        Assert.Equal(["dotnet 10"], Assert.Single(contents.OfType<WebSearchToolCallContent>()).Queries);
        Assert.Equal(new Uri("https://example.org/a"), Assert.IsType<UriContent>(Assert.Single(Assert.Single(contents.OfType<WebSearchToolResultContent>()).Outputs!)).Uri);
        Assert.Contains(contents.OfType<TextContent>(), t => t.Annotations?.OfType<CitationAnnotation>().Any(a => a.Url == new Uri("https://example.org/a")) == true);
    }

    [Fact]
    public async Task History_ServerToolBlocks_GoBackAsAnthropicWroteThem_AlsoAfterJsonSaveAndReload()
    {
        using var client = CreateClient(Json(SearchAnswer));
        var first = await client.GetResponseAsync("news?");
        var history = new List<ChatMessage> { new(ChatRole.User, "news?") };
        history.AddRange(first.Messages);
        history.Add(new ChatMessage(ChatRole.User, "more?"));
        var reloaded = JsonSerializer.Deserialize<List<ChatMessage>>(JsonSerializer.Serialize(history, AIJsonUtilities.DefaultOptions), AIJsonUtilities.DefaultOptions)!;

        foreach (var messages in new[] { history, reloaded })
        {
            var body = await MessagesRequestWriterTests.SendAsync(messages, null);

            var blocks = body.GetProperty("messages")[1].GetProperty("content");
            Assert.Equal(["text", "server_tool_use", "web_search_tool_result", "text"], blocks.EnumerateArray().Select(b => b.GetProperty("type").GetString()));
            var recorded = Parse(SearchAnswer).GetProperty("content");
            AssertJsonEqual(recorded[1], blocks[1]);
            AssertJsonEqual(recorded[2], blocks[2]);
        }
    }

    [Fact]
    public async Task History_HostedToolContentsFromAnotherDialect_AreLeftOut()
    {
        var body = await MessagesRequestWriterTests.SendAsync(
            [
                new(ChatRole.User, "news?"),
                new(ChatRole.Assistant, [new WebSearchToolCallContent("ws_1") { Queries = ["q"] }, new TextContent("Found.")]),
                new(ChatRole.User, "more?"),
            ],
            null);

        Assert.Equal("Found.", body.GetProperty("messages")[1].GetProperty("content").GetString());
    }
}
