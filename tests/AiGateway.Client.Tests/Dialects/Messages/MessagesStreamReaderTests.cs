using System.Net;
using System.Text;
using AiGateway.Client.Catalog;
using AiGateway.Client.Dialects.Messages;
using AiGateway.Client.Tests.TestSupport;
using Microsoft.Extensions.AI;
using static AiGateway.Client.Tests.Dialects.Messages.MessagesTestData;

namespace AiGateway.Client.Tests.Dialects.Messages;

/// <summary>Streams: event mapping, assembly of tool calls and thinking, and every way a stream can go wrong.</summary>
public sealed class MessagesStreamReaderTests
{
    private const string Signature = "EqQBCkYIBxgCKkB";

    /// <summary>One answer with thinking, text and two parallel tool calls, as a whole message.</summary>
    private const string WholeMessage = """
        {"id":"msg_par","type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929",
         "content":[
           {"type":"thinking","thinking":"Two cities, two calls.","signature":"EqQBCkYIBxgCKkB"},
           {"type":"text","text":"Checking both."},
           {"type":"tool_use","id":"toolu_a","name":"get_weather","input":{"city":"Paris"}},
           {"type":"tool_use","id":"toolu_b","name":"get_weather","input":{"city":"Rome","days":3}}],
         "stop_reason":"tool_use","stop_sequence":null,
         "usage":{"input_tokens":120,"cache_creation_input_tokens":50,"cache_read_input_tokens":200,"output_tokens":80,"output_tokens_details":{"thinking_tokens":12}}}
        """;

    /// <summary>The same answer as a stream.</summary>
    private static readonly string StreamedMessage = Events(
        ("message_start", """{"type":"message_start","message":{"id":"msg_par","type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":120,"cache_creation_input_tokens":50,"cache_read_input_tokens":200,"output_tokens":1}}}"""),
        ("content_block_start", """{"type":"content_block_start","index":0,"content_block":{"type":"thinking","thinking":"","signature":""}}"""),
        ("content_block_delta", """{"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"Two cities, "}}"""),
        ("content_block_delta", """{"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"two calls."}}"""),
        ("content_block_delta", """{"type":"content_block_delta","index":0,"delta":{"type":"signature_delta","signature":"EqQBCkYIBxgCKkB"}}"""),
        ("content_block_stop", BlockStop(0)),
        ("content_block_start", TextStart(1)),
        ("content_block_delta", TextDelta(1, "Checking ")),
        ("content_block_delta", TextDelta(1, "both.")),
        ("content_block_stop", BlockStop(1)),
        ("content_block_start", """{"type":"content_block_start","index":2,"content_block":{"type":"tool_use","id":"toolu_a","name":"get_weather","input":{}}}"""),
        ("content_block_delta", """{"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":""}}"""),
        ("content_block_delta", """{"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":"{\"city\": \"Pa"}}"""),
        ("content_block_delta", """{"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":"ris\"}"}}"""),
        ("content_block_stop", BlockStop(2)),
        ("content_block_start", """{"type":"content_block_start","index":3,"content_block":{"type":"tool_use","id":"toolu_b","name":"get_weather","input":{}}}"""),
        ("content_block_delta", """{"type":"content_block_delta","index":3,"delta":{"type":"input_json_delta","partial_json":"{\"city\": \"Rome\", "}}"""),
        ("content_block_delta", """{"type":"content_block_delta","index":3,"delta":{"type":"input_json_delta","partial_json":"\"days\": 3}"}}"""),
        ("content_block_stop", BlockStop(3)),
        ("message_delta", """{"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"output_tokens":80,"output_tokens_details":{"thinking_tokens":12}}}"""),
        ("message_stop", MessageStop));

