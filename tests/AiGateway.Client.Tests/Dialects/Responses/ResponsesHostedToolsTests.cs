using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AiGateway.Client.Tests.TestSupport;
using Microsoft.Extensions.AI;

namespace AiGateway.Client.Tests.Dialects.Responses;

/// <summary>OpenAI's hosted tools on Responses: web_search and code_interpreter written as tools, their items read back as MEAI contents.</summary>
public sealed class ResponsesHostedToolsTests
{
    private const string SearchItem = """{"type":"web_search_call","id":"ws_1","status":"completed","action":{"type":"search","query":"dotnet 10","queries":["dotnet 10"],"sources":[{"type":"url","url":"https://example.org/a"}]}}""";

    private const string CodeItem = """{"type":"code_interpreter_call","id":"ci_1","status":"completed","container_id":"cntr_1","code":"print(1+1)","outputs":[{"type":"logs","logs":"2\n"},{"type":"image","url":"https://example.org/plot.png"}]}""";

    private const string Message = """{"type":"message","id":"msg_1","status":"completed","role":"assistant","content":[{"type":"output_text","text":"It is 2.","logprobs":[],"annotations":[{"type":"url_citation","url":"https://example.org/a","title":"A","start_index":0,"end_index":8}]}]}""";

    private static readonly string Answer =
        $$$"""{"id":"resp_1","object":"response","created_at":1,"status":"completed","model":"gpt-5","output":[{{{SearchItem}}},{{{CodeItem}}},{{{Message}}}],"usage":{"input_tokens":1,"output_tokens":1,"total_tokens":2}}""";

    [Fact]
    public void CodeInterpreter_IsTheCodeInterpreterToolInAnAutoContainer()
    {
        var body = ResponsesRequestWriterTests.Write([new(ChatRole.User, "x")], new ChatOptions { Tools = [new HostedCodeInterpreterTool()] });

        Assert.Equal("""[{"type":"code_interpreter","container":{"type":"auto"}}]""", body.GetProperty("tools").GetRawText());
    }

    [Fact]
    public void CodeInterpreter_InputFiles_AreTheContainerFileIds()
    {
        var tool = new HostedCodeInterpreterTool { Inputs = [new HostedFileContent("file-1")] };

        var body = ResponsesRequestWriterTests.Write([new(ChatRole.User, "x")], new ChatOptions { Tools = [tool] });

        Assert.Equal("""{"type":"auto","file_ids":["file-1"]}""", body.GetProperty("tools")[0].GetProperty("container").GetRawText());
    }

    [Fact]
    public void WebSearch_AllowedDomainsAndLocation_AreTheFiltersAndUserLocation()
    {
        var tool = new HostedWebSearchTool(new Dictionary<string, object?>
        {
            [HostedToolPropertyKeys.AllowedDomains] = new List<string> { "example.org" },
            [HostedToolPropertyKeys.UserLocation] = new Dictionary<string, string?> { ["country"] = "US" },
        });

        var body = ResponsesRequestWriterTests.Write([new(ChatRole.User, "x")], new ChatOptions { Tools = [tool] });

        Assert.Equal(
            """{"type":"web_search","filters":{"allowed_domains":["example.org"]},"user_location":{"type":"approximate","country":"US"}}""",
            body.GetProperty("tools")[0].GetRawText());
    }

    [Fact]
    public async Task WholeAnswer_HostedToolItems_BecomeCallAndResultContents_AndTextKeepsItsCitation()
    {
        using var client = new TestGateway().CreateClient(ReplayHandler.Body(Answer, "application/json"), "gpt-5", ChatDialect.Responses);

        var response = await client.GetResponseAsync("x");

        AssertMapped(Assert.Single(response.Messages).Contents);
    }

    [Fact]
    public async Task Stream_HostedToolItemsAndCitations_AreTheSameAsInAWholeAnswer()
    {
        var sse = string.Concat(
            Event("""{"type":"response.created","sequence_number":0,"response":{"id":"resp_1","object":"response","created_at":1,"status":"in_progress","model":"gpt-5","output":[]}}"""),
            Event($$$"""{"type":"response.output_item.added","sequence_number":1,"output_index":0,"item":{"type":"web_search_call","id":"ws_1","status":"in_progress"}}"""),
            Event("""{"type":"response.web_search_call.completed","sequence_number":2,"output_index":0,"item_id":"ws_1"}"""),
            Event($$$"""{"type":"response.output_item.done","sequence_number":3,"output_index":0,"item":{{{SearchItem}}}}"""),
            Event($$$"""{"type":"response.output_item.done","sequence_number":4,"output_index":1,"item":{{{CodeItem}}}}"""),
            Event("""{"type":"response.output_item.added","sequence_number":5,"output_index":2,"item":{"type":"message","id":"msg_1","status":"in_progress","role":"assistant","content":[]}}"""),
            Event("""{"type":"response.output_text.delta","sequence_number":6,"output_index":2,"content_index":0,"item_id":"msg_1","delta":"It is 2."}"""),
            Event("""{"type":"response.output_text.annotation.added","sequence_number":7,"output_index":2,"content_index":0,"item_id":"msg_1","annotation_index":0,"annotation":{"type":"url_citation","url":"https://example.org/a","title":"A","start_index":0,"end_index":8}}"""),
            Event($$$"""{"type":"response.output_item.done","sequence_number":8,"output_index":2,"item":{{{Message}}}}"""),
            Event($$$"""{"type":"response.completed","sequence_number":9,"response":{{{Answer}}}}"""));
        using var client = new TestGateway().CreateClient(ReplayHandler.Body(sse, "text/event-stream"), "gpt-5", ChatDialect.Responses);

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in client.GetStreamingResponseAsync("x"))
        {
            updates.Add(update);
        }

