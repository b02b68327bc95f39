using System.Text;
using System.Text.Json;

namespace AiGateway.Client.Tests.TestSupport;

/// <summary>
/// Loads the recorded wire transcripts in <c>Fixtures/</c> (copied from ../shared/fixtures; SOURCES.md there says
/// what each file is). Normalises the five formats: F1 openai-dotnet SessionRecord, F2 anthropic inline snapshot,
/// F3 vercel <c>*.chunks.txt</c> (SSE data payloads one per line), F4 raw bodies, F5 extracted cassettes.
/// </summary>
public static class Fixtures
{
    public static string Root { get; } = Path.Combine(AppContext.BaseDirectory, "Fixtures");

    public static string PathOf(string relativePath) => Path.Combine(Root, relativePath);

    /// <summary>The raw text of a fixture file (F4 raw SSE/JSON bodies, F3 JSON bodies).</summary>
    public static string ReadText(string relativePath) => File.ReadAllText(PathOf(relativePath));

    /// <summary>Every fixture file in a dialect folder, by relative path (for "each file is replayed" checks).</summary>
    public static IReadOnlyList<string> FilesIn(string folder) =>
        Directory.GetFiles(PathOf(folder)).Select(f => Path.Combine(folder, Path.GetFileName(f))).Order(StringComparer.Ordinal).ToArray();

    /// <summary>An F3 <c>*.chunks.txt</c> turned back into an SSE body: each line becomes <c>data: {line}</c> and a blank line.</summary>
    public static string ChunksAsSse(string relativePath)
    {
        var builder = new StringBuilder();
        foreach (var line in File.ReadAllLines(PathOf(relativePath)))
        {
            if (line.Length > 0)
            {
                builder.Append("data: ").Append(line).Append("\n\n");
            }
        }

        return builder.ToString();
    }

    /// <summary>The recorded calls of an F1, F2 or F5 file, in order.</summary>
    public static IReadOnlyList<RecordedExchange> Exchanges(string relativePath)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(PathOf(relativePath)));
        var root = doc.RootElement;
        var result = new List<RecordedExchange>();
        if (root.ValueKind == JsonValueKind.Array)
        {
            // F2: [{request:{method,url,headers,body}, response:{status_code,headers,body}}]
            foreach (var item in root.EnumerateArray())
            {
                var request = item.GetProperty("request");
                var response = item.GetProperty("response");
                var headers = Headers(response, "headers");
                var body = response.GetProperty("body");
                result.Add(new RecordedExchange(
                    request.GetProperty("method").GetString()!,
                    new Uri(request.GetProperty("url").GetString()!),
                    request.TryGetProperty("body", out var rb) && rb.ValueKind == JsonValueKind.Object ? rb.Clone() : null,
                    response.GetProperty("status_code").GetInt32(),
                    ContentTypeOf(headers, body),
                    BodyText(body),
                    headers));
            }

            return result;
        }

        foreach (var entry in root.GetProperty("Entries").EnumerateArray())
        {
            var body = entry.GetProperty("ResponseBody");
            IReadOnlyDictionary<string, string> headers = Headers(entry, "ResponseHeaders");
            var contentType = entry.TryGetProperty("ResponseContentType", out var ct) ? ct.GetString()! : ContentTypeOf(headers, body);
            result.Add(new RecordedExchange(
                entry.GetProperty("RequestMethod").GetString()!,
                new Uri(entry.GetProperty("RequestUri").GetString()!),
                entry.TryGetProperty("RequestBody", out var rb) && rb.ValueKind == JsonValueKind.Object ? rb.Clone() : null,
                entry.GetProperty("StatusCode").GetInt32(),
                contentType,
                BodyText(body),
                headers));
        }

        return result;
    }

    private static Dictionary<string, string> Headers(JsonElement parent, string name)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (parent.TryGetProperty(name, out var h) && h.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in h.EnumerateObject())
            {
                headers[p.Name] = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText();
            }
        }

        return headers;
    }

    private static string ContentTypeOf(IReadOnlyDictionary<string, string> headers, JsonElement body) =>
        headers.TryGetValue("Content-Type", out var ct) ? ct
        : body.ValueKind == JsonValueKind.Array || (body.ValueKind == JsonValueKind.String && body.GetString()!.Contains("data:", StringComparison.Ordinal))
            ? "text/event-stream"
            : "application/json";

    private static string BodyText(JsonElement body) => body.ValueKind switch
    {
        // F1 streaming: the raw SSE lines as received.
        JsonValueKind.Array when body.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String) => string.Concat(body.EnumerateArray().Select(e => e.GetString())),
        JsonValueKind.String => body.GetString()!,
        JsonValueKind.Null or JsonValueKind.Undefined => string.Empty,
        _ => body.GetRawText(),
    };
}
