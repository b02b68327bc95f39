using System.Text;
using System.Text.Json;
using AiGateway.Client.Dialects.ChatCompletions;
using AiGateway.Client.Tests.TestSupport;
using Microsoft.Extensions.AI;
using static AiGateway.Client.Tests.Dialects.ChatCompletions.ChatCompletionsTestSupport;

namespace AiGateway.Client.Tests.Dialects.ChatCompletions;

/// <summary>
/// A tool call's <c>extra_content</c> (Gemini 3's thought signature over Chat Completions,
/// https://ai.google.dev/gemini-api/docs/thought-signatures) is read verbatim and sent back verbatim.
/// </summary>
public sealed class ChatCompletionsExtraContentTests
{
    // Spaces, an escaped character and a non-Google member: any re-serialization would change these bytes.
    private const string ExtraContent = """{ "google": {"thought_signature": "Q2lRQjR\u002FN2VzZw=="}, "vendor": [1, 2.50] }""";
    private const string OtherExtraContent = """{"google":{"thought_signature":"b3RoZXI="}}""";
    private const string GeminiModel = "google/gemini-3-flash";

    [Fact]
    public async Task A_whole_response_keeps_a_tool_calls_extra_content_verbatim()
    {
        var response = await ReadAsync(ToolCallCompletion("call_1", ExtraContent));

        var call = Assert.Single(response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>());
        Assert.Equal(ExtraContent, call.AdditionalProperties?[ChatCompletionsPropertyKeys.ExtraContent]);
    }

    [Fact]
    public async Task A_streamed_call_keeps_the_extra_content_of_its_opening_delta_across_argument_fragments()
    {
        var updates = await StreamAsync(Sse(
            Chunk($$"""{"index":0,"id":"call_1","type":"function","function":{"name":"get_weather","arguments":""},"extra_content":{{ExtraContent}}}"""),
            Chunk("""{"index":0,"function":{"arguments":"{\"city\":"}}"""),
            Chunk($$"""{"index":0,"function":{"arguments":"\"Paris\"}"},"extra_content":{{OtherExtraContent}}}"""),
            """{"id":"c1","created":1,"model":"m","choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]}""") + "data: [DONE]\n\n");

        var call = Assert.Single(updates.SelectMany(u => u.Contents).OfType<FunctionCallContent>());
        Assert.Equal("Paris", call.Arguments?["city"]?.ToString());
        Assert.Equal(ExtraContent, call.AdditionalProperties?[ChatCompletionsPropertyKeys.ExtraContent]);
    }