    [Fact]
    public async Task StreamedAnswer_EqualsTheWholeAnswer_InSubstance()
    {
        using var whole = CreateClient(Json(WholeMessage));
        using var streamed = CreateClient(Sse(StreamedMessage));

        var expected = await whole.GetResponseAsync("weather in Paris and Rome?");
        var actual = (await CollectAsync(streamed.GetStreamingResponseAsync("weather in Paris and Rome?"))).ToChatResponse();

        Assert.Equal(expected.Text, actual.Text);
        Assert.Equal(expected.ResponseId, actual.ResponseId);
        Assert.Equal(expected.ModelId, actual.ModelId);
        Assert.Equal(expected.FinishReason, actual.FinishReason);
        Assert.Equal(expected.Messages[0].MessageId, actual.Messages[0].MessageId);
        var expectedContents = Assert.Single(expected.Messages).Contents;
        var actualContents = Assert.Single(actual.Messages).Contents;
        Assert.Equal(expectedContents.Select(c => c.GetType()), actualContents.Select(c => c.GetType()));
        var (er, ar) = (Assert.IsType<TextReasoningContent>(expectedContents[0]), Assert.IsType<TextReasoningContent>(actualContents[0]));
        Assert.Equal(("Two cities, two calls.", Signature), (er.Text, er.ProtectedData));
        Assert.Equal((er.Text, er.ProtectedData), (ar.Text, ar.ProtectedData));
        foreach (var (e, a) in expectedContents.OfType<FunctionCallContent>().Zip(actualContents.OfType<FunctionCallContent>()))
        {
            Assert.Equal((e.CallId, e.Name), (a.CallId, a.Name));
            Assert.Equal(e.Arguments!.Select(kv => (kv.Key, kv.Value?.ToString())), a.Arguments!.Select(kv => (kv.Key, kv.Value?.ToString())));
        }

        foreach (var usage in new[] { expected.Usage!, actual.Usage! })
        {
            Assert.Equal(370, usage.InputTokenCount);
            Assert.Equal(80, usage.OutputTokenCount);
            Assert.Equal(450, usage.TotalTokenCount);
            Assert.Equal(200, usage.CachedInputTokenCount);
            Assert.Equal(12, usage.ReasoningTokenCount);
            Assert.Equal(50, usage.AdditionalCounts![CostCalculator.CacheCreationInputTokensKey]);
        }
    }

    [Fact]
    public async Task ParallelToolCalls_EachArriveComplete_WhenTheirBlockStops()
    {
        using var client = CreateClient(Sse(StreamedMessage));

        var updates = await CollectAsync(client.GetStreamingResponseAsync("weather?"));

        var calls = updates.SelectMany(u => u.Contents).OfType<FunctionCallContent>().ToList();
        Assert.Equal(["toolu_a", "toolu_b"], calls.Select(c => c.CallId));
        Assert.Equal("Paris", calls[0].Arguments!["city"]?.ToString());
        Assert.Equal("Rome", calls[1].Arguments!["city"]?.ToString());
        Assert.Equal("3", calls[1].Arguments!["days"]?.ToString());
        Assert.All(updates, u => Assert.Equal("msg_par", u.ResponseId));
        var last = updates[^1];
        Assert.Equal(ChatFinishReason.ToolCalls, last.FinishReason);
        Assert.Single(last.Contents.OfType<UsageContent>());
        Assert.Single(updates.SelectMany(u => u.Contents).OfType<UsageContent>());
    }

    [Fact]
    public async Task TextAndThinkingDeltas_AreYieldedAsTheyArrive()
    {
        using var client = CreateClient(Sse(StreamedMessage));

        var updates = await CollectAsync(client.GetStreamingResponseAsync("weather?"));

        var pieces = updates.SelectMany(u => u.Contents).Where(c => c is TextContent or TextReasoningContent).Select(c => c.ToString()).ToList();
        Assert.Equal(["Two cities, ", "two calls.", string.Empty, "Checking ", "both."], pieces);
        Assert.All(updates.Where(u => u.Contents.Any(c => c is TextContent)), u => Assert.Equal("msg_par", u.MessageId));
        Assert.All(updates, u => Assert.Equal("claude-sonnet-4-5-20250929", u.ModelId));
    }

    [Fact]
    public async Task MessageStartAlone_YieldsNoUpdate()
    {
        // Nothing reaches the caller before content, so an error right after message_start can still fail over.
        var handler = Sse(Events(("message_start", MessageStart()), ("error", """{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}""")));
        using var client = CreateClient(handler);
        var seen = 0;

        await Assert.ThrowsAsync<ProviderUnavailableException>(async () =>
        {
            await foreach (var update in client.GetStreamingResponseAsync("hi"))
            {
                seen++;
            }
        });

        Assert.Equal(0, seen);
    }

