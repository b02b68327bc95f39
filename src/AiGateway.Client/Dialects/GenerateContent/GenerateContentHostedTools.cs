using System.Globalization;
using System.Text;
using System.Text.Json;
using AiGateway.Client.Dialects.HostedTools;
using Microsoft.Extensions.AI;
using static AiGateway.Client.Dialects.Json.JsonElementValues;

namespace AiGateway.Client.Dialects.GenerateContent;

/// <summary>
/// Gemini's built-in tools (docs/gateways.md, "Hosted tools"): <see cref="HostedWebSearchTool"/> is
/// <c>{"googleSearch":{}}</c>, <see cref="HostedCodeInterpreterTool"/> is <c>{"codeExecution":{}}</c>.
/// <c>executableCode</c>/<c>codeExecutionResult</c> parts become code-interpreter contents (they keep their part,
/// <see cref="HostedToolWire.GenerateContentPartKey"/>, to go back as history); <c>groundingMetadata</c> becomes a
/// web-search call (its queries) and result (its sources) and <see cref="CitationAnnotation"/>s on the answer's text.
/// </summary>
internal static class GenerateContentHostedTools
{
    public static bool IsHosted(AITool tool) => tool is HostedWebSearchTool or HostedCodeInterpreterTool;

    public static void WriteTool(Utf8JsonWriter writer, AITool tool)
    {
        writer.WriteStartObject();
        writer.WriteStartObject(tool is HostedWebSearchTool ? "googleSearch" : "codeExecution");
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>
    /// Maps a code part, or returns <see langword="null"/> for another part. Gemini gives code parts no id: a call gets
    /// one made from the response id and its position (<paramref name="ids"/> counts across a stream's chunks), and the
    /// result after it takes the same one.
    /// </summary>
    public static AIContent? FromCodePart(GenerateContentPartDto part, string? responseId, CodeCallIds ids)
    {
        if (part.ExecutableCode.ValueKind == JsonValueKind.Object)
        {
            var code = StringOf(part.ExecutableCode, "code") ?? string.Empty;
            ids.Last = StringOf(part.ExecutableCode, "id") is { Length: > 0 } given
                ? given
                : string.Create(CultureInfo.InvariantCulture, $"{GenerateContentPropertyNames.GeneratedCallIdPrefix}code_{responseId}_{ids.Count}");
            ids.Count++;
            var call = new CodeInterpreterToolCallContent(ids.Last)
            {
                Inputs = [new DataContent(Encoding.UTF8.GetBytes(code), "text/x-python")],
                RawRepresentation = part,
            };
            return HostedToolWire.Keep(call, HostedToolWire.GenerateContentPartKey, Part("executableCode", part.ExecutableCode));
        }

        if (part.CodeExecutionResult.ValueKind == JsonValueKind.Object)
        {
            var outcome = StringOf(part.CodeExecutionResult, "outcome");
            var output = StringOf(part.CodeExecutionResult, "output");
            var result = new CodeInterpreterToolResultContent(
                StringOf(part.CodeExecutionResult, "id") is { Length: > 0 } id ? id : ids.Last ?? $"{GenerateContentPropertyNames.GeneratedCallIdPrefix}code_{responseId}") { Outputs = [], RawRepresentation = part };
            if (outcome is null or "OUTCOME_OK")
            {
                if (!string.IsNullOrEmpty(output))
                {
                    result.Outputs.Add(new TextContent(output));
                }
            }
            else
            {
                result.Outputs.Add(new ErrorContent(string.IsNullOrEmpty(output) ? $"The code did not run: {outcome}." : output) { ErrorCode = outcome });
            }

            return HostedToolWire.Keep(result, HostedToolWire.GenerateContentPartKey, Part("codeExecutionResult", part.CodeExecutionResult));
        }

        return null;
    }

    /// <summary>The answer text of the contents (what grounding segment offsets count in).</summary>
    public static string AnswerText(IEnumerable<AIContent> contents) =>
        string.Concat(contents.OfType<TextContent>().Select(t => t.Text));

    /// <summary>
    /// Adds what <c>groundingMetadata</c> says: a <see cref="WebSearchToolCallContent"/> with <c>webSearchQueries</c>, a
    /// <see cref="WebSearchToolResultContent"/> with the <c>groundingChunks</c> as <see cref="UriContent"/>s (title as a
    /// property), and each <c>groundingSupports</c> entry as one <see cref="CitationAnnotation"/> per chunk it cites,
    /// on the last text (a new empty text when streaming, which coalesces with the streamed text). Segment offsets are
    /// UTF-8 byte offsets into the answer text; they become character offsets.
    /// </summary>
    public static void AddGrounding(List<AIContent> contents, JsonElement metadata, string? responseId, string text, bool streamed = false)
    {
        if (metadata.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        var sources = new List<(Uri? Uri, string? Title)>();
        if (metadata.TryGetProperty("groundingChunks", out var chunks) && chunks.ValueKind == JsonValueKind.Array)
        {
            foreach (var chunk in chunks.EnumerateArray())
            {
                var web = chunk.ValueKind == JsonValueKind.Object && chunk.TryGetProperty("web", out var w) ? w : default;
                sources.Add((Uri.TryCreate(StringOf(web, "uri"), UriKind.Absolute, out var uri) ? uri : null, StringOf(web, "title")));
            }
        }

        var queries = Strings(metadata, "webSearchQueries");
        if (queries.Count > 0 || sources.Count > 0)
        {
            var id = $"{GenerateContentPropertyNames.GeneratedCallIdPrefix}search_{responseId}";
            contents.Add(new WebSearchToolCallContent(id) { Queries = queries.Count == 0 ? null : queries });
            var outputs = new List<AIContent>();
            foreach (var (uri, title) in sources)
            {
                if (uri is not null)
                {
                    outputs.Add(new UriContent(uri, "text/html") { AdditionalProperties = title is null ? null : new() { ["title"] = title } });
                }
            }

            contents.Add(new WebSearchToolResultContent(id) { Outputs = outputs });
        }

        var citations = Citations(metadata, sources, text);
        if (citations.Count == 0)
        {
            return;
        }

        if (!streamed && contents.OfType<TextContent>().LastOrDefault() is { } last)
        {
            last.Annotations ??= [];
            foreach (var citation in citations)
            {
                last.Annotations.Add(citation);
            }
        }
        else
        {
            contents.Add(new TextContent(string.Empty) { Annotations = citations });
        }
    }

    private static List<AIAnnotation> Citations(JsonElement metadata, List<(Uri? Uri, string? Title)> sources, string text)
    {
        var citations = new List<AIAnnotation>();
        if (!metadata.TryGetProperty("groundingSupports", out var supports) || supports.ValueKind != JsonValueKind.Array)
        {
            return citations;
        }

        var bytes = Encoding.UTF8.GetBytes(text);
        foreach (var support in supports.EnumerateArray())
        {
            var segment = support.ValueKind == JsonValueKind.Object && support.TryGetProperty("segment", out var s) ? s : default;
            var region = Region(segment, bytes);
            if (support.ValueKind != JsonValueKind.Object || !support.TryGetProperty("groundingChunkIndices", out var indices) || indices.ValueKind != JsonValueKind.Array)
            {
                continue;
            }

            foreach (var index in indices.EnumerateArray())
            {
                if (index.TryGetInt32(out var i) && i >= 0 && i < sources.Count)
                {
                    citations.Add(new CitationAnnotation
                    {
                        Url = sources[i].Uri,
                        Title = sources[i].Title,
                        AnnotatedRegions = region is null ? null : [region],
                        RawRepresentation = support,
                    });
                }
            }
        }

        return citations;
    }

    private static TextSpanAnnotatedRegion? Region(JsonElement segment, byte[] text)
    {
        if (segment.ValueKind != JsonValueKind.Object || !segment.TryGetProperty("endIndex", out var endElement) || !endElement.TryGetInt32(out var end))
        {
            return null;
        }

        var start = segment.TryGetProperty("startIndex", out var startElement) && startElement.TryGetInt32(out var s) ? s : 0;
        if (start < 0 || end < start || end > text.Length)
        {
            return null;
        }

        return new TextSpanAnnotatedRegion
        {
            StartIndex = Encoding.UTF8.GetCharCount(text, 0, start),
            EndIndex = Encoding.UTF8.GetCharCount(text, 0, end),
        };
    }

    private static string Part(string name, JsonElement value) => $"{{\"{name}\":{value.GetRawText()}}}";

    /// <summary>The made-up ids of one answer's code calls (a stream's chunks share one).</summary>
    internal sealed class CodeCallIds
    {
        public int Count { get; set; }

        public string? Last { get; set; }
    }
}
