using System.Text;
using System.Text.Json;
using AiGateway.Client.Dialects;
using AiGateway.Client.Dialects.Messages;
using AiGateway.Client.Tests.TestSupport;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;
using static AiGateway.Client.Tests.Dialects.Messages.MessagesTestData;

namespace AiGateway.Client.Tests.Dialects.Messages;

/// <summary>
/// The hand-read hot events (text, thinking, signature and tool-input deltas, pings) against the serializer path that
/// reads every event when raw representations are asked for: same updates, same errors.
/// </summary>
public sealed class MessagesHotEventTests
{
    /// <summary>Every hot shape, and near-hot shapes the hand reader must leave to the full path.</summary>
    private static readonly string MixedStream = Events(
        ("message_start", MessageStart("msg_hot", "claude-sonnet-4-5-20250929")),
        ("ping", """{"type": "ping"}"""),
        ("content_block_start", """{"type":"content_block_start","index":0,"content_block":{"type":"thinking","thinking":"","signature":""}}"""),
        ("content_block_delta", """{"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"Caf\u00e9 \"quoted\" "}}"""),
        ("content_block_delta", """{"delta":{"thinking":"then more.","type":"thinking_delta"},"index":0,"type":"content_block_delta"}"""),
        ("content_block_delta", """{"type":"content_block_delta","index":0,"delta":{"type":"signature_delta","signature":"EqQBCkYIBxgCKkB"}}"""),
        ("content_block_stop", BlockStop(0)),
        ("content_block_start", TextStart(1)),
        ("content_block_delta", TextDelta(1, "Hello ")),
        ("content_block_delta", """{"type":"content_block_delta","index":1,"delta":{"type":"text_delta","text":"from a proxy "},"provider_metadata":{"gateway":{"cost":"0.001"}}}"""),
        ("content_block_delta", """{"type":"content_block_delta","index":1,"delta":{"type":"text_delta","text":""}}"""),
        ("content_block_delta", """{"type":"content_block_delta","index":7,"delta":{"type":"text_delta","text":"to an unknown block. "}}"""),
        ("content_block_delta", """{"type":"content_block_delta","index":1,"delta":{"type":"citations_delta","citation":{"type":"char_location","cited_text":"x","document_index":0,"start_char_index":0,"end_char_index":1}}}"""),
        ("content_block_stop", BlockStop(1)),
        ("content_block_start", """{"type":"content_block_start","index":2,"content_block":{"type":"tool_use","id":"toolu_a","name":"get_weather","input":{}}}"""),
        ("content_block_delta", """{"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":null}}"""),
        ("content_block_delta", """{"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":"{\"city\": \"Z\u00fcri"}}"""),
        ("content_block_delta", """{"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":"ch\"}"}}"""),
        ("content_block_stop", BlockStop(2)),
        ("content_block_start", """{"type":"content_block_start","index":3,"content_block":{"type":"tool_use","id":"toolu_b","name":"get_weather","input":{"city":"Old"}}}"""),
        ("content_block_delta", """{"type":"content_block_delta","index":3,"delta":{"type":"input_json_delta","partial_json":"{\"city\": \"New\"}"}}"""),
        ("content_block_stop", BlockStop(3)),
        ("message_delta", MessageDelta("tool_use", 40)),
        ("message_stop", MessageStop));

    [Fact]
    public async Task HotPath_gives_the_updates_of_the_full_path()
    {
        var hot = await ReadAsync(MixedStream, includeRaw: false);
        var full = await ReadAsync(MixedStream, includeRaw: true);

        Assert.Equal(full.Select(Describe), hot.Select(Describe));
        Assert.Contains(hot, u => u.Text == "from a proxy ");
        Assert.Contains(hot, u => u.Text == "to an unknown block. ");
    }

