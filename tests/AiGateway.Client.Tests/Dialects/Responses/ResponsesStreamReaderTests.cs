using System.IO.Pipelines;
using System.Net;
using System.Text;
using AiGateway.Client.Dialects;
using AiGateway.Client.Dialects.Responses;
using AiGateway.Client.Tests.TestSupport;
using Microsoft.Extensions.AI;

namespace AiGateway.Client.Tests.Dialects.Responses;

/// <summary>Hand-written Responses event streams: the cases the recordings do not cover.</summary>
public class ResponsesStreamReaderTests
{
    private const string Created = """{"type":"response.created","response":{"id":"resp_1","created_at":1700000000,"status":"in_progress","model":"gpt-5-2025","output":[]}}""";
    private const string Completed = """{"type":"response.completed","response":{"id":"resp_1","created_at":1700000000,"status":"completed","model":"gpt-5-2025","output":[],"usage":{"input_tokens":5,"output_tokens":7,"total_tokens":12}}}""";

    [Fact]
    public async Task Parallel_function_calls_with_interleaved_argument_deltas_are_assembled_per_item()
    {
        var updates = await ReadAsync(
            Created,
            """{"type":"response.output_item.added","output_index":0,"item":{"type":"function_call","id":"fc_a","call_id":"call_a","name":"get_weather","arguments":""}}""",
            """{"type":"response.output_item.added","output_index":1,"item":{"type":"function_call","id":"fc_b","call_id":"call_b","name":"get_time","arguments":""}}""",
            """{"type":"response.function_call_arguments.delta","output_index":0,"delta":"{\"city\":"}""",
            """{"type":"response.function_call_arguments.delta","output_index":1,"delta":"{\"zone\":\"C"}""",
            """{"type":"response.function_call_arguments.delta","output_index":0,"delta":"\"Paris\"}"}""",
            """{"type":"response.function_call_arguments.delta","output_index":1,"delta":"ET\"}"}""",
            """{"type":"response.output_item.done","output_index":0,"item":{"type":"function_call","id":"fc_a","call_id":"call_a","name":"get_weather","arguments":"{\"city\":\"Paris\"}"}}""",
            """{"type":"response.output_item.done","output_index":1,"item":{"type":"function_call","id":"fc_b","call_id":"call_b","name":"get_time","arguments":"{\"zone\":\"CET\"}"}}""",
            Completed);

        var calls = updates.SelectMany(u => u.Contents).OfType<FunctionCallContent>().ToList();
        Assert.Equal(["call_a", "call_b"], calls.Select(c => c.CallId));
        Assert.Equal("Paris", calls[0].Arguments!["city"]?.ToString());
        Assert.Equal("CET", calls[1].Arguments!["zone"]?.ToString());
        Assert.Equal(ChatFinishReason.ToolCalls, updates.ToChatResponse().FinishReason);
    }

    [Fact]
    public async Task Calls_still_open_at_completion_are_completed_from_their_deltas()
    {
        var updates = await ReadAsync(
            Created,
            """{"type":"response.output_item.added","output_index":0,"item":{"type":"function_call","call_id":"call_a","name":"f"}}""",
            """{"type":"response.function_call_arguments.delta","output_index":0,"delta":"{\"x\":1}"}""",
            Completed);

        var call = Assert.Single(updates.SelectMany(u => u.Contents).OfType<FunctionCallContent>());
        Assert.Equal("1", call.Arguments!["x"]?.ToString());
        Assert.Equal(ChatFinishReason.ToolCalls, updates[^1].FinishReason);
    }

