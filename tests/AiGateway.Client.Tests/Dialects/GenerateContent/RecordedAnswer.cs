using System.Text;
using System.Text.Json;
using AiGateway.Client.Tests.TestSupport;

namespace AiGateway.Client.Tests.Dialects.GenerateContent;

/// <summary>
/// What a recorded Gemini answer says, read with JsonDocument straight from the fixture (independently of the
/// client's Utf8JsonReader path): the oracle the replay tests compare the client's result with.
/// </summary>
internal sealed class RecordedAnswer
{
    public string Text { get; private set; } = string.Empty;

    public string Thoughts { get; private set; } = string.Empty;

    /// <summary>The thoughtSignatures of non-thought text parts, in order.</summary>
    public List<string> TextSignatures { get; } = [];

    public List<(string Name, JsonElement Args, string? Signature)> FunctionCalls { get; } = [];

    public List<(string MimeType, string Data)> Images { get; } = [];

    public string? FinishReason { get; private set; }

    public string? FinishMessage { get; private set; }

    public string? ResponseId { get; private set; }

    public string? ModelVersion { get; private set; }

    public string? CreateTime { get; private set; }

    public int? PromptTokens { get; private set; }

    public int? CandidatesTokens { get; private set; }

    public int? ThoughtsTokens { get; private set; }

    public int? CachedTokens { get; private set; }

    public int? TotalTokens { get; private set; }

    /// <summary>Output as the client reports it: candidates plus thoughts.</summary>
    public int OutputTokens => (CandidatesTokens ?? 0) + (ThoughtsTokens ?? 0);

    public static RecordedAnswer FromJson(string json)
    {
        using var document = JsonDocument.Parse(json);
        var answer = new RecordedAnswer();
        answer.Add(document.RootElement);
        return answer;
    }

    /// <summary>Reads every <c>data:</c> line of a raw SSE fixture (CRLF or LF).</summary>
    public static RecordedAnswer FromSse(string sse)
    {
        var answer = new RecordedAnswer();
        foreach (var line in sse.Split('\n'))
        {
            var trimmed = line.TrimEnd('\r');
            if (trimmed.StartsWith("data:", StringComparison.Ordinal))
            {
                using var document = JsonDocument.Parse(trimmed["data:".Length..]);
                answer.Add(document.RootElement);
            }
        }

        return answer;
    }

    public static RecordedAnswer FromChunksFile(string relativePath) => FromSse(Fixtures.ChunksAsSse(relativePath));

    private void Add(JsonElement chunk)
    {
        ResponseId ??= chunk.TryGetProperty("responseId", out var id) ? id.GetString() : null;
        ModelVersion ??= chunk.TryGetProperty("modelVersion", out var model) ? model.GetString() : null;
        CreateTime ??= chunk.TryGetProperty("createTime", out var created) ? created.GetString() : null;
        if (chunk.TryGetProperty("usageMetadata", out var usage))
        {
            PromptTokens = Int(usage, "promptTokenCount");
            CandidatesTokens = Int(usage, "candidatesTokenCount");
            ThoughtsTokens = Int(usage, "thoughtsTokenCount");
            CachedTokens = Int(usage, "cachedContentTokenCount");
            TotalTokens = Int(usage, "totalTokenCount");
        }

        var candidate = chunk.GetProperty("candidates")[0];
        if (candidate.TryGetProperty("finishReason", out var finish))
        {
            FinishReason = finish.GetString();
        }

        if (candidate.TryGetProperty("finishMessage", out var finishMessage))
        {
            FinishMessage = finishMessage.GetString();
        }

        var text = new StringBuilder(Text);
        var thoughts = new StringBuilder(Thoughts);
        foreach (var part in candidate.GetProperty("content").GetProperty("parts").EnumerateArray())
        {
            var signature = part.TryGetProperty("thoughtSignature", out var sig) ? sig.GetString() : null;
            if (part.TryGetProperty("functionCall", out var call))
            {
                FunctionCalls.Add((call.GetProperty("name").GetString()!, call.GetProperty("args").Clone(), signature));
            }
            else if (part.TryGetProperty("inlineData", out var blob))
            {
                Images.Add((blob.GetProperty("mimeType").GetString()!, blob.GetProperty("data").GetString()!));
            }
            else if (part.TryGetProperty("thought", out var thought) && thought.GetBoolean())
            {
                thoughts.Append(part.GetProperty("text").GetString());
            }
            else if (part.TryGetProperty("text", out var value))
            {
                text.Append(value.GetString());
                if (signature is not null)
                {
                    TextSignatures.Add(signature);
                }
            }
        }

        Text = text.ToString();
        Thoughts = thoughts.ToString();
    }

    private static int? Int(JsonElement parent, string name) => parent.TryGetProperty(name, out var value) ? value.GetInt32() : null;
}