    [Fact]
    public async Task Streamed_parallel_calls_each_keep_their_own_extra_content()
    {
        var updates = await StreamAsync(Sse(
            Chunk("""{"index":0,"id":"call_1","type":"function","function":{"name":"f","arguments":"{}"}}"""),
            Chunk($$"""{"index":1,"id":"call_2","type":"function","function":{"name":"g","arguments":"{}"},"extra_content":{{ExtraContent}}}"""),
            """{"id":"c1","created":1,"model":"m","choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]}""") + "data: [DONE]\n\n");

        var calls = updates.SelectMany(u => u.Contents).OfType<FunctionCallContent>().ToList();
        Assert.Equal(["call_1", "call_2"], calls.Select(c => c.CallId));
        Assert.Null(calls[0].AdditionalProperties);
        Assert.Equal(ExtraContent, calls[1].AdditionalProperties?[ChatCompletionsPropertyKeys.ExtraContent]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_tool_loop_sends_back_exactly_the_extra_content_it_received(bool streaming)
    {
        var firstAnswer = streaming
            ? Sse(
                Chunk($$"""{"index":0,"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"},"extra_content":{{ExtraContent}}}"""),
                """{"id":"c1","created":1,"model":"m","choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]}""") + "data: [DONE]\n\n"
            : ToolCallCompletion("call_1", ExtraContent);
        var secondAnswer = streaming
            ? Sse("""{"id":"c2","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"Sunny."},"finish_reason":"stop"}]}""") + "data: [DONE]\n\n"
            : MinimalCompletion;
        var contentType = streaming ? "text/event-stream" : "application/json";
        var handler = new ReplayHandler([Answer(firstAnswer, contentType), Answer(secondAnswer, contentType)]);
        using var client = CreateClient(handler, GeminiModel);
        List<ChatMessage> history = [new(ChatRole.User, "Weather in Paris?")];

        var first = await GetAsync(client, history, streaming);
        var call = Assert.Single(first.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>());
        history.AddRange(first.Messages);
        history.Add(new ChatMessage(ChatRole.Tool, [new FunctionResultContent(call.CallId, "sunny")]));
        await GetAsync(client, history, streaming);

        var sent = handler.Sent[1];
        Assert.Contains("\"extra_content\":" + ExtraContent + "}", sent.Body, StringComparison.Ordinal);
        var sentCall = sent.Json.GetProperty("messages")[1].GetProperty("tool_calls")[0];
        Assert.Equal("call_1", sentCall.GetProperty("id").GetString());
        Assert.Equal("Q2lRQjR/N2VzZw==", sentCall.GetProperty("extra_content").GetProperty("google").GetProperty("thought_signature").GetString());
    }

    [Fact]
    public async Task Only_the_call_that_carries_extra_content_is_written_with_it()
    {
        var signed = new FunctionCallContent("call_1", "f", new Dictionary<string, object?>())
        {
            AdditionalProperties = new() { [ChatCompletionsPropertyKeys.ExtraContent] = ExtraContent },
        };
        var unsigned = new FunctionCallContent("call_2", "g", new Dictionary<string, object?>());

        var body = await SentBodyAsync(ToolHistory(signed, unsigned));

        var calls = body.GetProperty("messages")[1].GetProperty("tool_calls");
        Assert.True(calls[0].TryGetProperty("extra_content", out _));
        Assert.False(calls[1].TryGetProperty("extra_content", out _));
    }

    [Fact]
    public async Task A_history_restored_from_json_still_sends_the_extra_content_back()
    {
        var response = await ReadAsync(ToolCallCompletion("call_1", ExtraContent));
        var call = Assert.Single(response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>());
        var json = JsonSerializer.Serialize(new ChatMessage(ChatRole.Assistant, [call]), AIJsonUtilities.DefaultOptions);
        var restored = JsonSerializer.Deserialize<ChatMessage>(json, AIJsonUtilities.DefaultOptions)!;
        var restoredCall = Assert.IsType<FunctionCallContent>(Assert.Single(restored.Contents));
        Assert.IsType<JsonElement>(restoredCall.AdditionalProperties?[ChatCompletionsPropertyKeys.ExtraContent]);

        var body = await SentBodyAsync(ToolHistory(restoredCall));

        var sentExtra = body.GetProperty("messages")[1].GetProperty("tool_calls")[0].GetProperty("extra_content");
        Assert.Equal("Q2lRQjR/N2VzZw==", sentExtra.GetProperty("google").GetProperty("thought_signature").GetString());
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    [InlineData("{\"a\":1} trailing")]
    public async Task An_extra_content_value_that_is_not_a_json_object_is_refused_with_how_to_fix_it(string value)
    {
        var call = new FunctionCallContent("call_1", "f", new Dictionary<string, object?>())
        {
            AdditionalProperties = new() { [ChatCompletionsPropertyKeys.ExtraContent] = value },
        };

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => SentBodyAsync(ToolHistory(call)));

        Assert.Contains("call_1", ex.Message, StringComparison.Ordinal);
        Assert.Contains("not a JSON object", ex.Message, StringComparison.Ordinal);
    }

    private static string ToolCallCompletion(string callId, string extraContent) => $$"""
        {"id":"c1","object":"chat.completion","created":1,"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":null,
         "tool_calls":[{"id":"{{callId}}","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"},"extra_content":{{extraContent}}}]},
         "finish_reason":"tool_calls"}]}
        """;

    private static string Chunk(string toolCall) =>
        $$"""{"id":"c1","created":1,"model":"m","choices":[{"index":0,"delta":{"tool_calls":[{{toolCall}}]},"finish_reason":null}]}""";

    private static ChatMessage[] ToolHistory(params FunctionCallContent[] calls) =>
    [
        new(ChatRole.User, "go"),
        new(ChatRole.Assistant, [.. calls]),
        new(ChatRole.Tool, [.. calls.Select(c => new FunctionResultContent(c.CallId, "done"))]),
    ];

    private static Func<HttpResponseMessage> Answer(string body, string contentType) => () =>
    {
        var response = new HttpResponseMessage(System.Net.HttpStatusCode.OK) { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body)) };
        response.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return response;
    };

    private static async Task<ChatResponse> GetAsync(IChatClient client, List<ChatMessage> history, bool streaming) =>
        streaming
            ? (await ChatCompletionsFixtureReplayTests.ToListAsync(client.GetStreamingResponseAsync(history))).ToChatResponse()
            : await client.GetResponseAsync(history);
}
