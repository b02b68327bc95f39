using System.Text;
using System.Text.Json;
using AiGateway.Client.Tests.TestSupport;

namespace AiGateway.Client.Tests.Reliability.Fuzz;

/// <summary>One recorded response body to mutate: which fixture it came from, its dialect, and whether it is streamed.</summary>
internal sealed record FuzzInput(string Name, ChatDialect Dialect, byte[] Body, bool Streamed, int Status)
{
    private static readonly (string Folder, ChatDialect Dialect)[] Folders =
    [
        ("chat-completions", ChatDialect.ChatCompletions),
        ("responses", ChatDialect.Responses),
        ("messages", ChatDialect.Messages),
        ("generate-content", ChatDialect.GenerateContent),
    ];

    /// <summary>
    /// Every response body in every recorded fixture of <paramref name="dialect"/> (SOURCES.md formats F1-F5): each
    /// exchange of a session record or cassette, each raw JSON body, each SSE file and each <c>*.chunks.txt</c> as SSE.
    /// </summary>
    public static IReadOnlyList<FuzzInput> Load(ChatDialect dialect)
    {
        var folder = Folders.Single(f => f.Dialect == dialect).Folder;
        var inputs = new List<FuzzInput>();
        foreach (var path in Fixtures.FilesIn(folder))
        {
            var name = path.Replace('\\', '/');
            if (name.EndsWith(".chunks.txt", StringComparison.Ordinal))
            {
                inputs.Add(new(name, dialect, Encoding.UTF8.GetBytes(Fixtures.ChunksAsSse(path)), Streamed: true, 200));
            }
            else if (name.EndsWith(".sse", StringComparison.Ordinal) || name.EndsWith(".txt", StringComparison.Ordinal))
            {
                inputs.Add(new(name, dialect, File.ReadAllBytes(Fixtures.PathOf(path)), Streamed: true, 200));
            }
            else if (name.EndsWith(".json", StringComparison.Ordinal) && IsRecording(path))
            {
                var exchanges = Fixtures.Exchanges(path);
                for (var i = 0; i < exchanges.Count; i++)
                {
                    var e = exchanges[i];
                    inputs.Add(new($"{name}#{i}", dialect, Encoding.UTF8.GetBytes(e.ResponseBody), e.IsEventStream, e.StatusCode));
                }
            }
            else if (name.EndsWith(".json", StringComparison.Ordinal))
            {
                var body = File.ReadAllBytes(Fixtures.PathOf(path));
                inputs.Add(new(name, dialect, body, Streamed: false, IsErrorBody(body) ? 400 : 200));
            }
        }

        return inputs;
    }

    private static bool IsRecording(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Fixtures.PathOf(path)));
        return doc.RootElement.ValueKind == JsonValueKind.Array && doc.RootElement.GetArrayLength() > 0 && doc.RootElement[0].TryGetProperty("request", out _)
            || doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("Entries", out _);
    }

    private static bool IsErrorBody(byte[] body)
    {
        using var doc = JsonDocument.Parse(body);
        return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("error", out _);
    }
}