    [Fact]
    public async Task Reasoning_summary_parts_stream_as_one_reasoning_content_with_id_and_encrypted_content()
    {
        var updates = await ReadAsync(
            Created,
            """{"type":"response.output_item.added","output_index":0,"item":{"type":"reasoning","id":"rs_9","summary":[]}}""",
            """{"type":"response.reasoning_summary_text.delta","output_index":0,"summary_index":0,"delta":"First"}""",
            """{"type":"response.reasoning_summary_text.delta","output_index":0,"summary_index":0,"delta":" part."}""",
            """{"type":"response.reasoning_summary_text.delta","output_index":0,"summary_index":1,"delta":"Second."}""",
            """{"type":"response.output_item.done","output_index":0,"item":{"type":"reasoning","id":"rs_9","encrypted_content":"gAAAA","summary":[{"type":"summary_text","text":"First part."},{"type":"summary_text","text":"Second."}]}}""",
            """{"type":"response.output_text.delta","output_index":1,"delta":"Answer"}""",
            Completed);

        var reasoning = Assert.Single(updates.ToChatResponse().Messages.SelectMany(m => m.Contents).OfType<TextReasoningContent>());
        Assert.Equal("First part.\n\nSecond.", reasoning.Text);
        Assert.Equal("gAAAA", reasoning.ProtectedData);
        Assert.Equal("rs_9", reasoning.AdditionalProperties![ResponsesPropertyKeys.ItemId]);
    }

    [Fact]
    public async Task Items_that_arrive_only_when_done_are_mapped_whole()
    {
        var updates = await ReadAsync(
            Created,
            """{"type":"response.output_item.done","output_index":0,"item":{"type":"reasoning","id":"rs_1","encrypted_content":"enc","summary":[{"type":"summary_text","text":"Why."}]}}""",
            """{"type":"response.output_item.done","output_index":1,"item":{"type":"message","role":"assistant","content":[{"type":"output_text","text":"Because."}]}}""",
            Completed);

        var response = updates.ToChatResponse();
        Assert.Equal("Because.", response.Text);
        var reasoning = Assert.Single(response.Messages[0].Contents.OfType<TextReasoningContent>());
        Assert.Equal(("Why.", "enc"), (reasoning.Text, reasoning.ProtectedData));
    }

    [Fact]
    public async Task A_stream_of_only_the_final_response_yields_its_output()
    {
        var updates = await ReadAsync(
            """{"type":"response.completed","response":{"id":"resp_1","status":"completed","model":"m","output":[{"type":"message","role":"assistant","content":[{"type":"output_text","text":"All at once."}]}]}}""");

        Assert.Equal("All at once.", updates.ToChatResponse().Text);
        Assert.Equal(ChatFinishReason.Stop, updates[^1].FinishReason);
    }

    [Fact]
    public async Task Refusal_streams_once_at_its_done_event()
    {
        var updates = await ReadAsync(
            Created,
            """{"type":"response.output_item.added","output_index":0,"item":{"type":"message","id":"msg_1","role":"assistant","content":[]}}""",
            """{"type":"response.refusal.delta","output_index":0,"content_index":0,"delta":"No."}""",
            """{"type":"response.refusal.done","output_index":0,"content_index":0,"refusal":"No."}""",
            """{"type":"response.output_item.done","output_index":0,"item":{"type":"message","id":"msg_1","role":"assistant","content":[{"type":"refusal","refusal":"No."}]}}""",
            Completed);

        var refusal = Assert.Single(updates.SelectMany(u => u.Contents).OfType<ErrorContent>());
        Assert.Equal(("No.", "Refusal"), (refusal.Message, refusal.ErrorCode));
    }

    [Fact]
    public async Task Incomplete_terminal_event_ends_the_stream_with_Length()
    {
        var updates = await ReadAsync(
            Created,
            """{"type":"response.output_text.delta","output_index":0,"delta":"Cut"}""",
            """{"type":"response.incomplete","response":{"id":"resp_1","status":"incomplete","incomplete_details":{"reason":"max_output_tokens"},"output":[],"usage":{"input_tokens":1,"output_tokens":1,"total_tokens":2}}}""");

        Assert.Equal(ChatFinishReason.Length, updates[^1].FinishReason);
        Assert.Equal(2, updates.ToChatResponse().Usage!.TotalTokenCount);
    }

