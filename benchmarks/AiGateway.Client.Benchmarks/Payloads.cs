using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AiGateway.Client.Benchmarks;

/// <summary>
/// Response bodies for the benchmarks, taken from the recorded transcripts in the test fixtures (copied next to the
/// binary). Streams are lengthened to a fixed number of chunks by repeating a recorded content chunk with new text,
/// so every client parses the same bytes.
/// </summary>
internal static class Payloads
{
    private static string Fixture(string path) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", path));

    /// <summary>The recorded non-streaming Chat Completions body (HelloWorldChat.json).</summary>
    public static byte[] ChatCompletion()
    {
        using var doc = JsonDocument.Parse(Fixture("chat-completions/HelloWorldChat.json"));
        return Encoding.UTF8.GetBytes(doc.RootElement.GetProperty("Entries")[0].GetProperty("ResponseBody").GetRawText());
    }

    /// <summary>A Chat Completions stream of <paramref name="chunks"/> content chunks in the recorded chunk shape, then finish, usage and [DONE].</summary>
    public static byte[] ChatCompletionStream(int chunks)
    {
        using var doc = JsonDocument.Parse(Fixture("chat-completions/StreamingStructuredRefusalWorks.json"));
        var lines = doc.RootElement.GetProperty("Entries")[0].GetProperty("ResponseBody").EnumerateArray().Select(e => e.GetString()!).ToList();
        var data = lines.Where(l => l.StartsWith("data: {", StringComparison.Ordinal)).Select(l => JsonNode.Parse(l["data: ".Length..])!).ToList();
        var content = data.First(n => n["choices"]?.AsArray().Count > 0 && n["choices"]![0]!["delta"]?["content"] is not null);
        var finish = data.First(n => n["choices"]?.AsArray().Count > 0 && n["choices"]![0]!["finish_reason"] is JsonValue);
        var usage = data.First(n => n["choices"]?.AsArray().Count == 0);
        var sse = new StringBuilder();
        for (var i = 0; i < chunks; i++)
        {
            var chunk = content.DeepClone();
            chunk["choices"]![0]!["delta"]!["content"] = $" word{i}";
            sse.Append("data: ").Append(chunk.ToJsonString()).Append("\n\n");
        }

        sse.Append("data: ").Append(finish.ToJsonString()).Append("\n\n");
        sse.Append("data: ").Append(usage.ToJsonString()).Append("\n\n");
        sse.Append("data: [DONE]\n\n");
        return Encoding.UTF8.GetBytes(sse.ToString());
    }

    /// <summary>The recorded non-streaming Messages body (thinking + text).</summary>
    public static byte[] Message() => Encoding.UTF8.GetBytes(Fixture("messages/anthropic-claude-opus-5-reasoning-high.1.json"));

    /// <summary>A Messages stream of <paramref name="chunks"/> text deltas in the recorded event shapes.</summary>
    public static byte[] MessageStream(int chunks)
    {
        using var doc = JsonDocument.Parse(Fixture("messages/test_prompt_with_prefill_and_stop_sequences.extracted.json"));
        var body = doc.RootElement.GetProperty("Entries")[0].GetProperty("ResponseBody").GetString()!;
        var events = body.Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        string Event(string type) => events.First(e => e.StartsWith("event: " + type + "\n", StringComparison.Ordinal));
        var delta = Event("content_block_delta");
        var deltaJson = JsonNode.Parse(delta[(delta.IndexOf("data: ", StringComparison.Ordinal) + 6)..])!;
        var sse = new StringBuilder();
        sse.Append(Event("message_start")).Append("\n\n").Append(Event("content_block_start")).Append("\n\n");
        for (var i = 0; i < chunks; i++)
        {
            var chunk = deltaJson.DeepClone();
            chunk["delta"]!["text"] = $" word{i}";
            sse.Append("event: content_block_delta\ndata: ").Append(chunk.ToJsonString()).Append("\n\n");
        }

        sse.Append(Event("content_block_stop")).Append("\n\n").Append(Event("message_delta")).Append("\n\n").Append(Event("message_stop")).Append("\n\n");
        return Encoding.UTF8.GetBytes(sse.ToString());
    }

    /// <summary>A Gemini SSE stream of <paramref name="chunks"/> chunks in the recorded chunk shape (last one with finishReason and usage).</summary>
    public static byte[] GenerateContentStream(int chunks)
    {
        var recorded = Fixture("generate-content/googleai-streaming-success-basic-reply-short.txt")
            .Split(["\r\n\r\n", "\n\n"], StringSplitOptions.RemoveEmptyEntries)
            .Select(e => JsonNode.Parse(e.Trim()["data: ".Length..])!)
            .ToList();
        var sse = new StringBuilder();
        for (var i = 0; i < chunks; i++)
        {
            var chunk = (i == chunks - 1 ? recorded[^1] : recorded[0]).DeepClone();
            chunk["candidates"]![0]!["content"]!["parts"]![0]!["text"] = $" word{i}";
            sse.Append("data: ").Append(chunk.ToJsonString()).Append("\r\n\r\n");
        }

        return Encoding.UTF8.GetBytes(sse.ToString());
    }
}