    [Theory]
    [InlineData("""{"type":"content_block_stop","index":1}""", """{"type":"message_stop"}""")]
    [InlineData("""{"index":1,"type":"content_block_stop"}""", """{"type":"message_stop","provider_metadata":{"gateway":{"cost":"0.002"}}}""")]
    [InlineData("""{"type":"content_block_stop","index":1,"extra":true}""", """{"type" : "message_stop" }""")]
    [InlineData("""{"type":"content_block_stop","index":null}""", """{"type":"message_stop"}""")]
    [InlineData("""{"type":"content_block_stop"}""", """{"type":"message_stop"}""")]
    public async Task Stop_events_give_the_updates_of_the_full_path(string blockStop, string messageStop)
    {
        // Bare stops are hand-read; any other shape (extra fields, type not first) goes through the serializer.
        var sse = Events(
            ("message_start", MessageStart("msg_stop", "claude-sonnet-4-5-20250929")),
            ("content_block_start", TextStart(0)),
            ("content_block_delta", TextDelta(0, "Hi")),
            ("content_block_start", """{"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"toolu_a","name":"f","input":{}}}"""),
            ("content_block_start", """{"type":"content_block_start","index":0,"content_block":{"type":"tool_use","id":"toolu_b","name":"g","input":{}}}"""),
            ("content_block_delta", """{"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":"{\"a\":1}"}}"""),
            ("content_block_delta", """{"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{\"b\":2}"}}"""),
            ("content_block_stop", blockStop),
            ("message_delta", MessageDelta("tool_use", 12)),
            ("message_stop", messageStop));

        var hot = await ReadAsync(sse, includeRaw: false);
        var full = await ReadAsync(sse, includeRaw: true);

        Assert.Equal(full.Select(Describe), hot.Select(Describe));
        Assert.Equal(full[^1].AdditionalProperties?.Count, hot[^1].AdditionalProperties?.Count);
    }

    [Theory]
    [InlineData("""{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}""")]
    [InlineData("""{"type":"content_block_start","index":0,"content_block":{"text":"Pre \u00e9 ","type":"text"}}""")]
    [InlineData("""{"type":"content_block_start","content_block":{"type":"text","text":"no index "}}""")]
    [InlineData("""{"type":"content_block_start","index":0,"content_block":{"type":"text","text":null}}""")]
    [InlineData("""{"type":"content_block_start","index":0,"content_block":{"type":"text","text":"cited ","citations":[]}}""")]
    [InlineData("""{"index":0,"type":"content_block_start","content_block":{"type":"text","text":"type later "}}""")]
    public async Task Text_block_starts_give_the_updates_of_the_full_path(string blockStart)
    {
        // Plain text starts are hand-read; any other shape goes through the serializer.
        var sse = Events(
            ("message_start", MessageStart("msg_start", "claude-sonnet-4-5-20250929")),
            ("content_block_start", blockStart),
            ("content_block_delta", TextDelta(0, "Hi")),
            ("content_block_stop", BlockStop(0)),
            ("message_delta", MessageDelta("end_turn", 12)),
            ("message_stop", MessageStop));

        var hot = await ReadAsync(sse, includeRaw: false);
        var full = await ReadAsync(sse, includeRaw: true);

        Assert.Equal(full.Select(Describe), hot.Select(Describe));
        Assert.Contains(hot, u => u.Text == "Hi");
    }

    [Fact]
    public async Task Streamed_updates_carry_no_raw_representation_unless_asked()
    {
        var updates = await ReadAsync(MixedStream, includeRaw: false);

        Assert.All(updates, u => Assert.Null(u.RawRepresentation));
        Assert.All(updates.SelectMany(u => u.Contents), c => Assert.Null(c.RawRepresentation));
    }

    [Fact]
    public async Task Streamed_updates_carry_their_event_when_asked()
    {
        var updates = await ReadAsync(MixedStream, includeRaw: true);

        Assert.All(updates, u => Assert.IsType<MessagesStreamEvent>(u.RawRepresentation));
    }

