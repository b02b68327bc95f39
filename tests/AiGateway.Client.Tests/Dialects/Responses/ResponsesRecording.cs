using System.Text.Json;
using AiGateway.Client.Tests.TestSupport;

namespace AiGateway.Client.Tests.Dialects.Responses;

/// <summary>Reads expected values out of recorded Responses transcripts, so the tests compare against the file, not against literals.</summary>
internal static class ResponsesRecording
{
    public const string Folder = "responses";

    public static IReadOnlyList<RecordedExchange> Exchanges(string file) => Fixtures.Exchanges(Path.Combine(Folder, file));

    /// <summary>The JSON payloads of every <c>data:</c> line of a recorded SSE body.</summary>
    public static IReadOnlyList<JsonElement> Events(string sse)
    {
        var events = new List<JsonElement>();
        foreach (var line in sse.Split('\n'))
        {
            if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                events.Add(JsonDocument.Parse(line[6..]).RootElement.Clone());
            }
        }

        return events;
    }

    public static IEnumerable<JsonElement> OfType(IEnumerable<JsonElement> events, string type) =>
        events.Where(e => e.GetProperty("type").GetString() == type);

    /// <summary>The <c>response</c> object of the terminal event of a recorded stream.</summary>
    public static JsonElement FinalResponse(IReadOnlyList<JsonElement> events) =>
        events.Last(e => e.GetProperty("type").GetString() is "response.completed" or "response.incomplete").GetProperty("response");

    public static JsonElement ResponseJson(RecordedExchange exchange) => JsonDocument.Parse(exchange.ResponseBody).RootElement.Clone();

    /// <summary>The text of every <c>output_text</c> part of the message items of a response object.</summary>
    public static string OutputText(JsonElement response) => string.Concat(
        response.GetProperty("output").EnumerateArray()
            .Where(i => i.GetProperty("type").GetString() == "message")
            .SelectMany(i => i.GetProperty("content").EnumerateArray())
            .Where(p => p.GetProperty("type").GetString() == "output_text")
            .Select(p => p.GetProperty("text").GetString()));

    public static long Usage(JsonElement response, string field) => response.GetProperty("usage").GetProperty(field).GetInt64();

    public static long UsageDetail(JsonElement response, string details, string field) =>
        response.GetProperty("usage").GetProperty(details).GetProperty(field).GetInt64();

    public static DateTimeOffset CreatedAt(JsonElement response) => DateTimeOffset.FromUnixTimeSeconds(response.GetProperty("created_at").GetInt64());
}