    [Fact]
    public async Task Updates_carry_response_id_message_id_model_and_creation_time()
    {
        var updates = await ReadAsync(Created, """{"type":"response.output_text.delta","output_index":0,"delta":"Hi"}""", Completed);

        Assert.All(updates, u =>
        {
            Assert.Equal("resp_1", u.ResponseId);
            Assert.Equal("resp_1", u.MessageId);
            Assert.Equal("gpt-5-2025", u.ModelId);
            Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1700000000), u.CreatedAt);
            Assert.Equal(ChatRole.Assistant, u.Role);
        });
        Assert.All(updates, u => Assert.Null(u.RawRepresentation));
    }

    [Fact]
    public async Task Updates_carry_their_event_when_raw_representations_are_asked_for()
    {
        var updates = await ReadDirectAsync(
            Sse(Created, """{"type":"response.output_text.delta","output_index":0,"delta":"Hi"}""", Completed),
            new ListLogger(),
            includeRawRepresentation: true);

        Assert.Equal("Hi", updates[0].Text);
        Assert.All(updates, u => Assert.IsType<ResponseStreamEvent>(u.RawRepresentation));
    }

    [Fact]
    public async Task Deltas_that_switch_items_and_items_replaced_at_an_index_give_the_updates_of_the_event_parser()
    {
        // The reader remembers the item of the last delta; switching items, and an item added or done at that index,
        // must not leave it on a stale item (the first delta of each reasoning item carries that item's id).
        var sse = Sse(
            Created,
            """{"type":"response.output_item.added","output_index":0,"item":{"type":"reasoning","id":"rs_1","summary":[]}}""",
            """{"type":"response.reasoning_summary_text.delta","output_index":0,"summary_index":0,"delta":"One "}""",
            """{"type":"response.output_text.delta","output_index":1,"delta":"Text "}""",
            """{"type":"response.reasoning_summary_text.delta","output_index":0,"summary_index":1,"delta":"two "}""",
            """{"type":"response.output_item.done","output_index":0,"item":{"type":"reasoning","id":"rs_1","summary":[],"encrypted_content":"enc1"}}""",
            """{"type":"response.output_item.added","output_index":0,"item":{"type":"reasoning","id":"rs_2","summary":[]}}""",
            """{"type":"response.reasoning_summary_text.delta","output_index":0,"summary_index":0,"delta":"Three "}""",
            """{"type":"response.output_item.added","output_index":0,"item":{"type":"reasoning","id":"rs_3","summary":[]}}""",
            """{"type":"response.reasoning_summary_text.delta","output_index":0,"summary_index":0,"delta":"Four "}""",
            """{"type":"response.output_text.delta","output_index":1,"delta":"more."}""",
            Completed);

        var hot = await ReadDirectAsync(sse, new ListLogger());
        var full = await ReadDirectAsync(sse, new ListLogger(), includeRawRepresentation: true);

        Assert.Equal(full.Select(Describe), hot.Select(Describe));
        Assert.Equal(
            ["rs_1", "rs_2", "rs_3"],
            hot.SelectMany(u => u.Contents).OfType<TextReasoningContent>().Select(r => r.AdditionalProperties?.Values.FirstOrDefault()?.ToString()).OfType<string>());
    }

    [Fact]
    public async Task Hot_deltas_give_the_updates_of_the_event_parser()
    {
        var sse = Sse(
            Created,
            """{"type":"response.output_item.added","output_index":0,"item":{"type":"reasoning","id":"rs_1","summary":[]}}""",
            """{"type":"response.reasoning_summary_text.delta","output_index":0,"summary_index":0,"delta":"Think "}""",
            """{"type":"response.reasoning_summary_text.delta","output_index":0,"summary_index":1,"delta":"again."}""",
            """{"type":"response.output_item.done","output_index":0,"item":{"type":"reasoning","id":"rs_1","summary":[]}}""",
            """{"type":"response.output_text.delta","item_id":"msg_1","output_index":1,"content_index":0,"delta":"Caf\u00e9 ","obfuscation":"x"}""",
            """{"sequence_number":9,"type":"response.output_text.delta","output_index":1,"delta":"late type "}""",
            """{"type":"response.output_text.delta","output_index":"1","delta":"string index"}""",
            """{"type":"response.output_item.added","output_index":2,"item":{"type":"function_call","id":"fc_1","call_id":"call_1","name":"f","arguments":""}}""",
            """{"type":"response.function_call_arguments.delta","output_index":2,"delta":"{\"a\":\"\u00fc"}""",
            """{"type":"response.function_call_arguments.delta","output_index":2,"delta":null}""",
            """{"type":"response.function_call_arguments.delta","output_index":2,"delta":"\"}"}""",
            """{"type":"response.output_item.done","output_index":2,"item":{"type":"function_call","id":"fc_1","call_id":"call_1","name":"f"}}""",
            Completed);

        var hot = await ReadDirectAsync(sse, new ListLogger());
        var full = await ReadDirectAsync(sse, new ListLogger(), includeRawRepresentation: true);

        Assert.Equal(full.Select(Describe), hot.Select(Describe));
        Assert.Equal("ü", Assert.Single(hot.SelectMany(u => u.Contents).OfType<FunctionCallContent>()).Arguments!["a"]!.ToString());
    }

    [Fact]
    public async Task Unknown_event_types_are_ignored_and_logged()
    {
        var logger = new ListLogger();

        var updates = await ReadDirectAsync(
            Sse(Created, """{"type":"response.brand_new_thing","payload":{"a":[1,2]}}""", """{"type":"response.output_text.delta","output_index":0,"delta":"Hi"}""", Completed),
            logger);

        Assert.Equal("Hi", updates.ToChatResponse().Text);
        Assert.Contains(logger.Entries, e => e.EventId == 5 && e.Message.Contains("response.brand_new_thing", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Known_events_without_content_are_not_logged_as_unknown()
    {
        var logger = new ListLogger();

        await ReadDirectAsync(
            Sse(
                Created,
                """{"type":"response.content_part.added","output_index":0,"content_index":0,"part":{"type":"output_text","text":""}}""",
                """{"type":"response.web_search_call.searching","output_index":0,"item_id":"ws_1"}""",
                """{"type":"response.output_text.annotation.added","output_index":0,"annotation":{"type":"url_citation"}}""",
                Completed),
            logger);

        Assert.DoesNotContain(logger.Entries, e => e.EventId == 5);
    }

    [Fact]
    public async Task Unknown_fields_in_events_are_ignored()
    {
        var updates = await ReadAsync(
            """{"type":"response.created","brand_new":{"deep":[{"x":1}]},"response":{"id":"resp_1","status":"in_progress","novel":true,"output":[]}}""",
            """{"obfuscation":"xyz","type":"response.output_text.delta","logprobs":[{"token":"H","bytes":[72]}],"output_index":0,"content_index":0,"delta":"Hi","extra":{"a":[]}}""",
            Completed);

        Assert.Equal("Hi", updates.ToChatResponse().Text);
    }

    [Fact]
    public async Task Event_type_falls_back_to_the_sse_event_name()
    {
        const string sse = "event: response.output_text.delta\ndata: {\"output_index\":0,\"delta\":\"Named\"}\n\n";

        var updates = await ReadSseAsync(Sse(Created) + sse + Sse(Completed));

        Assert.Equal("Named", updates.ToChatResponse().Text);
    }

    [Fact]
    public async Task A_DONE_sentinel_from_a_proxy_is_tolerated()
    {
        var updates = await ReadSseAsync(Sse(Created, """{"type":"response.output_text.delta","output_index":0,"delta":"Hi"}""") + "data: [DONE]\n\n" + Sse(Completed));

        Assert.Equal("Hi", updates.ToChatResponse().Text);
    }

    [Fact]
    public async Task Stream_without_a_terminal_event_is_MalformedResponseException()
    {
        var received = new List<ChatResponseUpdate>();

        var ex = await Assert.ThrowsAsync<MalformedResponseException>(() =>
            CollectAsync(Sse(Created, """{"type":"response.output_text.delta","output_index":0,"delta":"Half an ans"}"""), received));

        Assert.Equal("Half an ans", Assert.Single(received).Text);
        Assert.Contains("response.completed", ex.Message, StringComparison.Ordinal);
        Assert.Equal(ChatDialect.Responses, ex.Dialect);
    }

    [Fact]
    public async Task Invalid_json_in_an_event_is_MalformedResponseException()
    {
        await Assert.ThrowsAsync<MalformedResponseException>(() =>
            CollectAsync(Sse(Created, """{"type":"response.output_text.delta","output_index":0,"delta":"Hi"""), []));
    }

    [Fact]
    public async Task Mid_stream_error_event_in_the_flat_shape_throws_with_code_and_message_after_the_text_so_far()
    {
        var received = new List<ChatResponseUpdate>();

        var ex = await Assert.ThrowsAsync<ProviderUnavailableException>(() => CollectAsync(
            Sse(Created, """{"type":"response.output_text.delta","output_index":0,"delta":"Partial"}""", """{"type":"error","code":"server_error","message":"The server had an error.","param":null,"sequence_number":3}"""),
            received));

        Assert.Equal("Partial", Assert.Single(received).Text);
        Assert.Equal("server_error", ex.ErrorCode);
        Assert.Equal("The server had an error.", ex.ProviderMessage);
        Assert.True(ex.IsTransient);
    }

    [Fact]
    public async Task Response_failed_throws_with_the_response_error()
    {
        var ex = await Assert.ThrowsAsync<RateLimitExceededException>(() => CollectAsync(
            Sse(Created, """{"type":"response.failed","response":{"id":"resp_1","status":"failed","error":{"code":"rate_limit_exceeded","message":"Slow down."},"output":[]}}"""),
            []));

        Assert.Equal("rate_limit_exceeded", ex.ErrorCode);
        Assert.Equal("Slow down.", ex.ProviderMessage);
    }

    [Fact]
    public async Task Cancelling_mid_stream_stops_reading_with_OperationCanceledException()
    {
        // The body stays open after the first delta, as a slow model's would; only cancellation can end the read.
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync(Encoding.UTF8.GetBytes(Sse(Created, """{"type":"response.output_text.delta","output_index":0,"delta":"First"}""")));
        var handler = new ReplayHandler([() => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(pipe.Reader.AsStream()) }]);
        using var client = new TestGateway().CreateClient(handler, "gpt-5", ChatDialect.Responses);
        using var cts = new CancellationTokenSource();
        var received = new List<ChatResponseUpdate>();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var update in client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "Hi")], cancellationToken: cts.Token))
            {
                received.Add(update);
                await cts.CancelAsync();
            }
        });

        Assert.Equal("First", Assert.Single(received).Text);
    }

    internal static string Sse(params string[] events) => string.Concat(events.Select(e => $"data: {e}\n\n"));

    private static Task<List<ChatResponseUpdate>> ReadAsync(params string[] events) => ReadSseAsync(Sse(events));

    private static async Task<List<ChatResponseUpdate>> ReadSseAsync(string sse)
    {
        var updates = new List<ChatResponseUpdate>();
        await CollectAsync(sse, updates);
        return updates;
    }

    private static async Task CollectAsync(string sse, List<ChatResponseUpdate> received)
    {
        using var client = new TestGateway().CreateClient(ReplayHandler.Body(sse, "text/event-stream"), "gpt-5", ChatDialect.Responses);
        await foreach (var update in client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "Hi")]))
        {
            received.Add(update);
        }
    }

    private static async Task<List<ChatResponseUpdate>> ReadDirectAsync(string sse, ListLogger logger, bool includeRawRepresentation = false)
    {
        var route = new TestGateway().RouteFor(ChatDialect.Responses, "gpt-5");
        using var body = new MemoryStream(Encoding.UTF8.GetBytes(sse));
        var context = new DialectResponseContext(route, logger, TimeProvider.System) { IncludeRawRepresentation = includeRawRepresentation };
        return await ResponsesDialect.Instance.ReadStreamAsync(body, context, CancellationToken.None).ToListAsync();
    }

    /// <summary>What a consumer sees of an update (everything but the raw representation).</summary>
    private static string Describe(ChatResponseUpdate update) =>
        $"{update.ResponseId}|{update.MessageId}|{update.ModelId}|{update.CreatedAt}|{update.FinishReason}|" + string.Join(
            ",",
            update.Contents.Select(c => c switch
            {
                TextContent t => "text:" + t.Text,
                TextReasoningContent r => $"reasoning:{r.Text}|{r.ProtectedData}|{string.Join(";", r.AdditionalProperties ?? [])}",
                FunctionCallContent f => $"call:{f.CallId}|{f.Name}|{string.Join(";", f.Arguments ?? new Dictionary<string, object?>())}",
                UsageContent u => $"usage:{u.Details.TotalTokenCount}",
                _ => c.GetType().Name,
            }));
}