        AssertMapped(Assert.Single(updates.ToChatResponse().Messages).Contents);
    }

    [Fact]
    public async Task History_HostedToolItems_GoBackWhole_OnceEach_AlsoAfterJsonSaveAndReload()
    {
        using var client = new TestGateway().CreateClient(ReplayHandler.Body(Answer, "application/json"), "gpt-5", ChatDialect.Responses);
        var history = new List<ChatMessage> { new(ChatRole.User, "x") };
        history.AddRange((await client.GetResponseAsync("x")).Messages);
        history.Add(new(ChatRole.User, "again"));
        var reloaded = JsonSerializer.Deserialize<List<ChatMessage>>(JsonSerializer.Serialize(history, AIJsonUtilities.DefaultOptions), AIJsonUtilities.DefaultOptions)!;

        foreach (var messages in new[] { history, reloaded })
        {
            var input = ResponsesRequestWriterTests.Write(messages, null).GetProperty("input");

            Assert.Equal(["message", "web_search_call", "code_interpreter_call", "message", "message"], input.EnumerateArray().Select(i => i.GetProperty("type").GetString()));
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse(SearchItem), JsonNode.Parse(input[1].GetRawText())), input[1].GetRawText());
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse(CodeItem), JsonNode.Parse(input[2].GetRawText())), input[2].GetRawText());
        }
    }

    [Fact]
    public void History_HostedToolContentsFromAnotherDialect_AreLeftOut()
    {
        var input = ResponsesRequestWriterTests.Write(
            [
                new(ChatRole.User, "x"),
                new(ChatRole.Assistant, [new WebSearchToolCallContent("srvtoolu_1"), new WebSearchToolResultContent("srvtoolu_1"), new TextContent("Found.")]),
            ],
            null).GetProperty("input");

        Assert.Equal(["message", "message"], input.EnumerateArray().Select(i => i.GetProperty("type").GetString()));
    }

    [Fact]
    public async Task RequestWithHostedToolsAndTheirItemsInHistory_IsValidUnderTheSchema()
    {
        using var client = new TestGateway().CreateClient(ReplayHandler.Body(Answer, "application/json"), "gpt-5", ChatDialect.Responses);
        var history = new List<ChatMessage> { new(ChatRole.User, "x") };
        history.AddRange((await client.GetResponseAsync("x")).Messages);
        history.Add(new(ChatRole.User, "again"));
        var tools = new ChatOptions
        {
            Tools = [new HostedCodeInterpreterTool(), new HostedWebSearchTool(new Dictionary<string, object?> { [HostedToolPropertyKeys.AllowedDomains] = new[] { "example.org" } })],
        };

        var body = ResponsesRequestWriterTests.Write(history, tools);

        WireSchemas.RequestSchemaTests.AssertValid(ChatDialect.Responses, body);
    }

    private static void AssertMapped(IList<AIContent> contents)
    {
        var search = Assert.Single(contents.OfType<WebSearchToolCallContent>());
        Assert.Equal("ws_1", search.CallId);
        Assert.Equal(["dotnet 10"], search.Queries);
        var found = Assert.Single(contents.OfType<WebSearchToolResultContent>());
        Assert.Equal(new Uri("https://example.org/a"), Assert.IsType<UriContent>(Assert.Single(found.Outputs!)).Uri);
        var code = Assert.Single(contents.OfType<CodeInterpreterToolCallContent>());
        Assert.Equal("print(1+1)", Encoding.UTF8.GetString(Assert.IsType<DataContent>(Assert.Single(code.Inputs!)).Data.Span));
        var ran = Assert.Single(contents.OfType<CodeInterpreterToolResultContent>());
        Assert.Equal("ci_1", ran.CallId);
        Assert.Equal("2\n", Assert.IsType<TextContent>(ran.Outputs![0]).Text);
        Assert.Equal(new Uri("https://example.org/plot.png"), Assert.IsType<UriContent>(ran.Outputs[1]).Uri);
        var citation = Assert.IsType<CitationAnnotation>(Assert.Single(contents.OfType<TextContent>().SelectMany(t => t.Annotations ?? [])));
        Assert.Equal(new Uri("https://example.org/a"), citation.Url);
        Assert.Equal("A", citation.Title);
    }

    private static string Event(string json) => $"event: {JsonDocument.Parse(json).RootElement.GetProperty("type").GetString()}\ndata: {json}\n\n";
}
