using System.Text.Json;
using AiGateway.Client.Dialects;
using AiGateway.Client.Dialects.Responses;
using AiGateway.Client.Tests.TestSupport;
using Microsoft.Extensions.AI;
using static AiGateway.Client.Tests.Dialects.Responses.ResponsesRecording;

namespace AiGateway.Client.Tests.Dialects.Responses;

/// <summary>Replays every recorded transcript in Fixtures/responses through the real leaf client.</summary>
public class ResponsesFixtureReplayTests
{
    private static readonly string[] Replayed =
    [
        "FunctionCallStreamingWorks.json", "FunctionCallWorks.json", "MaxTokens.json", "ResponsesWithReasoning.json",
        "StreamingResponses.json", "StreamingResponsesWithReasoningSummaryAsync.json", "WebSearchCallWithReasoning.json",
        "openai-error.1.chunks.txt", "reasoning-model-temperature-error.json",
    ];

    [Fact]
    public void Every_fixture_file_is_replayed_by_a_test()
    {
        var files = Fixtures.FilesIn(Folder).Select(Path.GetFileName).Order(StringComparer.Ordinal);

        Assert.Equal(Replayed.Order(StringComparer.Ordinal), files);
    }

    [Fact]
    public async Task StreamingResponses_streams_text_with_ids_model_usage_and_stop()
    {
        var exchange = Exchanges("StreamingResponses.json").Single();
        var recorded = Events(exchange.ResponseBody);
        var final = FinalResponse(recorded);
        var handler = new ReplayHandler(exchange);
        using var client = new TestGateway().CreateClient(handler, "gpt-4o-mini", ChatDialect.Responses);

        var updates = await client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "Hello, world!")]).ToListAsync();

        var textUpdates = updates.Where(u => u.Contents.OfType<TextContent>().Any()).ToList();
        Assert.Equal(OfType(recorded, "response.output_text.delta").Select(e => e.GetProperty("delta").GetString()), textUpdates.Select(u => u.Text));
        Assert.All(updates, u =>
        {
            Assert.Equal(ChatRole.Assistant, u.Role);
            Assert.Equal(final.GetProperty("id").GetString(), u.ResponseId);
            Assert.Equal(final.GetProperty("id").GetString(), u.MessageId);
            Assert.Equal(final.GetProperty("model").GetString(), u.ModelId);
            Assert.Equal(CreatedAt(final), u.CreatedAt);
        });

        var response = updates.ToChatResponse();
        var message = Assert.Single(response.Messages);
        Assert.Equal(OutputText(final), message.Text);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        AssertUsage(final, response.Usage);

        var sent = Assert.Single(handler.Sent).Json;
        AssertRequestMatches(exchange.RequestBody!.Value, sent, "model", "stream");
        AssertStateless(sent);
        var item = Assert.Single(sent.GetProperty("input").EnumerateArray().ToList());
        AssertSameJson(exchange.RequestBody!.Value.GetProperty("input")[0], item);
    }

    [Fact]
    public async Task FunctionCallStreamingWorks_assembles_the_streamed_arguments_into_one_call()
    {
        var exchange = Exchanges("FunctionCallStreamingWorks.json").Single();
        var recorded = Events(exchange.ResponseBody);
        var final = FinalResponse(recorded);
        var recordedCall = final.GetProperty("output")[0];
        var handler = new ReplayHandler(exchange);
        using var client = new TestGateway().CreateClient(handler, "gpt-4o-mini", ChatDialect.Responses);

        var updates = await client.GetStreamingResponseAsync(
            [new ChatMessage(ChatRole.User, UserText(exchange))],
            new ChatOptions { Tools = [WeatherTool(exchange)] }).ToListAsync();

        var call = Assert.Single(updates.SelectMany(u => u.Contents).OfType<FunctionCallContent>());
        Assert.Equal(recordedCall.GetProperty("call_id").GetString(), call.CallId);
        Assert.Equal(recordedCall.GetProperty("name").GetString(), call.Name);
        Assert.Equal(ArgumentsOf(recordedCall), call.Arguments!.ToDictionary(kv => kv.Key, kv => kv.Value?.ToString()));
        Assert.Null(call.Exception);
        Assert.True(OfType(recorded, "response.function_call_arguments.delta").Count() > 1);

        var response = updates.ToChatResponse();
        Assert.Equal(ChatFinishReason.ToolCalls, response.FinishReason);
        Assert.Equal(final.GetProperty("id").GetString(), response.ResponseId);
        Assert.Equal(final.GetProperty("model").GetString(), response.ModelId);
        AssertUsage(final, response.Usage);

        var sent = Assert.Single(handler.Sent).Json;
        AssertRequestMatches(exchange.RequestBody!.Value, sent, "model", "stream", "input");
        AssertSameJson(exchange.RequestBody!.Value.GetProperty("tools"), sent.GetProperty("tools"));
        AssertStateless(sent);
    }

    [Fact]
    public async Task FunctionCallWorks_runs_the_tool_loop_statelessly_with_the_whole_history()
    {
        // The recording continued with previous_response_id and then read GET …/input_items. This client is stateless
        // (store:false, the whole history every call), so it replays the two POST answers and never makes that GET:
        // the third entry is deliberately not replayed.
        var exchanges = Exchanges("FunctionCallWorks.json");
        Assert.Equal("GET", exchanges[2].Method);
        var first = ResponseJson(exchanges[0]);
        var second = ResponseJson(exchanges[1]);
        var handler = new ReplayHandler(exchanges[0], exchanges[1]);
        using var client = new TestGateway().CreateClient(handler, "gpt-4o-mini", ChatDialect.Responses);
        var options = new ChatOptions { Tools = [WeatherTool(exchanges[0])] };
        List<ChatMessage> history = [new(ChatRole.User, UserText(exchanges[0]))];

        var callResponse = await client.GetResponseAsync(history, options);

        var recordedCall = first.GetProperty("output")[0];
        var call = Assert.Single(callResponse.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>());
        Assert.Equal(recordedCall.GetProperty("call_id").GetString(), call.CallId);
        Assert.Equal(recordedCall.GetProperty("name").GetString(), call.Name);
        Assert.Equal(ArgumentsOf(recordedCall), call.Arguments!.ToDictionary(kv => kv.Key, kv => kv.Value?.ToString()));
        Assert.Equal(ChatFinishReason.ToolCalls, callResponse.FinishReason);
        Assert.Equal(first.GetProperty("id").GetString(), callResponse.ResponseId);
        Assert.Equal(first.GetProperty("model").GetString(), callResponse.ModelId);
        Assert.Equal(CreatedAt(first), callResponse.CreatedAt);
        AssertUsage(first, callResponse.Usage);
        Assert.IsType<ResponseObject>(callResponse.RawRepresentation);

        var recordedOutput = exchanges[1].RequestBody!.Value.GetProperty("input")[0];
        history.AddRange(callResponse.Messages);
        history.Add(new ChatMessage(ChatRole.Tool, [new FunctionResultContent(call.CallId, recordedOutput.GetProperty("output").GetString())]));
        var answer = await client.GetResponseAsync(history, options);

        Assert.Equal(OutputText(second), answer.Text);
        Assert.Equal(ChatFinishReason.Stop, answer.FinishReason);
        Assert.Equal(second.GetProperty("id").GetString(), answer.ResponseId);
        AssertUsage(second, answer.Usage);

        var sent = handler.Sent[1].Json;
        AssertStateless(sent);
        var input = sent.GetProperty("input").EnumerateArray().ToList();
        Assert.Equal(3, input.Count);
        AssertSameJson(exchanges[0].RequestBody!.Value.GetProperty("input")[0], input[0]);
        Assert.Equal("function_call", input[1].GetProperty("type").GetString());
        Assert.Equal(recordedCall.GetProperty("call_id").GetString(), input[1].GetProperty("call_id").GetString());
        Assert.Equal(recordedCall.GetProperty("name").GetString(), input[1].GetProperty("name").GetString());
        Assert.Equal(ArgumentsOf(recordedCall), ArgumentsOf(input[1]));
        AssertSameJson(recordedOutput, input[2]);
        AssertSameJson(exchanges[1].RequestBody!.Value.GetProperty("tools"), sent.GetProperty("tools"));
    }

    [Fact]
    public async Task ResponsesWithReasoning_maps_the_summary_encrypted_content_and_reasoning_tokens()
    {
        var exchange = Exchanges("ResponsesWithReasoning.json").Single();
        var recorded = ResponseJson(exchange);
        var recordedRequest = exchange.RequestBody!.Value;
        var reasoningItem = recorded.GetProperty("output")[0];
        var handler = new ReplayHandler(exchange);
        using var client = new TestGateway().CreateClient(handler, "gpt-5.6", ChatDialect.Responses);

        var response = await client.GetResponseAsync(
            [new ChatMessage(ChatRole.User, UserText(exchange))],
            new ChatOptions
            {
                Instructions = recordedRequest.GetProperty("instructions").GetString(),
                Reasoning = new ReasoningOptions { Effort = ReasoningEffort.ExtraHigh, Output = ReasoningOutput.Full },
            });

        var contents = Assert.Single(response.Messages).Contents;
        var reasoning = Assert.IsType<TextReasoningContent>(contents[0]);
        Assert.Equal(reasoningItem.GetProperty("summary")[0].GetProperty("text").GetString(), reasoning.Text);
        Assert.Equal(reasoningItem.GetProperty("encrypted_content").GetString(), reasoning.ProtectedData);
        Assert.Equal(reasoningItem.GetProperty("id").GetString(), reasoning.AdditionalProperties![ResponsesPropertyKeys.ItemId]);
        Assert.Equal(OutputText(recorded), Assert.IsType<TextContent>(contents[1]).Text);
        Assert.Equal(2, contents.Count);
        Assert.Equal(recorded.GetProperty("model").GetString(), response.ModelId);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        AssertUsage(recorded, response.Usage);

        var sent = Assert.Single(handler.Sent).Json;
        AssertRequestMatches(recordedRequest, sent, "model", "instructions", "input");
        AssertSameJson(recordedRequest.GetProperty("reasoning"), sent.GetProperty("reasoning"));
        AssertStateless(sent);
        Assert.Equal(["reasoning.encrypted_content"], sent.GetProperty("include").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task StreamingResponsesWithReasoningSummaryAsync_replays_every_delta_and_matches_the_whole_response()
    {
        var exchange = Exchanges("StreamingResponsesWithReasoningSummaryAsync.json").Single();
        var recorded = Events(exchange.ResponseBody);
        var final = FinalResponse(recorded);
        var recordedRequest = exchange.RequestBody!.Value;
        var handler = new ReplayHandler(exchange);
        using var client = new TestGateway().CreateClient(handler, "o3-mini", ChatDialect.Responses);

        var updates = await client.GetStreamingResponseAsync(
            [new ChatMessage(ChatRole.User, UserText(exchange))],
            new ChatOptions
            {
                Instructions = recordedRequest.GetProperty("instructions").GetString(),
                Reasoning = new ReasoningOptions { Effort = ReasoningEffort.High, Output = ReasoningOutput.Summary },
            }).ToListAsync();

        Assert.Equal(OfType(recorded, "response.output_text.delta").Count(), updates.Count(u => u.Contents.OfType<TextContent>().Any()));
        Assert.Equal(OfType(recorded, "response.reasoning_summary_text.delta").Count(), updates.Count(u => u.Contents.OfType<TextReasoningContent>().Any()));
        var summaries = OfType(recorded, "response.reasoning_summary_text.done").Select(e => e.GetProperty("text").GetString()).ToList();
        Assert.Equal(3, summaries.Count);

        var streamed = updates.ToChatResponse();
        var message = Assert.Single(streamed.Messages);
        var reasoning = Assert.Single(message.Contents.OfType<TextReasoningContent>());
        Assert.Equal(string.Join("\n\n", summaries), reasoning.Text);
        Assert.Equal(final.GetProperty("output")[0].GetProperty("id").GetString(), reasoning.AdditionalProperties![ResponsesPropertyKeys.ItemId]);
        Assert.Equal(OfType(recorded, "response.output_text.done").Single().GetProperty("text").GetString(), message.Text);
        Assert.Equal(ChatFinishReason.Stop, streamed.FinishReason);
        AssertUsage(final, streamed.Usage);

        // The same answer read whole (the terminal event's response object) gives the same message.
        var route = new TestGateway().RouteFor(ChatDialect.Responses, "o3-mini");
        var whole = ResponsesDialect.Instance.ReadResponse(JsonSerializer.SerializeToUtf8Bytes(final), new(route, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, TimeProvider.System));
        Assert.Equal(whole.Text, streamed.Text);
        Assert.Equal(Assert.Single(whole.Messages[0].Contents.OfType<TextReasoningContent>()).Text, reasoning.Text);
        Assert.Equal(whole.ResponseId, streamed.ResponseId);
        Assert.Equal(whole.ModelId, streamed.ModelId);
        Assert.Equal(whole.CreatedAt, streamed.CreatedAt);
        Assert.Equal(whole.FinishReason, streamed.FinishReason);
        Assert.Equal(whole.Usage!.TotalTokenCount, streamed.Usage!.TotalTokenCount);

        var sent = Assert.Single(handler.Sent).Json;
        AssertRequestMatches(recordedRequest, sent, "model", "instructions", "input", "stream");
        AssertSameJson(recordedRequest.GetProperty("reasoning"), sent.GetProperty("reasoning"));
        AssertStateless(sent);
    }

    [Fact]
    public async Task MaxTokens_maps_an_incomplete_response_to_Length()
    {
        var exchange = Exchanges("MaxTokens.json").Single();
        var recorded = ResponseJson(exchange);
        var handler = new ReplayHandler(exchange);
        using var client = new TestGateway().CreateClient(handler, "gpt-4o-mini", ChatDialect.Responses);

        var response = await client.GetResponseAsync(
            [new ChatMessage(ChatRole.User, UserText(exchange))],
            new ChatOptions { MaxOutputTokens = exchange.RequestBody!.Value.GetProperty("max_output_tokens").GetInt32() });

        Assert.Equal("incomplete", recorded.GetProperty("status").GetString());
        Assert.Equal(ChatFinishReason.Length, response.FinishReason);
        Assert.Equal(OutputText(recorded), response.Text);
        Assert.Equal(recorded.GetProperty("id").GetString(), response.ResponseId);
        AssertUsage(recorded, response.Usage);
        Assert.Null(response.AdditionalProperties?.GetValueOrDefault(DialectPropertyKeys.RawFinishReason));

        var sent = Assert.Single(handler.Sent).Json;
        AssertRequestMatches(exchange.RequestBody!.Value, sent, "model", "max_output_tokens", "input");
        AssertStateless(sent);
    }

    [Fact]
    public async Task WebSearchCallWithReasoning_keeps_the_answer_and_cached_and_reasoning_tokens()
    {
        var exchange = Exchanges("WebSearchCallWithReasoning.json").Single();
        var recorded = ResponseJson(exchange);
        var handler = new ReplayHandler(exchange);
        using var client = new TestGateway().CreateClient(handler, "gpt-5.1", ChatDialect.Responses);

        var response = await client.GetResponseAsync(
            [new ChatMessage(ChatRole.User, UserText(exchange))],
            new ChatOptions { Tools = [new HostedWebSearchTool()], Reasoning = new ReasoningOptions { Effort = ReasoningEffort.High } });

        // Reasoning items without summary or encrypted content carry nothing to show; each web_search_call is a call
        // and a result (open_page and find_in_page actions have no queries), and the answer keeps its url_citation.
        var contents = Assert.Single(response.Messages).Contents;
        var searches = recorded.GetProperty("output").EnumerateArray().Where(i => i.GetProperty("type").GetString() == "web_search_call").Select(i => i.GetProperty("id").GetString()).ToList();
        Assert.Equal(searches, contents.OfType<WebSearchToolCallContent>().Select(c => c.CallId));
        Assert.Equal(searches, contents.OfType<WebSearchToolResultContent>().Select(c => c.CallId));
        var text = Assert.Single(contents.OfType<TextContent>());
        Assert.Equal(OutputText(recorded), text.Text);
        var citation = Assert.IsType<CitationAnnotation>(Assert.Single(text.Annotations!));
        Assert.Equal(new Uri("https://developers.openai.com/api/docs/guides/tools-web-search"), citation.Url);
        Assert.Equal("Web search | OpenAI API", citation.Title);
        var region = Assert.IsType<TextSpanAnnotatedRegion>(Assert.Single(citation.AnnotatedRegions!));
        Assert.Equal((590, 679), (region.StartIndex, region.EndIndex));
        Assert.Equal(4352, UsageDetail(recorded, "input_tokens_details", "cached_tokens"));
        AssertUsage(recorded, response.Usage);
        Assert.Equal(recorded.GetProperty("model").GetString(), response.ModelId);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);

        var sent = Assert.Single(handler.Sent).Json;
        AssertRequestMatches(exchange.RequestBody!.Value, sent, "model", "input");
        AssertSameJson(exchange.RequestBody!.Value.GetProperty("reasoning"), sent.GetProperty("reasoning"));
        AssertSameJson(exchange.RequestBody!.Value.GetProperty("tools"), sent.GetProperty("tools"));
    }

    [Fact]
    public async Task OpenAIError_stream_throws_the_mid_stream_error_with_code_and_message()
    {
        var events = Fixtures.ReadText(Path.Combine(Folder, "openai-error.1.chunks.txt")).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var error = OfType(events, "error").Single().GetProperty("error");
        var handler = ReplayHandler.Body(Fixtures.ChunksAsSse(Path.Combine(Folder, "openai-error.1.chunks.txt")), "text/event-stream");
        using var client = new TestGateway().CreateClient(handler, "gpt-5-nano", ChatDialect.Responses);
        var received = new List<ChatResponseUpdate>();

        var ex = await Assert.ThrowsAsync<RateLimitExceededException>(async () =>
        {
            await foreach (var update in client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "Hello")]))
            {
                received.Add(update);
            }
        });

        Assert.Empty(received);
        Assert.Equal(error.GetProperty("code").GetString(), ex.ErrorCode);
        Assert.Equal(error.GetProperty("message").GetString(), ex.ProviderMessage);
        Assert.Equal(ChatDialect.Responses, ex.Dialect);
        Assert.Equal("openai/gpt-5-nano", ex.ModelId);
        Assert.Null(ex.RequestId);
        Assert.Null(ex.RetryAfter);
    }

    [Fact]
    public async Task ReasoningModelTemperatureError_is_an_invalid_request_with_the_provider_message()
    {
        var body = Fixtures.ReadText(Path.Combine(Folder, "reasoning-model-temperature-error.json"));
        var error = JsonDocument.Parse(body).RootElement.GetProperty("error");
        var handler = ReplayHandler.Body(body, "application/json", status: 400);
        using var client = new TestGateway().CreateClient(handler, "gpt-5", ChatDialect.Responses);

        var ex = await Assert.ThrowsAsync<InvalidRequestException>(() =>
            client.GetResponseAsync([new ChatMessage(ChatRole.User, "Hello")], new ChatOptions { Temperature = 0.5f }));

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, ex.StatusCode);
        Assert.Equal(error.GetProperty("type").GetString(), ex.ErrorCode);
        Assert.Equal(error.GetProperty("message").GetString(), ex.ProviderMessage);
        Assert.Null(ex.RequestId);
        Assert.Null(ex.RetryAfter);
        Assert.False(ex.IsTransient);
    }

    internal static void AssertUsage(JsonElement response, UsageDetails? usage)
    {
        Assert.NotNull(usage);
        Assert.Equal(Usage(response, "input_tokens"), usage.InputTokenCount);
        Assert.Equal(Usage(response, "output_tokens"), usage.OutputTokenCount);
        Assert.Equal(Usage(response, "total_tokens"), usage.TotalTokenCount);
        Assert.Equal(UsageDetail(response, "input_tokens_details", "cached_tokens"), usage.CachedInputTokenCount);
        Assert.Equal(UsageDetail(response, "output_tokens_details", "reasoning_tokens"), usage.ReasoningTokenCount);
    }

    /// <summary>Every field named was sent with the recorded value.</summary>
    internal static void AssertRequestMatches(JsonElement recorded, JsonElement sent, params string[] fields)
    {
        foreach (var field in fields)
        {
            AssertSameJson(recorded.GetProperty(field), sent.GetProperty(field));
        }
    }

    internal static void AssertStateless(JsonElement sent)
    {
        Assert.False(sent.GetProperty("store").GetBoolean());
        Assert.False(sent.TryGetProperty("previous_response_id", out _));
        Assert.DoesNotContain("item_reference", sent.GetRawText(), StringComparison.Ordinal);
    }

    internal static void AssertSameJson(JsonElement expected, JsonElement actual) =>
        Assert.True(JsonElement.DeepEquals(expected, actual), $"Expected {expected.GetRawText()} but sent {actual.GetRawText()}");

    private static string UserText(RecordedExchange exchange) =>
        exchange.RequestBody!.Value.GetProperty("input")[0].GetProperty("content")[0].GetProperty("text").GetString()!;

    private static AIFunctionDeclaration WeatherTool(RecordedExchange exchange)
    {
        var tool = exchange.RequestBody!.Value.GetProperty("tools")[0];
        return AIFunctionFactory.CreateDeclaration(tool.GetProperty("name").GetString()!, tool.GetProperty("description").GetString(), tool.GetProperty("parameters"));
    }

    private static Dictionary<string, string?> ArgumentsOf(JsonElement functionCall) =>
        JsonDocument.Parse(functionCall.GetProperty("arguments").GetString()!).RootElement.EnumerateObject().ToDictionary(p => p.Name, p => (string?)p.Value.ToString());
}
