using System.Net;
using System.Text;
using AiGateway.Client.Dialects;
using AiGateway.Client.Dialects.GenerateContent;
using AiGateway.Client.Testing;
using AiGateway.Client.Tests.TestSupport;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;
using static AiGateway.Client.Tests.Dialects.GenerateContent.GeminiTestSupport;

namespace AiGateway.Client.Tests.Dialects.GenerateContent;

/// <summary>Streaming edge cases of the generateContent reader.</summary>
public sealed class GenerateContentStreamTests
{
    private const string TextChunk = """{"candidates":[{"content":{"role":"model","parts":[{"text":"Hello"}]}}],"usageMetadata":{"promptTokenCount":3,"totalTokenCount":3},"responseId":"s1"}""";
    private const string FinalChunk = """{"candidates":[{"content":{"role":"model","parts":[{"text":" world"}]},"finishReason":"STOP"}],"usageMetadata":{"promptTokenCount":3,"candidatesTokenCount":2,"totalTokenCount":5},"responseId":"s1"}""";

    [Fact]
    public async Task Repeated_and_changing_chunk_values_are_read_per_chunk()
    {
        const string First = """{"candidates":[{"content":{"role":"model","parts":[{"text":"a"}]}}],"modelVersion":"gemini-2.5-flash","responseId":"r1","createTime":"2026-12-05T10:00:00Z"}""";
        const string Second = """{"candidates":[{"content":{"role":"model","parts":[{"text":"b"}]}}],"modelVersion":"gemini-2.5-flash","responseId":"r1","createTime":"2026-12-05T10:00:00Z"}""";
        const string Changed = """{"candidates":[{"content":{"role":"model","parts":[{"text":"c"}]},"finishReason":"STOP"}],"modelVersion":"gemini-2.5-flash-\u0032","responseId":"r2","createTime":"2026-12-05T10:00:01Z"}""";
        var updates = await ReadDirectAsync(SseOf([First, Second, Changed]), includeRawRepresentation: false);

        Assert.Equal(["gemini-2.5-flash", "gemini-2.5-flash", "gemini-2.5-flash-2"], updates.Select(u => u.ModelId));
        Assert.All(updates, u => Assert.Equal("r1", u.ResponseId)); // the first id names the whole stream
        Assert.All(updates, u => Assert.Equal(new DateTimeOffset(2026, 12, 5, 10, 0, 0, TimeSpan.Zero), u.CreatedAt));
        Assert.Same(updates[0].ModelId, updates[1].ModelId);
    }

    [Fact]
    public async Task Streamed_updates_carry_no_raw_representation_unless_asked()
    {
        var sse = SseOf([TextChunk, FinalChunk]);

        var plain = await ReadDirectAsync(sse, includeRawRepresentation: false);
        var raw = await ReadDirectAsync(sse, includeRawRepresentation: true);

        Assert.All(plain, u => Assert.Null(u.RawRepresentation));
        Assert.All(plain.SelectMany(u => u.Contents), c => Assert.Null(c.RawRepresentation));
        Assert.All(raw.Where(u => u.Contents.Any(c => c is TextContent)), u => Assert.IsType<GenerateContentResponseDto>(u.RawRepresentation));
        Assert.Equal(raw.Select(u => u.Text), plain.Select(u => u.Text));
    }

    [Fact]
    public async Task A_stream_that_ends_without_a_finish_reason_is_truncated_not_a_short_answer()
    {
        var lines = File.ReadAllLines(Fixtures.PathOf(Folder + "/google-text.chunks.txt")).Where(l => l.Length > 0).ToArray();
        using var client = GeminiClient(Sse(lines[..^1]));
        var received = new List<ChatResponseUpdate>();

        var ex = await Assert.ThrowsAsync<MalformedResponseException>(async () =>
        {
            await foreach (var update in client.GetStreamingResponseAsync("hi"))
            {
                received.Add(update);
            }
        });

        Assert.Contains("finishReason", ex.Message, StringComparison.Ordinal);
        Assert.Equal(2, received.Count);
        Assert.Equal(AiGateway.Client.ChatDialect.GenerateContent, ex.Dialect);
    }