    [Fact]
    public async Task MidStreamOverloadedError_BecomesATransient529_AfterTheTextAlreadySent()
    {
        var handler = Sse(Events(
            ("message_start", MessageStart()),
            ("content_block_start", TextStart(0)),
            ("content_block_delta", TextDelta(0, "Hel")),
            ("error", """{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}""")));
        using var client = CreateClient(handler);
        var texts = new List<string>();

        var ex = await Assert.ThrowsAsync<ProviderUnavailableException>(async () =>
        {
            await foreach (var update in client.GetStreamingResponseAsync("hi"))
            {
                texts.Add(update.Text);
            }
        });

        Assert.Equal(["Hel"], texts);
        Assert.Equal((HttpStatusCode)529, ex.StatusCode);
        Assert.Equal("overloaded_error", ex.ErrorCode);
        Assert.Equal("Overloaded", ex.ProviderMessage);
        Assert.True(ex.IsTransient);
    }

    [Fact]
    public async Task StreamWithoutMessageStop_IsMalformed_NotAShortAnswer()
    {
        var handler = Sse(Events(
            ("message_start", MessageStart()),
            ("content_block_start", TextStart(0)),
            ("content_block_delta", TextDelta(0, "Hel")),
            ("content_block_stop", BlockStop(0)),
            ("message_delta", MessageDelta())));
        using var client = CreateClient(handler);

        var ex = await Assert.ThrowsAsync<MalformedResponseException>(() => CollectAsync(client.GetStreamingResponseAsync("hi")));

        Assert.Contains("message_stop", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EmptyStream_IsMalformed_NamingTheMissingStart()
    {
        using var client = CreateClient(Sse(string.Empty));

        var ex = await Assert.ThrowsAsync<MalformedResponseException>(() => CollectAsync(client.GetStreamingResponseAsync("hi")));

        Assert.Contains("message_start", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvalidEventJson_IsMalformed()
    {
        using var client = CreateClient(Sse(Events(("message_start", MessageStart()), ("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,"))));

        await Assert.ThrowsAsync<MalformedResponseException>(() => CollectAsync(client.GetStreamingResponseAsync("hi")));
    }

    [Fact]
    public async Task UnknownEventsAndDeltaTypes_AreIgnored()
    {
        var handler = Sse(Events(
            ("message_start", MessageStart()),
            ("content_block_start", TextStart(0)),
            ("content_block_delta", TextDelta(0, "Hello")),
            ("content_block_delta", """{"type":"content_block_delta","index":0,"delta":{"type":"sparkle_delta","sparkle":"*"}}"""),
            ("future_event", """{"type":"future_event","payload":{"a":1}}"""),
            ("content_block_delta", TextDelta(0, " world")),
            ("content_block_stop", BlockStop(0)),
            ("message_delta", MessageDelta()),
            ("message_stop", MessageStop)));
        using var client = CreateClient(handler);

        var response = (await CollectAsync(client.GetStreamingResponseAsync("hi"))).ToChatResponse();

        Assert.Equal("Hello world", response.Text);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
    }

    [Fact]
    public async Task UnknownFieldsAndBlockTypes_AreIgnored()
    {
        var handler = Sse(Events(
            ("message_start", """{"type":"message_start","message":{"id":"msg_u","model":"m","content":[],"brand_new":{"x":[1,2]},"usage":{"input_tokens":3,"future_tokens":9}},"extra":true}"""),
            ("content_block_start", """{"type":"content_block_start","index":0,"content_block":{"type":"hologram","frames":[1,2,3]}}"""),
            ("content_block_delta", """{"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":"{\"ignored\":"}}"""),
            ("content_block_stop", BlockStop(0)),
            ("content_block_start", """{"type":"content_block_start","index":1,"content_block":{"type":"text","text":"","glitter":1}}"""),
            ("content_block_delta", """{"type":"content_block_delta","index":1,"delta":{"type":"text_delta","text":"ok","tone":"calm"}}"""),
            ("content_block_stop", BlockStop(1)),
            ("message_delta", MessageDelta()),
            ("message_stop", MessageStop)));
        using var client = CreateClient(handler);

        var response = (await CollectAsync(client.GetStreamingResponseAsync("hi"))).ToChatResponse();

        Assert.Equal("ok", response.Text);
        Assert.Equal(3, response.Usage!.InputTokenCount);
        Assert.DoesNotContain(response.Messages[0].Contents, c => c is FunctionCallContent);
    }

    [Fact]
    public async Task EventsWithoutSseNames_AreReadFromTheirJsonType()
    {
        var sse = string.Concat(
            new[] { MessageStart(), TextStart(0), TextDelta(0, "plain"), BlockStop(0), MessageDelta(), MessageStop }.Select(d => $"data: {d}\n\n"));
        using var client = CreateClient(Sse(sse));

        var response = (await CollectAsync(client.GetStreamingResponseAsync("hi"))).ToChatResponse();

        Assert.Equal("plain", response.Text);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
    }

    [Fact]
    public async Task RedactedThinking_IsKeptAsProtectedData_AndSentBackAsRedacted()
    {
        var handler = Sse(Events(
            ("message_start", MessageStart()),
            ("content_block_start", """{"type":"content_block_start","index":0,"content_block":{"type":"redacted_thinking","data":"ENCRYPTED=="}}"""),
            ("content_block_stop", BlockStop(0)),
            ("content_block_start", TextStart(1)),
            ("content_block_delta", TextDelta(1, "Done.")),
            ("content_block_stop", BlockStop(1)),
            ("message_delta", MessageDelta()),
            ("message_stop", MessageStop)));
        using var client = CreateClient(handler);

        var response = (await CollectAsync(client.GetStreamingResponseAsync("hi"))).ToChatResponse();
        var reasoning = Assert.IsType<TextReasoningContent>(response.Messages[0].Contents[0]);
        var body = await MessagesRequestWriterTests.SendAsync([new(ChatRole.User, "hi"), .. response.Messages, new(ChatRole.User, "next")], null);

        Assert.Equal("ENCRYPTED==", reasoning.ProtectedData);
        Assert.True(string.IsNullOrEmpty(reasoning.Text));
        AssertJsonEqual(Parse("""{"type":"redacted_thinking","data":"ENCRYPTED=="}"""), body.GetProperty("messages")[1].GetProperty("content")[0]);
    }

    [Fact]
    public async Task ThinkingWithOmittedText_IsSentBackAsThinkingWithItsSignature()
    {
        // display: "omitted" (the default from Opus 4.7 on) streams a thinking block with a signature and no text.
        var handler = Sse(Events(
            ("message_start", MessageStart()),
            ("content_block_start", """{"type":"content_block_start","index":0,"content_block":{"type":"thinking","thinking":"","signature":""}}"""),
            ("content_block_delta", """{"type":"content_block_delta","index":0,"delta":{"type":"signature_delta","signature":"SIG-OMITTED"}}"""),
            ("content_block_stop", BlockStop(0)),
            ("content_block_start", """{"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"toolu_1","name":"f","input":{}}}"""),
            ("content_block_stop", BlockStop(1)),
            ("message_delta", MessageDelta("tool_use")),
            ("message_stop", MessageStop)));
        using var client = CreateClient(handler, "claude-opus-4-7");

        var response = (await CollectAsync(client.GetStreamingResponseAsync("hi"))).ToChatResponse();
        var body = await MessagesRequestWriterTests.SendAsync(
            [new(ChatRole.User, "hi"), .. response.Messages, new(ChatRole.Tool, [new FunctionResultContent("toolu_1", "42")])], null);

        var assistant = body.GetProperty("messages")[1].GetProperty("content");
        AssertJsonEqual(Parse("""{"type":"thinking","thinking":"","signature":"SIG-OMITTED"}"""), assistant[0]);
        AssertJsonEqual(Parse("""{"type":"tool_use","id":"toolu_1","name":"f","input":{}}"""), assistant[1]);
    }

    [Fact]
    public async Task ToolInputGivenWholeInTheStartEvent_IsUsed()
    {
        var handler = Sse(Events(
            ("message_start", MessageStart()),
            ("content_block_start", """{"type":"content_block_start","index":0,"content_block":{"type":"tool_use","id":"toolu_1","name":"f","input":{"q":"x"}}}"""),
            ("content_block_stop", BlockStop(0)),
            ("message_delta", MessageDelta("tool_use")),
            ("message_stop", MessageStop)));
        using var client = CreateClient(handler);

        var updates = await CollectAsync(client.GetStreamingResponseAsync("hi"));

        var call = Assert.Single(updates.SelectMany(u => u.Contents).OfType<FunctionCallContent>());
        Assert.Equal("x", call.Arguments!["q"]?.ToString());
    }

    [Fact]
    public async Task InvalidToolInputJson_IsReportedOnTheCall_NotThrown()
    {
        var handler = Sse(Events(
            ("message_start", MessageStart()),
            ("content_block_start", """{"type":"content_block_start","index":0,"content_block":{"type":"tool_use","id":"toolu_1","name":"f","input":{}}}"""),
            ("content_block_delta", """{"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":"{\"q\": "}}"""),
            ("content_block_stop", BlockStop(0)),
            ("message_delta", MessageDelta("tool_use")),
            ("message_stop", MessageStop)));
        using var client = CreateClient(handler);

        var updates = await CollectAsync(client.GetStreamingResponseAsync("hi"));

        var call = Assert.Single(updates.SelectMany(u => u.Contents).OfType<FunctionCallContent>());
        Assert.NotNull(call.Exception);
    }

    [Fact]
    public async Task Citations_BecomeCitationAnnotations()
    {
        var handler = Sse(Events(
            ("message_start", MessageStart()),
            ("content_block_start", TextStart(0)),
            ("content_block_delta", """{"type":"content_block_delta","index":0,"delta":{"type":"citations_delta","citation":{"type":"web_search_result_location","cited_text":"Paris is the capital","url":"https://example.com/paris","title":"Paris"}}}"""),
            ("content_block_delta", TextDelta(0, "Paris is the capital of France.")),
            ("content_block_stop", BlockStop(0)),
            ("message_delta", MessageDelta()),
            ("message_stop", MessageStop)));
        using var client = CreateClient(handler);

        var response = (await CollectAsync(client.GetStreamingResponseAsync("capital?"))).ToChatResponse();

        var citation = Assert.IsType<CitationAnnotation>(Assert.Single(response.Messages[0].Contents.SelectMany(c => c.Annotations ?? [])));
        Assert.Equal("Paris", citation.Title);
        Assert.Equal(new Uri("https://example.com/paris"), citation.Url);
        Assert.Equal("Paris is the capital", citation.Snippet);
        Assert.Equal("Paris is the capital of France.", response.Text);
    }

    [Fact]
    public async Task CancellationMidStream_StopsReading()
    {
        var first = Encoding.UTF8.GetBytes(Events(("message_start", MessageStart()), ("content_block_start", TextStart(0)), ("content_block_delta", TextDelta(0, "Hel"))));
        var handler = new ReplayHandler([() => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new StallingStream(first)) }]);
        using var client = CreateClient(handler);
        using var cts = new CancellationTokenSource();
        var texts = new List<string>();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var update in client.GetStreamingResponseAsync("hi", cancellationToken: cts.Token))
            {
                texts.Add(update.Text);
                await cts.CancelAsync();
            }
        });

        Assert.Equal(["Hel"], texts);
    }

    [Theory]
    [InlineData("end_turn", "stop", null)]
    [InlineData("stop_sequence", "stop", "stop_sequence")]
    [InlineData("max_tokens", "length", null)]
    [InlineData("model_context_window_exceeded", "length", "model_context_window_exceeded")]
    [InlineData("tool_use", "tool_calls", null)]
    [InlineData("refusal", "content_filter", "refusal")]
    [InlineData("pause_turn", "pause_turn", "pause_turn")]
    public async Task StopReason_MapsToFinishReason_KeepingTheRawOneWhenInexact(string stopReason, string finishReason, string? raw)
    {
        using var client = CreateClient(Sse(Events(("message_start", MessageStart()), ("message_delta", MessageDelta(stopReason)), ("message_stop", MessageStop))));

        var response = (await CollectAsync(client.GetStreamingResponseAsync("hi"))).ToChatResponse();

        Assert.Equal(new ChatFinishReason(finishReason), response.FinishReason);
        object? kept = null;
        response.AdditionalProperties?.TryGetValue(MessagesResponseMapper.StopReasonKey, out kept);
        Assert.Equal(raw, kept);
    }
}