    [Theory]
    [InlineData("""{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"cut""")]
    [InlineData("""{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":5}}""")]
    [InlineData("""{"type":"content_block_delta","index":"0","delta":{"type":"text_delta","text":"x"}}""")]
    [InlineData("""{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"x"}} trailing""")]
    [InlineData("""{"type":"ping","extra":[1,}""")]
    [InlineData("""{"type":"content_block_stop","index":1.5}""")]
    [InlineData("""{"type":"content_block_stop","index":"0"}""")]
    [InlineData("""{"type":"content_block_stop","index":0} trailing""")]
    [InlineData("""{"type":"message_stop","index":[}""")]
    [InlineData("""{"type":"content_block_start","index":0,"content_block":{"type":"text","text":5}}""")]
    [InlineData("""{"type":"content_block_start","index":0,"content_block":{"type":"text","text":"x"}} trailing""")]
    public async Task Malformed_hot_event_fails_with_the_message_of_the_full_path(string data)
    {
        var sse = Events(("message_start", MessageStart()), ("content_block_start", TextStart(0)), ("content_block_delta", data), ("message_stop", MessageStop));

        var hot = await Assert.ThrowsAsync<MalformedResponseException>(() => ReadAsync(sse, includeRaw: false));
        var full = await Assert.ThrowsAsync<MalformedResponseException>(() => ReadAsync(sse, includeRaw: true));

        Assert.Equal(full.Message, hot.Message);
    }

    [Theory]
    [InlineData("text_delta", "text")]
    [InlineData("input_json_delta", "partial_json")]
    public async Task Invalid_utf8_in_a_hot_delta_fails_with_the_message_of_the_full_path(string deltaType, string field)
    {
        var sse = Encoding.UTF8.GetBytes(Events(
            ("message_start", MessageStart()),
            ("content_block_start", """{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}"""),
            ("content_block_start", """{"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"toolu_a","name":"f","input":{}}}"""),
            ("content_block_delta", $$$"""{"type":"content_block_delta","index":{{{(field == "text" ? 0 : 1)}}},"delta":{"type":"{{{deltaType}}}","{{{field}}}":"a@b"}}"""),
            ("message_stop", MessageStop)));
        sse[sse.AsSpan().IndexOf("a@b"u8) + 1] = 0xFF;

        var hot = await Assert.ThrowsAsync<MalformedResponseException>(() => ReadAsync(sse, includeRaw: false));
        var full = await Assert.ThrowsAsync<MalformedResponseException>(() => ReadAsync(sse, includeRaw: true));

        Assert.Equal(full.Message, hot.Message);
    }

    private static Task<List<ChatResponseUpdate>> ReadAsync(string sse, bool includeRaw) => ReadAsync(Encoding.UTF8.GetBytes(sse), includeRaw);

    private static async Task<List<ChatResponseUpdate>> ReadAsync(byte[] sse, bool includeRaw)
    {
        var route = new TestGateway().RouteFor(ChatDialect.Messages, "claude-sonnet-4-5");
        var context = new DialectResponseContext(route, NullLogger.Instance, TimeProvider.System) { IncludeRawRepresentation = includeRaw };
        using var body = new MemoryStream(sse);
        return await MessagesDialect.Instance.ReadStreamAsync(body, context, CancellationToken.None).ToListAsync();
    }

    private static string Describe(ChatResponseUpdate update)
    {
        var text = new StringBuilder($"{update.ResponseId}|{update.MessageId}|{update.ModelId}|{update.FinishReason}|{update.Role}");
        foreach (var content in update.Contents)
        {
            text.Append(" [").Append(content.GetType().Name).Append(": ").Append(content switch
            {
                TextContent t => t.Text + "|" + t.Annotations?.Count,
                TextReasoningContent r => r.Text + "|" + r.ProtectedData,
                FunctionCallContent f => f.CallId + "|" + f.Name + "|" + JsonSerializer.Serialize(f.Arguments),
                UsageContent u => u.Details.InputTokenCount + "|" + u.Details.OutputTokenCount,
                _ => content.ToString(),
            }).Append(']');
        }

        return text.ToString();
    }
}