    [Fact]
    public async Task Bad_base64_image_data_in_a_stream_is_a_malformed_response_as_it_is_for_a_whole_body()
    {
        const string BadImage = """{"candidates":[{"content":{"role":"model","parts":[{"inlineData":{"mimeType":"image/png","data":"not*base64!"}}]},"finishReason":"STOP"}],"responseId":"s2"}""";
        using var client = GeminiClient(ReplayHandler.Body($"data: {BadImage}\n\n", "text/event-stream"));

        var ex = await Assert.ThrowsAsync<MalformedResponseException>(() => CollectAsync(client.GetStreamingResponseAsync("draw")));

        Assert.IsType<FormatException>(ex.InnerException);
        Assert.Equal(AiGateway.Client.ChatDialect.GenerateContent, ex.Dialect);
    }

    [Fact]
    public async Task An_empty_stream_is_truncated()
    {
        using var client = GeminiClient(ReplayHandler.Body(string.Empty, "text/event-stream"));

        await Assert.ThrowsAsync<MalformedResponseException>(() => CollectAsync(client.GetStreamingResponseAsync("hi")));
    }

    [Fact]
    public async Task Events_of_an_unknown_type_are_ignored()
    {
        var sse = $"event: ping\ndata: {{\"not\":\"a chunk\"}}\n\ndata: {TextChunk}\n\nevent: future_event\ndata: [1,2]\n\ndata: {FinalChunk}\n\n";
        using var client = GeminiClient(ReplayHandler.Body(sse, "text/event-stream"));

        var response = (await CollectAsync(client.GetStreamingResponseAsync("hi"))).ToChatResponse();

        Assert.Equal("Hello world", response.Text);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
    }

