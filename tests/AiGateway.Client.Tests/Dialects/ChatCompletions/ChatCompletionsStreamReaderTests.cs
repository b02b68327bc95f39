using System.Net;
using System.Text;
using System.Text.Json;
using AiGateway.Client.Dialects.ChatCompletions;
using AiGateway.Client.Gateways;
using AiGateway.Client.Tests.TestSupport;
using Microsoft.Extensions.AI;
using static AiGateway.Client.Tests.Dialects.ChatCompletions.ChatCompletionsTestSupport;

namespace AiGateway.Client.Tests.Dialects.ChatCompletions;

public sealed class ChatCompletionsStreamReaderTests
{
    private const string Role = """{"id":"c1","object":"chat.completion.chunk","created":1700000000,"model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}""";
    private const string Usage = """{"id":"c1","object":"chat.completion.chunk","created":1700000000,"model":"m","choices":[],"usage":{"prompt_tokens":5,"completion_tokens":2,"total_tokens":7}}""";

    [Fact]
    public async Task A_stream_cut_before_its_finish_reason_and_DONE_is_malformed_after_the_text_so_far()
    {
        var updates = new List<ChatResponseUpdate>();
        using var client = ChatCompletionsFixtureReplayTests.CreateClient(ReplayHandler.Body(Sse(Role, Text("Hel"), Text("lo")), "text/event-stream"), "gpt-4o-mini");

        var ex = await Assert.ThrowsAsync<MalformedResponseException>(async () =>
        {
            await foreach (var update in client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "hi")]))
            {
                updates.Add(update);
            }
        });

        Assert.Equal("Hello", updates.ToChatResponse().Text);
        Assert.Contains("[DONE]", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_chunk_that_is_not_json_is_malformed()
    {
        var ex = await Assert.ThrowsAsync<MalformedResponseException>(() => StreamAsync(Sse(Role, "{\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"x\"") + "data: [DONE]\n\n"));

        Assert.Contains("event 2", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_event_types_and_unknown_objects_are_ignored_and_logged()
    {
        var logs = new ListLogger();
        var sse = Sse(Role)
            + "event: ping\ndata: {}\n\n"
            + "event: keepalive\ndata: still here\n\n"
            + ": a comment line\n\n"
            + Sse("""{"object":"heartbeat"}""", Text("ok"), Finish("stop"), Usage) + "data: [DONE]\n\n";

        var updates = await StreamAsync(sse, loggerFactory: logs);

        Assert.Equal("ok", updates.ToChatResponse().Text);
        Assert.Equal(3, logs.Entries.Count(e => e.EventId == 5));
    }

    [Fact]
    public async Task Unknown_fields_in_chunks_are_ignored()
    {
        var sse = Sse(
            """{"id":"c1","object":"chat.completion.chunk","created":1700000000,"model":"m","obfuscation":"abc","new":{"x":[1]},"choices":[{"index":0,"delta":{"role":"assistant","content":"","annotations":[]},"logprobs":null,"finish_reason":null,"extra":true}]}""",
            """{"id":"c1","object":"chat.completion.chunk","created":1700000000,"model":"m","choices":[{"index":0,"delta":{"content":"fine","future_field":{"a":1}},"finish_reason":null}],"usage":null,"obfuscation":"q"}""",
            Finish("stop"),
            Usage) + "data: [DONE]\n\n";

        var response = (await StreamAsync(sse)).ToChatResponse();

        Assert.Equal("fine", response.Text);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.Equal(7, response.Usage!.TotalTokenCount);
    }

    [Fact]
    public async Task An_error_chunk_in_the_middle_of_the_stream_throws_with_the_provider_message()
    {
        var updates = new List<ChatResponseUpdate>();
        var sse = Sse(Role, Text("partial"), """{"error":{"message":"The server is overloaded.","type":"server_error","param":null,"code":null}}""");
        using var client = ChatCompletionsFixtureReplayTests.CreateClient(ReplayHandler.Body(sse, "text/event-stream"), "gpt-4o-mini");

        var ex = await Assert.ThrowsAsync<ProviderUnavailableException>(async () =>
        {
            await foreach (var update in client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "hi")]))
            {
                updates.Add(update);
            }
        });

        Assert.Equal("The server is overloaded.", ex.ProviderMessage);
        Assert.True(ex.IsTransient);
        Assert.Equal("partial", updates.ToChatResponse().Text);
    }

    [Fact]
    public async Task An_error_event_throws_the_mapped_exception()
    {
        var sse = Sse(Role) + "event: error\ndata: {\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\",\"code\":\"rate_limit_exceeded\"}}\n\n";

        var ex = await Assert.ThrowsAsync<RateLimitExceededException>(() => StreamAsync(sse));

        Assert.Equal("rate_limit_exceeded", ex.ErrorCode);
        Assert.Equal("Rate limit reached", ex.ProviderMessage);
    }

    [Fact]
    public async Task Cancelling_in_the_middle_of_a_stream_stops_it_with_OperationCanceledException()
    {
        var handler = new StallingHandler(Encoding.UTF8.GetBytes(Sse(Role, Text("first"))));
        using var client = ChatCompletionsFixtureReplayTests.CreateClient(handler, "gpt-4o-mini");
        using var cts = new CancellationTokenSource();
        var updates = client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "hi")], cancellationToken: cts.Token).GetAsyncEnumerator(cts.Token);
        try
        {
            Assert.True(await updates.MoveNextAsync());
            Assert.True(await updates.MoveNextAsync());
            Assert.Equal("first", updates.Current.Text);

            var pending = updates.MoveNextAsync().AsTask();
            cts.Cancel();

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending);
        }
        finally
        {
            await updates.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_stream_that_ends_after_its_finish_reason_without_DONE_is_complete()
    {
        var logs = new ListLogger();

        var response = (await StreamAsync(Sse(Role, Text("done"), Finish("stop"), Usage), loggerFactory: logs)).ToChatResponse();

        Assert.Equal("done", response.Text);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.Equal(7, response.Usage!.TotalTokenCount);
        Assert.Contains(logs.Entries, e => e.EventId == 23);
    }

    [Fact]
    public async Task Tool_calls_still_open_at_DONE_without_a_finish_reason_are_emitted()
    {
        var sse = Sse(
            Role,
            """{"id":"c1","created":1,"model":"m","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"call_a","type":"function","function":{"name":"f","arguments":"{\"x\""}}]}}]}""",
            """{"id":"c1","created":1,"model":"m","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":":1}"}}]}}]}""") + "data: [DONE]\n\n";

        var response = (await StreamAsync(sse)).ToChatResponse();

        var call = Assert.Single(response.Messages.Single().Contents.OfType<FunctionCallContent>());
        Assert.Equal("call_a", call.CallId);
        Assert.Equal(1, ((JsonElement)call.Arguments!["x"]!).GetInt32());
        Assert.Equal(ChatFinishReason.ToolCalls, response.FinishReason);
    }

    [Fact]
    public async Task Vercel_usage_and_cost_on_the_finish_chunk_and_encrypted_reasoning_are_read()
    {
        // Shape recorded from ai-gateway.vercel.sh (charmbracelet/fantasy providertests, TestVercelCommon/gpt-5/tool_streaming.yaml).
        const string encrypted = """{"type":"reasoning.encrypted","data":"gAAAAABpgJBy","id":"rs_02e5","format":"openai-responses-v1","index":0}""";
        var sse = Sse(
            """{"id":"gen_01","object":"chat.completion.chunk","created":1770033266,"model":"openai/gpt-5","choices":[{"index":0,"delta":{"role":"assistant"},"logprobs":null,"finish_reason":null}]}""",
            $$$"""{"id":"gen_01","object":"chat.completion.chunk","created":1770033266,"model":"openai/gpt-5","choices":[{"index":0,"delta":{"reasoning_details":[{{{encrypted}}}]},"logprobs":null,"finish_reason":null}]}""",
            """{"id":"gen_01","object":"chat.completion.chunk","created":1770033266,"model":"openai/gpt-5","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"call_kj","type":"function","function":{"name":"weather","arguments":""}}]},"logprobs":null,"finish_reason":null}]}""",
            """{"id":"gen_01","object":"chat.completion.chunk","created":1770033266,"model":"openai/gpt-5","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\"location\":\"Florence, Italy\"}"}}]},"logprobs":null,"finish_reason":null}]}""",
            """{"id":"gen_01","object":"chat.completion.chunk","created":1770033266,"model":"openai/gpt-5","choices":[{"index":0,"delta":{"provider_metadata":{"openai":{"responseId":"resp_1"},"gateway":{"routing":{"attempts":[]},"cost":"0.00191875","marketCost":"0.00191875","generationId":"gen_01"}}},"logprobs":null,"finish_reason":"tool_calls"}],"usage":{"prompt_tokens":63,"completion_tokens":120,"total_tokens":183,"cost":0.00191875,"is_byok":false,"prompt_tokens_details":{"cached_tokens":0},"completion_tokens_details":{"reasoning_tokens":64},"cache_creation_input_tokens":0},"generationId":"gen_01"}""")
            + "data: [DONE]\n\n";

        var updates = await StreamAsync(sse, model: "openai/gpt-5");

        var response = updates.ToChatResponse();
        var contents = response.Messages.Single().Contents;
        var reasoning = Assert.IsType<TextReasoningContent>(contents[0]);
        Assert.Equal(encrypted, reasoning.ProtectedData);
        var call = Assert.IsType<FunctionCallContent>(contents[1]);
        Assert.Equal("Florence, Italy", ((JsonElement)call.Arguments!["location"]!).GetString());
        Assert.Equal(ChatFinishReason.ToolCalls, response.FinishReason);
        Assert.Equal(64, response.Usage!.ReasoningTokenCount);
        var usageUpdate = Assert.Single(updates, u => u.Contents.OfType<UsageContent>().Any());
        Assert.Equal(0.00191875m, usageUpdate.AdditionalProperties![AiGatewayPropertyKeys.CostUsd]);
    }

    [Fact]
    public async Task Signed_reasoning_streamed_in_fragments_goes_back_whole_on_the_next_turn()
    {
        var sse = Sse(
            Role,
            ReasoningDetail("""{"type":"reasoning.text","text":"I need ","format":"anthropic-claude-v1","index":0}""", "I need "),
            ReasoningDetail("""{"type":"reasoning.text","text":"the weather.","format":"anthropic-claude-v1","index":0}""", "the weather."),
            ReasoningDetail("""{"type":"reasoning.text","text":"","signature":"ErUBsig","format":"anthropic-claude-v1","index":0}""", null),
            """{"id":"c1","created":1,"model":"m","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"toolu_1","type":"function","function":{"name":"weather","arguments":"{}"}}]},"finish_reason":"tool_calls"}]}""",
            Usage) + "data: [DONE]\n\n";
        var handler = new ReplayHandler([
            () => new RecordedExchange("POST", new Uri("https://x.test/"), null, 200, "text/event-stream", sse, new Dictionary<string, string>()).ToResponse(),
            () => new RecordedExchange("POST", new Uri("https://x.test/"), null, 200, "application/json", MinimalCompletion, new Dictionary<string, string>()).ToResponse(),
        ]);
        using var client = ChatCompletionsFixtureReplayTests.CreateClient(handler, "anthropic/claude-sonnet-4.5");
        List<ChatMessage> history = [new(ChatRole.User, "weather?")];

        var first = (await ChatCompletionsFixtureReplayTests.ToListAsync(client.GetStreamingResponseAsync(history))).ToChatResponse();
        var reasoning = Assert.Single(first.Messages.Single().Contents.OfType<TextReasoningContent>());
        Assert.Equal("I need the weather.", reasoning.Text);
        history.AddRange(first.Messages);
        history.Add(new ChatMessage(ChatRole.Tool, [new FunctionResultContent("toolu_1", "sunny")]));
        await client.GetResponseAsync(history);

        var detail = Assert.Single(handler.Sent[1].Json.GetProperty("messages")[1].GetProperty("reasoning_details").EnumerateArray());
        Assert.Equal("I need the weather.", detail.GetProperty("text").GetString());
        Assert.Equal("ErUBsig", detail.GetProperty("signature").GetString());
        Assert.Equal("reasoning.text", detail.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Databricks_content_part_deltas_stream_reasoning_and_text()
    {
        var sse = Sse(
            Role,
            Delta("""{"content":[{"type":"reasoning","summary":[{"type":"summary_text","text":"Sky "}]}]}"""),
            Delta("""{"content":[{"type":"reasoning","summary":[{"type":"summary_text","text":"scatters.","signature":"EqoBsig"}]}]}"""),
            Delta("""{"content":[{"type":"text","text":"Blue light "}]}"""),
            Delta("""{"content":"scatters most."}"""),
            Finish("stop"),
            Usage) + "data: [DONE]\n\n";

        var response = (await StreamAsync(sse, model: "claude-sonnet-4-5")).ToChatResponse();

        var contents = response.Messages.Single().Contents;
        var reasoning = Assert.IsType<TextReasoningContent>(contents[0]);
        Assert.Equal("Sky scatters.", reasoning.Text);
        Assert.Contains("EqoBsig", reasoning.ProtectedData, StringComparison.Ordinal);
        Assert.Equal("Blue light scatters most.", response.Text);
    }

    [Fact]
    public async Task A_streamed_refusal_arrives_as_one_error_content()
    {
        var sse = Sse(Role, Delta("""{"refusal":"I can't "}"""), Delta("""{"refusal":"help."}"""), Finish("stop"), Usage) + "data: [DONE]\n\n";

        var response = (await StreamAsync(sse)).ToChatResponse();

        var refusal = Assert.IsType<ErrorContent>(Assert.Single(response.Messages.Single().Contents));
        Assert.Equal("I can't help.", refusal.Message);
        Assert.Equal(ChatCompletionsResponseMapper.RefusalErrorCode, refusal.ErrorCode);
    }

    [Fact]
    public async Task Usage_repeated_on_every_chunk_is_counted_once()
    {
        var sse = Sse(
            Role,
            """{"id":"c1","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"a"}}],"usage":{"prompt_tokens":5,"completion_tokens":1,"total_tokens":6}}""",
            """{"id":"c1","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"b"}}],"usage":{"prompt_tokens":5,"completion_tokens":2,"total_tokens":7}}""",
            """{"id":"c1","created":1,"model":"m","choices":[{"index":0,"delta":{},"finish_reason":"stop"}],"usage":{"prompt_tokens":5,"completion_tokens":3,"total_tokens":8}}""")
            + "data: [DONE]\n\n";

        var response = (await StreamAsync(sse)).ToChatResponse();

        Assert.Equal(5, response.Usage!.InputTokenCount);
        Assert.Equal(3, response.Usage.OutputTokenCount);
        Assert.Equal(8, response.Usage.TotalTokenCount);
    }

    [Fact]
    public async Task A_running_usage_cost_repeated_on_every_chunk_reports_the_last_cost()
    {
        var sse = Sse(
            Role,
            """{"id":"c1","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"a"}}],"usage":{"prompt_tokens":5,"completion_tokens":1,"total_tokens":6,"cost":0.001}}""",
            """{"id":"c1","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"b"}}],"usage":{"prompt_tokens":5,"completion_tokens":2,"total_tokens":7,"cost":0.002}}""",
            """{"id":"c1","created":1,"model":"m","choices":[{"index":0,"delta":{},"finish_reason":"stop"}],"usage":{"prompt_tokens":5,"completion_tokens":3,"total_tokens":8,"cost":0.003}}""")
            + "data: [DONE]\n\n";

        var usageUpdate = Assert.Single(await StreamAsync(sse), u => u.Contents.OfType<UsageContent>().Any());

        Assert.Equal(3, usageUpdate.Contents.OfType<UsageContent>().Single().Details.OutputTokenCount);
        Assert.Equal(0.003m, usageUpdate.AdditionalProperties![AiGatewayPropertyKeys.CostUsd]);
    }

    [Fact]
    public async Task A_gateway_cost_on_the_delta_wins_over_a_later_usage_cost()
    {
        var sse = Sse(
            Role,
            """{"id":"c1","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"a","provider_metadata":{"gateway":{"cost":"0.005"}}},"finish_reason":"stop"}]}""",
            """{"id":"c1","created":1,"model":"m","choices":[],"usage":{"prompt_tokens":5,"completion_tokens":3,"total_tokens":8,"cost":0.004}}""")
            + "data: [DONE]\n\n";

        var usageUpdate = Assert.Single(await StreamAsync(sse), u => u.Contents.OfType<UsageContent>().Any());

        Assert.Equal(0.005m, usageUpdate.AdditionalProperties![AiGatewayPropertyKeys.CostUsd]);
    }

    [Fact]
    public async Task Parallel_tool_calls_without_an_index_stay_separate_calls()
    {
        // Gemini's OpenAI-compatible stream: each call whole, with its own id and no index.
        var sse = Sse(
            Role,
            """{"id":"c1","created":1,"model":"m","choices":[{"index":0,"delta":{"tool_calls":[{"id":"call_a","type":"function","function":{"name":"weather","arguments":"{\"city\":\"Oslo\"}"}}]}}]}""",
            """{"id":"c1","created":1,"model":"m","choices":[{"index":0,"delta":{"tool_calls":[{"id":"call_b","type":"function","function":{"name":"time","arguments":"{\"zone\":\"CET\"}"}}]}}]}""",
            Finish("stop")) + "data: [DONE]\n\n";

        var calls = (await StreamAsync(sse)).ToChatResponse().Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().ToList();

        Assert.Equal(["call_a", "call_b"], calls.Select(c => c.CallId));
        Assert.Equal("Oslo", calls[0].Arguments!["city"]!.ToString());
        Assert.Equal("CET", calls[1].Arguments!["zone"]!.ToString());
    }

    [Fact]
    public async Task Arguments_split_across_fragments_without_an_index_or_id_continue_the_last_call()
    {
        var sse = Sse(
            Role,
            """{"id":"c1","created":1,"model":"m","choices":[{"index":0,"delta":{"tool_calls":[{"id":"call_a","type":"function","function":{"name":"weather","arguments":"{\"city\":"}}]}}]}""",
            """{"id":"c1","created":1,"model":"m","choices":[{"index":0,"delta":{"tool_calls":[{"function":{"arguments":"\"Oslo\"}"}}]}}]}""",
            Finish("tool_calls")) + "data: [DONE]\n\n";

        var call = Assert.Single((await StreamAsync(sse)).ToChatResponse().Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>());

        Assert.Equal("Oslo", call.Arguments!["city"]!.ToString());
    }

    [Fact]
    public async Task Choices_other_than_the_first_are_ignored()
    {
        var sse = Sse(
            Role,
            """{"id":"c1","created":1,"model":"m","choices":[{"index":1,"delta":{"content":"other"}},{"index":0,"delta":{"content":"mine"}}]}""",
            Finish("stop")) + "data: [DONE]\n\n";

        var response = (await StreamAsync(sse)).ToChatResponse();

        Assert.Equal("mine", response.Text);
    }

    [Fact]
    public async Task Updates_carry_role_ids_model_and_created_time()
    {
        var updates = await StreamAsync(Sse(Role, Text("x"), Finish("stop"), Usage) + "data: [DONE]\n\n");

        Assert.All(updates, u =>
        {
            Assert.Equal(ChatRole.Assistant, u.Role);
            Assert.Equal("c1", u.ResponseId);
            Assert.Equal("c1", u.MessageId);
            Assert.Equal("m", u.ModelId);
            Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1700000000), u.CreatedAt);
        });
    }

    [Fact]
    public async Task Streamed_updates_have_no_raw_representation_by_default()
    {
        var updates = await StreamAsync(Sse(Role, Text("x"), Finish("stop"), Usage) + "data: [DONE]\n\n");

        Assert.All(updates, u => Assert.Null(u.RawRepresentation));
    }

    [Fact]
    public async Task Streamed_updates_carry_their_chunk_when_IncludeStreamingRawRepresentation_is_on()
    {
        var handler = ReplayHandler.Body(Sse(Role, Text("x"), Finish("stop"), Usage) + "data: [DONE]\n\n", "text/event-stream");
        using var client = new AiGatewayChatClient(
            new AiGatewayOptions
            {
                DefaultModel = "gpt-4o-mini",
                PreferredDialect = ChatDialect.ChatCompletions,
                Environment = EnvironmentSource.FromDictionary([]),
                IncludeStreamingRawRepresentation = true,
            },
            GatewayEnvironment.FromProfiles(new TestGateway()),
            new HttpClient(handler));

        var updates = await ChatCompletionsFixtureReplayTests.ToListAsync(client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "hi")]));

        var raw = Assert.IsType<ChatCompletion>(updates[1].RawRepresentation);
        Assert.Equal("x", raw.Choices![0].Message!.Content);
    }

    [Fact]
    public async Task An_Azure_prompt_filter_chunk_with_empty_id_and_model_does_not_hide_the_real_ones()
    {
        var sse = Sse(
            """{"choices":[],"created":0,"id":"","model":"","object":"","prompt_filter_results":[{"prompt_index":0,"content_filter_results":{}}]}""",
            Role,
            Text("hi"),
            Finish("stop")) + "data: [DONE]\n\n";

        var updates = await StreamAsync(sse);

        var response = updates.ToChatResponse();
        Assert.Equal("c1", response.ResponseId);
        Assert.Equal("m", response.ModelId);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1700000000), response.CreatedAt);
        Assert.Equal("hi", response.Text);
    }

    private static string Text(string text) =>
        $$"""{"id":"c1","object":"chat.completion.chunk","created":1700000000,"model":"m","choices":[{"index":0,"delta":{"content":{{JsonSerializer.Serialize(text)}}},"finish_reason":null}]}""";

    private static string Delta(string delta) =>
        $$"""{"id":"c1","object":"chat.completion.chunk","created":1700000000,"model":"m","choices":[{"index":0,"delta":{{delta}},"finish_reason":null}]}""";

    private static string Finish(string reason) =>
        $$"""{"id":"c1","object":"chat.completion.chunk","created":1700000000,"model":"m","choices":[{"index":0,"delta":{},"finish_reason":"{{reason}}"}]}""";

    private static string ReasoningDetail(string detail, string? reasoning) =>
        Delta(reasoning is null ? $$"""{"reasoning_details":[{{detail}}]}""" : $$"""{"reasoning":{{JsonSerializer.Serialize(reasoning)}},"reasoning_details":[{{detail}}]}""");

    /// <summary>Answers with an SSE body that sends <c>head</c> and then waits until the read is cancelled.</summary>
    private sealed class StallingHandler(byte[] head) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var content = new StreamContent(new StallingStream(head));
            content.Headers.TryAddWithoutValidation("Content-Type", "text/event-stream");
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = content, RequestMessage = request });
        }
    }
}
