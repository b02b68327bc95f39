using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using static AiGateway.Client.Tests.Dialects.GenerateContent.GeminiTestSupport;

namespace AiGateway.Client.Tests.Dialects.GenerateContent;

/// <summary>Gemini's built-in tools: googleSearch and codeExecution written as tools, code parts and grounding read back as MEAI contents.</summary>
public sealed class GenerateContentHostedToolsTests
{
    private const string CodeParts = """
        [{"text":"Let me compute."},
         {"executableCode":{"language":"PYTHON","code":"print(2+2)"}},
         {"codeExecutionResult":{"outcome":"OUTCOME_OK","output":"4\n"}},
         {"text":"It is 4."}]
        """;

    // "Café é " is 7 characters and 9 UTF-8 bytes: the segment's byte offsets must become character offsets.
    private const string GroundedAnswer = """
        {"responseId":"r1","modelVersion":"gemini-2.5-flash","candidates":[{"finishReason":"STOP",
         "content":{"role":"model","parts":[{"text":"Café é opens at 9."}]},
         "groundingMetadata":{"webSearchQueries":["cafe opening hours"],
           "groundingChunks":[{"web":{"uri":"https://example.org/cafe","title":"example.org"}}],
           "groundingSupports":[{"segment":{"startIndex":9,"endIndex":20,"text":"opens at 9."},"groundingChunkIndices":[0]}]}}],
         "usageMetadata":{"promptTokenCount":3,"candidatesTokenCount":5,"totalTokenCount":8}}
        """;

    private static string CodeAnswer => $$$"""{"responseId":"r2","candidates":[{"finishReason":"STOP","content":{"role":"model","parts":{{{CodeParts}}}}}]}""";

    [Fact]
    public async Task HostedTools_AreGoogleSearchAndCodeExecution_BesideTheFunctions()
    {
        var handler = Json(CodeAnswer);
        using var client = GeminiClient(handler);
        var function = AIFunctionFactory.CreateDeclaration("get_weather", "Weather", JsonDocument.Parse("""{"type":"object","properties":{}}""").RootElement);

        await client.GetResponseAsync("x", new ChatOptions { Tools = [new HostedWebSearchTool(), new HostedCodeInterpreterTool(), function] });

        var tools = handler.Sent[0].Json.GetProperty("tools");
        Assert.Equal("""{"googleSearch":{}}""", tools[0].GetRawText());
        Assert.Equal("""{"codeExecution":{}}""", tools[1].GetRawText());
        Assert.Equal("get_weather", tools[2].GetProperty("functionDeclarations")[0].GetProperty("name").GetString());
    }

    [Fact]
    public async Task HostedToolsAlone_SendNoFunctionCallingConfig()
    {
        var handler = Json(CodeAnswer);
        using var client = GeminiClient(handler);

        await client.GetResponseAsync("x", new ChatOptions { Tools = [new HostedCodeInterpreterTool()], ToolMode = ChatToolMode.Auto });

        var body = handler.Sent[0].Json;
        Assert.Equal("""[{"codeExecution":{}}]""", body.GetProperty("tools").GetRawText());
        Assert.False(body.TryGetProperty("toolConfig", out _));
    }

    [Fact]
    public async Task WholeAnswer_CodeParts_BecomeAPairedCodeInterpreterCallAndResult()
    {
        using var client = GeminiClient(Json(CodeAnswer));

        var response = await client.GetResponseAsync("x");

        AssertCode(response);
    }

    [Fact]
    public async Task Stream_CodeParts_InSeparateChunks_PairUpTheSameWay()
    {
        var parts = JsonNode.Parse(CodeParts)!.AsArray().Select(p => p!.ToJsonString()).ToList();
        var chunks = parts.Select((p, i) =>
            $$$"""{"responseId":"r2","candidates":[{"content":{"role":"model","parts":[{{{p}}}]}{{{(i == parts.Count - 1 ? ",\"finishReason\":\"STOP\"" : string.Empty)}}}}]}""").ToArray();
        using var client = GeminiClient(Sse(chunks));

        var response = (await CollectAsync(client.GetStreamingResponseAsync("x"))).ToChatResponse();

        AssertCode(response);
    }

    [Fact]
    public async Task WholeAnswer_Grounding_BecomesASearchCallAndResult_AndCitationsWithCharacterOffsets()
    {
        using var client = GeminiClient(Json(GroundedAnswer));

        var response = await client.GetResponseAsync("x", new ChatOptions { Tools = [new HostedWebSearchTool()] });

        AssertGrounding(response);
    }