    [Fact]
    public async Task A_mid_stream_error_chunk_becomes_the_mapped_exception_after_the_text_so_far()
    {
        const string Error = """{"error":{"code":503,"message":"The model is overloaded. Please try again later.","status":"UNAVAILABLE"}}""";
        using var client = GeminiClient(Sse(TextChunk, Error));
        var received = new List<ChatResponseUpdate>();

        var ex = await Assert.ThrowsAsync<ProviderUnavailableException>(async () =>
        {
            await foreach (var update in client.GetStreamingResponseAsync("hi"))
            {
                received.Add(update);
            }
        });

        Assert.Equal("Hello", Assert.Single(received).Text);
        Assert.Equal("UNAVAILABLE", ex.ErrorCode);
        Assert.Equal("The model is overloaded. Please try again later.", ex.ProviderMessage);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ex.StatusCode);
        Assert.True(ex.IsTransient);
    }

    [Fact]
    public async Task A_chunk_that_is_not_json_is_a_malformed_response()
    {
        using var client = GeminiClient(Sse(TextChunk, "{\"candidates\":[{\"content\":"));

        var ex = await Assert.ThrowsAsync<MalformedResponseException>(() => CollectAsync(client.GetStreamingResponseAsync("hi")));

        Assert.Contains("event 2", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_blocked_prompt_ends_the_stream_with_content_filter()
    {
        using var client = GeminiClient(Sse("""{"promptFeedback":{"blockReason":"PROHIBITED_CONTENT"},"usageMetadata":{"promptTokenCount":4,"totalTokenCount":4},"responseId":"b1"}"""));

        var updates = await CollectAsync(client.GetStreamingResponseAsync("hi"));

        var response = updates.ToChatResponse();
        Assert.Equal(ChatFinishReason.ContentFilter, response.FinishReason);
        Assert.Equal("PROHIBITED_CONTENT", MessageProperty(response, "blockReason"));
        Assert.Equal(4, response.Usage?.InputTokenCount);
    }

    [Fact]
    public async Task Cancelling_mid_stream_stops_reading_and_throws_cancellation()
    {
        var first = Encoding.UTF8.GetBytes($"data: {TextChunk}\n\n");
        using var handler = new ReplayHandler([() => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new StallingStream(first)) }]);
        using var client = GeminiClient(handler);
        using var cancellation = new CancellationTokenSource();
        var received = new List<ChatResponseUpdate>();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var update in client.GetStreamingResponseAsync("hi", cancellationToken: cancellation.Token))
            {
                received.Add(update);
                await cancellation.CancelAsync();
            }
        });

        Assert.Equal("Hello", Assert.Single(received).Text);
    }

    [Fact]
    public async Task Usage_is_reported_once_with_the_last_cumulative_numbers()
    {
        using var client = GeminiClient(Sse(TextChunk, FinalChunk));

        var updates = await CollectAsync(client.GetStreamingResponseAsync("hi"));

        var usage = Assert.Single(updates.SelectMany(u => u.Contents).OfType<UsageContent>()).Details;
        Assert.Equal(3, usage.InputTokenCount);
        Assert.Equal(2, usage.OutputTokenCount);
        Assert.Equal(5, usage.TotalTokenCount);
        Assert.Same(updates[^1], updates.Single(u => u.Contents.OfType<UsageContent>().Any()));
    }

    [Fact]
    public async Task A_streamed_answer_equals_the_unary_answer_in_substance()
    {
        var reply = new FakeReply
        {
            Reasoning = "Let me think.",
            Text = "Here is the forecast and a picture.",
            ToolCalls = [new FakeToolCall("get_weather", """{"city":"Paris"}"""), new FakeToolCall("get_time", "{}")],
            Image = ([1, 2, 3, 4], "image/png"),
            InputTokens = 12,
            OutputTokens = 30,
            StreamChunks = 5,
        };
        var fake = new FakeGateway().Enqueue(reply, reply);
        using var client = GeminiClient(fake, "gemini-2.5-flash-image");

        var unary = await client.GetResponseAsync("forecast?");
        var streamed = (await CollectAsync(client.GetStreamingResponseAsync("forecast?"))).ToChatResponse();

        Assert.Equal(unary.Text, streamed.Text);
        Assert.Equal(
            AllContents(unary).Select(c => c.GetType()).ToList(),
            AllContents(streamed).Select(c => c.GetType()).ToList());
        Assert.Equal(
            AllContents(unary).OfType<TextReasoningContent>().Select(r => (r.Text, r.ProtectedData)),
            AllContents(streamed).OfType<TextReasoningContent>().Select(r => (r.Text, r.ProtectedData)));
        Assert.Equal(
            AllContents(unary).OfType<FunctionCallContent>().Select(c => (c.Name, c.Arguments!.Count, c.AdditionalProperties?["thoughtSignature"])),
            AllContents(streamed).OfType<FunctionCallContent>().Select(c => (c.Name, c.Arguments!.Count, c.AdditionalProperties?["thoughtSignature"])));
        Assert.Equal(Single<DataContent>(unary).Data.ToArray(), Single<DataContent>(streamed).Data.ToArray());
        Assert.Equal(unary.FinishReason, streamed.FinishReason);
        Assert.Equal(ChatFinishReason.ToolCalls, streamed.FinishReason);
        Assert.Equal(unary.ModelId, streamed.ModelId);
        Assert.Equal(unary.Usage?.InputTokenCount, streamed.Usage?.InputTokenCount);
        Assert.Equal(unary.Usage?.OutputTokenCount, streamed.Usage?.OutputTokenCount);
        Assert.Equal(unary.Usage?.ReasoningTokenCount, streamed.Usage?.ReasoningTokenCount);
        Assert.Equal(unary.Usage?.TotalTokenCount, streamed.Usage?.TotalTokenCount);
    }

    [Fact]
    public async Task Chunks_with_comments_read_as_the_same_chunks_without()
    {
        // A chunk without '/' is read on the comment-free path; one with comments must still have them skipped.
        const string Plain = """{"candidates":[{"content":{"role":"model","parts":[{"text":"ab"},{"functionCall":{"name":"f","args":{"u":"x"}}}]},"finishReason":"STOP"}],"responseId":"r1"}""";
        const string Commented = """{"candidates":[{"content":{"role":"model",/* note */"parts":[{"text":"ab"},{"functionCall":{"name":"f","args":{"u":"x"/* end */}}}]},"finishReason":"STOP"}],"responseId":"r1"}""";

        var plain = await ReadDirectAsync(SseOf([Plain]), includeRawRepresentation: false);
        var commented = await ReadDirectAsync(SseOf([Commented]), includeRawRepresentation: false);

        Assert.NotEmpty(plain);
        Assert.Equal(plain.Select(DescribeUpdate), commented.Select(DescribeUpdate));
    }

    [Theory]
    [InlineData("googleai-streaming-success-thinking-function-call-thought-summary-signature.txt")]
    [InlineData("googleai-streaming-success-basic-reply-short.txt")]
    [InlineData("google-text.chunks.txt")]
    [InlineData(null)]
    public async Task Chunk_objects_read_into_again_give_the_updates_of_new_ones(string? fixture)
    {
        // Without raw representations each chunk's objects are pooled and read into by the next chunk; with them every
        // chunk is new. Chunks with fewer fields after fuller ones must not keep the earlier values.
        var sse = fixture is null ? SseOf(
        [
            """{"candidates":[{"content":{"role":"model","parts":[{"text":"think","thought":true,"thoughtSignature":"sig1"},{"functionCall":{"id":"c1","name":"f","args":{"a":1}},"thoughtSignature":"sig2"}]},"finishMessage":"m","index":0,"safetyRatings":[{"category":"x","probability":"LOW"}]}],"responseId":"r1","modelVersion":"v1","createTime":"2026-12-05T10:00:00Z"}""",
            """{"candidates":[{"content":{"parts":[{"text":"plain"}]}}],"responseId":"r1"}""",
            """{"candidates":[{"content":{"parts":[{"functionCall":{"name":"g"}},{"text":"after"},{"executableCode":{"language":"PYTHON","code":"print(1)"}},{"codeExecutionResult":{"outcome":"OUTCOME_OK","output":"1"}}]}}]}""",
            """{"candidates":[{"content":{"parts":[]},"finishReason":"STOP"}],"usageMetadata":{"promptTokenCount":3,"candidatesTokenCount":2,"totalTokenCount":5}}""",
        ])
            : fixture.EndsWith(".chunks.txt", StringComparison.Ordinal) ? SseOf(File.ReadAllLines(Fixtures.PathOf(Folder + "/" + fixture)).Where(l => l.Length > 0))
            : File.ReadAllText(Fixtures.PathOf(Folder + "/" + fixture));

        var pooled = await ReadDirectAsync(sse, includeRawRepresentation: false);
        var fresh = await ReadDirectAsync(sse, includeRawRepresentation: true);

        Assert.NotEmpty(pooled);
        Assert.Equal(fresh.Select(DescribeUpdate), pooled.Select(DescribeUpdate));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Streamed_function_calls_equal_the_calls_of_the_same_parts_read_whole(bool includeRawRepresentation)
    {
        // The stream reads call names and argument names through its per-stream caches and makes call ids from a
        // prefix made once per response id; the calls must be those a whole answer with the same parts gives.
        const string First = """{"functionCall":{"name":"get_weather","args":{"city":"Paris","days":3,"none":null,"flags":[true,false],"where":{"lat":1.5}}}}""";
        const string Second = """{"functionCall":{"name":"get_weather","args":{"city":"Lyon","c\u0069ty":"Nice","days":1}}}""";
        const string Third = """{"functionCall":{"name":"get_time","args":{"zone":"CET"}}}""";
        static string Chunk(string part, string responseId, bool last) =>
            $$"""{"candidates":[{"content":{"role":"model","parts":[{{part}}]}{{(last ? ",\"finishReason\":\"STOP\"" : string.Empty)}}}],"responseId":"{{responseId}}"}""";
        var streamed = await ReadDirectAsync(SseOf([Chunk(First, "r1", false), Chunk(Second, "r1", false), Chunk(Third, "r1", true)]), includeRawRepresentation);
        var route = new TestGateway().RouteFor(AiGateway.Client.ChatDialect.GenerateContent, "gemini-2.5-flash");
        var whole = GenerateContentDialect.Instance.ReadResponse(
            Encoding.UTF8.GetBytes($$"""{"candidates":[{"content":{"role":"model","parts":[{{First}},{{Second}},{{Third}}]},"finishReason":"STOP"}],"responseId":"r1"}"""),
            new DialectResponseContext(route, NullLogger.Instance, TimeProvider.System));

        Assert.Equal(Describe(whole.Messages.SelectMany(m => m.Contents)), Describe(streamed.SelectMany(u => u.Contents)));
        Assert.Equal(["gemini_call_r1_0", "gemini_call_r1_1", "gemini_call_r1_2"], streamed.SelectMany(u => u.Contents).OfType<FunctionCallContent>().Select(c => c.CallId));

        static string[] Describe(IEnumerable<AIContent> contents) => [.. contents.OfType<FunctionCallContent>().Select(c =>
            $"{c.CallId} {c.Name}({string.Join(";", c.Arguments!.Select(a => $"{a.Key}={a.Value?.GetType().Name}:{(a.Value is System.Text.Json.JsonElement e ? e.GetRawText() : a.Value)}"))})")];
    }

    private static string DescribeUpdate(ChatResponseUpdate update)
    {
        var text = new StringBuilder($"{update.ResponseId}|{update.MessageId}|{update.ModelId}|{update.CreatedAt}|{update.FinishReason}|");
        text.AppendJoin(",", (update.AdditionalProperties ?? []).Select(p => $"{p.Key}={p.Value}"));
        foreach (var content in update.Contents)
        {
            text.Append(" [").Append(content.GetType().Name).Append(": ").Append(content switch
            {
                TextContent t => t.Text,
                TextReasoningContent r => r.Text + "|" + r.ProtectedData,
                FunctionCallContent f => f.CallId + "|" + f.Name + "|" + System.Text.Json.JsonSerializer.Serialize(f.Arguments) + "|" + string.Join(",", (f.AdditionalProperties ?? []).Select(p => $"{p.Key}={p.Value}")),
                UsageContent u => u.Details.InputTokenCount + "|" + u.Details.OutputTokenCount + "|" + u.Details.TotalTokenCount,
                CodeInterpreterToolCallContent c => c.CallId,
                CodeInterpreterToolResultContent c => c.CallId + "|" + c.Outputs?.Count,
                _ => content.ToString(),
            }).Append(']');
        }

        return text.ToString();
    }

    private static async Task<List<ChatResponseUpdate>> ReadDirectAsync(string sse, bool includeRawRepresentation)
    {
        var route = new TestGateway().RouteFor(AiGateway.Client.ChatDialect.GenerateContent, "gemini-2.5-flash");
        var context = new DialectResponseContext(route, NullLogger.Instance, TimeProvider.System) { IncludeRawRepresentation = includeRawRepresentation };
        using var body = new MemoryStream(Encoding.UTF8.GetBytes(sse));
        return await GenerateContentDialect.Instance.ReadStreamAsync(body, context, CancellationToken.None).ToListAsync();
    }
}
