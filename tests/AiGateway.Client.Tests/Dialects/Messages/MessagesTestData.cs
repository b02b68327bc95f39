using System.Text.Json;
using System.Text.Json.Nodes;
using AiGateway.Client.Tests.TestSupport;
using Microsoft.Extensions.AI;

namespace AiGateway.Client.Tests.Dialects.Messages;

/// <summary>Shared helpers for the Messages dialect tests.</summary>
internal static class MessagesTestData
{
    public const string Folder = "messages";

    public static AiGatewayChatClient CreateClient(HttpMessageHandler handler, string model = "claude-sonnet-4-5") =>
        new TestGateway().CreateClient(handler, model, dialect: ChatDialect.Messages);

    public static ReplayHandler Sse(string sse) => ReplayHandler.Body(sse, "text/event-stream");

    public static ReplayHandler Json(string json, int status = 200) => ReplayHandler.Body(json, "application/json", status);

    public static JsonElement Parse(string json) => JsonDocument.Parse(json).RootElement.Clone();

    /// <summary>Asserts two JSON values are equal in structure and values (property order ignored).</summary>
    public static void AssertJsonEqual(JsonElement expected, JsonElement actual) =>
        Assert.True(
            JsonNode.DeepEquals(JsonNode.Parse(expected.GetRawText()), JsonNode.Parse(actual.GetRawText())),
            $"JSON differs.\nExpected: {expected.GetRawText()}\nActual:   {actual.GetRawText()}");

    /// <summary>Builds an SSE body from (event, data) pairs, as Anthropic sends it.</summary>
    public static string Events(params (string Type, string Data)[] events) =>
        string.Concat(events.Select(e => $"event: {e.Type}\ndata: {e.Data}\n\n"));

    public static string MessageStart(string id = "msg_1", string model = "claude-sonnet-4-5", int input = 10) =>
        $$$$"""{"type":"message_start","message":{"id":"{{{{id}}}}","type":"message","role":"assistant","model":"{{{{model}}}}","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":{{{{input}}}},"output_tokens":1}}}""";

    public static string TextStart(int index) => $$$"""{"type":"content_block_start","index":{{{index}}},"content_block":{"type":"text","text":""}}""";

    public static string TextDelta(int index, string text) =>
        $$$"""{"type":"content_block_delta","index":{{{index}}},"delta":{"type":"text_delta","text":{{{JsonSerializer.Serialize(text)}}}}}""";

    public static string BlockStop(int index) => $$$"""{"type":"content_block_stop","index":{{{index}}}}""";

    public static string MessageDelta(string stopReason = "end_turn", int output = 5) =>
        $$$"""{"type":"message_delta","delta":{"stop_reason":"{{{stopReason}}}","stop_sequence":null},"usage":{"output_tokens":{{{output}}}}}""";

    public const string MessageStop = """{"type":"message_stop"}""";

    /// <summary>A complete, minimal text stream.</summary>
    public static string TextStream(params string[] pieces) => Events(
        [
            ("message_start", MessageStart()),
            ("content_block_start", TextStart(0)),
            .. pieces.Select(p => ("content_block_delta", TextDelta(0, p))),
            ("content_block_stop", BlockStop(0)),
            ("message_delta", MessageDelta()),
            ("message_stop", MessageStop),
        ]);

    public static async Task<List<ChatResponseUpdate>> CollectAsync(IAsyncEnumerable<ChatResponseUpdate> updates)
    {
        var list = new List<ChatResponseUpdate>();
        await foreach (var update in updates)
        {
            list.Add(update);
        }

        return list;
    }
}