    [Fact]
    public async Task Stream_Grounding_IsMappedOnceAtTheFinish_WithTheSameOffsets()
    {
        using var client = GeminiClient(Sse(
            """{"responseId":"r1","candidates":[{"content":{"role":"model","parts":[{"text":"Café é "}]}}]}""",
            JsonNode.Parse(GroundedAnswer.Replace("Café é opens at 9.", "opens at 9.", StringComparison.Ordinal))!.ToJsonString()));

        var response = (await CollectAsync(client.GetStreamingResponseAsync("x"))).ToChatResponse();

        AssertGrounding(response);
    }

    [Fact]
    public async Task History_CodeParts_GoBackAsGeminiWroteThem_AndGroundingIsLeftOut_AlsoAfterJsonSaveAndReload()
    {
        using var first = GeminiClient(Json(CodeAnswer));
        var history = new List<ChatMessage> { new(ChatRole.User, "x") };
        history.AddRange((await first.GetResponseAsync("x")).Messages);
        using var grounded = GeminiClient(Json(GroundedAnswer));
        history.AddRange((await grounded.GetResponseAsync("y")).Messages);
        history.Add(new(ChatRole.User, "again"));
        var reloaded = JsonSerializer.Deserialize<List<ChatMessage>>(JsonSerializer.Serialize(history, AIJsonUtilities.DefaultOptions), AIJsonUtilities.DefaultOptions)!;

        foreach (var messages in new[] { history, reloaded })
        {
            var handler = Json(CodeAnswer);
            using var client = GeminiClient(handler);
            await client.GetResponseAsync(messages);

            var contents = handler.Sent[0].Json.GetProperty("contents");
            var model = contents[1];
            Assert.Equal("model", model.GetProperty("role").GetString());
            var expected = JsonNode.Parse(CodeParts)!.AsArray();
            expected.Add(JsonNode.Parse("""{"text":"Café é opens at 9."}"""));
            Assert.True(JsonNode.DeepEquals(expected, JsonNode.Parse(model.GetProperty("parts").GetRawText())), model.GetProperty("parts").GetRawText());
        }
    }

    [Fact]
    public async Task RequestWithHostedToolsAndCodePartsInHistory_IsValidUnderTheSchema()
    {
        using var first = GeminiClient(Json(CodeAnswer));
        var history = new List<ChatMessage> { new(ChatRole.User, "x") };
        history.AddRange((await first.GetResponseAsync("x")).Messages);
        history.Add(new(ChatRole.User, "again"));
        var handler = Json(CodeAnswer);
        using var client = GeminiClient(handler);

        await client.GetResponseAsync(history, new ChatOptions { Tools = [new HostedWebSearchTool(), new HostedCodeInterpreterTool()] });

        WireSchemas.RequestSchemaTests.AssertValid(ChatDialect.GenerateContent, handler.Sent[0].Json);
    }

    private static void AssertCode(ChatResponse response)
    {
        var contents = AllContents(response).ToList();
        var call = Assert.Single(contents.OfType<CodeInterpreterToolCallContent>());
        Assert.Equal("print(2+2)", Encoding.UTF8.GetString(Assert.IsType<DataContent>(Assert.Single(call.Inputs!)).Data.Span));
        var result = Assert.Single(contents.OfType<CodeInterpreterToolResultContent>());
        Assert.Equal(call.CallId, result.CallId);
        Assert.Equal("4\n", Assert.IsType<TextContent>(Assert.Single(result.Outputs!)).Text);
        Assert.Equal("Let me compute.It is 4.", response.Text);
    }

    private static void AssertGrounding(ChatResponse response)
    {
        var contents = AllContents(response).ToList();
        var search = Assert.Single(contents.OfType<WebSearchToolCallContent>());
        Assert.Equal(["cafe opening hours"], search.Queries);
        var found = Assert.Single(contents.OfType<WebSearchToolResultContent>());
        Assert.Equal(search.CallId, found.CallId);
        var page = Assert.IsType<UriContent>(Assert.Single(found.Outputs!));
        Assert.Equal(new Uri("https://example.org/cafe"), page.Uri);
        var citation = Assert.IsType<CitationAnnotation>(Assert.Single(contents.OfType<TextContent>().SelectMany(t => t.Annotations ?? [])));
        Assert.Equal(new Uri("https://example.org/cafe"), citation.Url);
        Assert.Equal("example.org", citation.Title);
        var region = Assert.IsType<TextSpanAnnotatedRegion>(Assert.Single(citation.AnnotatedRegions!));
        Assert.Equal("opens at 9.", response.Text[region.StartIndex!.Value..region.EndIndex!.Value]);
    }
}
