using System.Buffers;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;

namespace AiGateway.Client.Testing;

// The GenerateContent rendering of FakeReply: a GenerateContentResponse for
// …:generateContent, or data: chunks for …:streamGenerateContent?alt=sse (reasoning as
// thought parts, text cut into pieces, then function calls, image and finishReason with the cumulative
// usageMetadata in the last chunk). Errors use Google's envelope {"error":{code,message,status}}.
public sealed partial class FakeGateway
{
    /// <summary>The signature the fake puts on its first function call (Gemini 3 sends one there).</summary>
    private const string GenerateContentFakeSignature = "ZmFrZS10aG91Z2h0LXNpZ25hdHVyZQ==";

    private static HttpResponseMessage RenderGenerateContent(FakeRequest request, FakeReply reply, int id)
    {
        if (reply.StatusCode != HttpStatusCode.OK)
        {
            return Json(reply.StatusCode, reply.ErrorBody ?? GoogleError(reply.StatusCode));
        }

        var responseId = string.Create(CultureInfo.InvariantCulture, $"fake-gc-{id}");
        var model = request.Model ?? "gemini-fake";
        var usage = GenerateContentUsage.From(request, reply);
        var finishReason = reply.FinishReason ?? "STOP";
        if (!request.IsStreaming)
        {
            return Json(HttpStatusCode.OK, GenerateContentChunk(reply.Reasoning, reply.Text, reply.ToolCalls, reply.Image, finishReason, usage, model, responseId, codeOf: reply, groundingOf: reply));
        }

        var sse = new StringBuilder();
        var promptOnly = usage with { Candidates = null, Thoughts = null, Total = usage.Prompt };
        if (!string.IsNullOrEmpty(reply.Reasoning))
        {
            AppendEvent(sse, GenerateContentChunk(reply.Reasoning, null, [], null, null, promptOnly, model, responseId));
        }

        if (reply.HostedToolCalls.Any(c => !c.IsWebSearch))
        {
            AppendEvent(sse, GenerateContentChunk(null, null, [], null, null, promptOnly, model, responseId, codeOf: reply));
        }

        var pieces = string.IsNullOrEmpty(reply.Text) ? [] : Split(reply.Text, reply.StreamChunks).ToList();
        for (var i = 0; i < pieces.Count; i++)
        {
            // A truncated stream sends all the text but never the chunk with the finish reason.
            var finishHere = i == pieces.Count - 1 && reply.ToolCalls.Count == 0 && reply.Image is null && !reply.TruncateStream;
            AppendEvent(sse, GenerateContentChunk(null, pieces[i], [], null, finishHere ? finishReason : null, finishHere ? usage : promptOnly, model, responseId, groundingOf: finishHere ? reply : null));
        }

        if ((pieces.Count == 0 || reply.ToolCalls.Count > 0 || reply.Image is not null) && !reply.TruncateStream)
        {
            AppendEvent(sse, GenerateContentChunk(null, null, reply.ToolCalls, reply.Image, finishReason, usage, model, responseId, groundingOf: reply));
        }

        return EventStream(sse.ToString());
    }

    /// <summary>
    /// Google Search grounding: the searches' queries, the citations (then the other pages found) as chunks, and one
    /// support spanning the whole text (UTF-8 byte offsets) that cites every citation.
    /// </summary>
    private static void WriteGrounding(Utf8JsonWriter writer, FakeReply reply)
    {
        var searches = reply.HostedToolCalls.Where(c => c.IsWebSearch).ToList();
        if (searches.Count == 0 && reply.Citations.Count == 0)
        {
            return;
        }

        var chunks = reply.Citations.Select(c => (c.Url, c.Title)).ToList();
        chunks.AddRange(searches.SelectMany(s => s.ResultUrls).Where(u => chunks.All(c => c.Url != u)).Distinct().Select(u => (u, u)));
        writer.WriteStartObject("groundingMetadata");
        writer.WriteStartArray("webSearchQueries");
        foreach (var search in searches)
        {
            writer.WriteStringValue(search.Query);
        }

        writer.WriteEndArray();
        writer.WriteStartArray("groundingChunks");
        foreach (var (url, title) in chunks)
        {
            writer.WriteStartObject();
            writer.WriteStartObject("web");
            writer.WriteString("uri", url);
            writer.WriteString("title", title);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        if (reply.Citations.Count > 0 && !string.IsNullOrEmpty(reply.Text))
        {
            writer.WriteStartArray("groundingSupports");
            writer.WriteStartObject();
            writer.WriteStartObject("segment");
            writer.WriteNumber("startIndex", 0);
            writer.WriteNumber("endIndex", Encoding.UTF8.GetByteCount(reply.Text));
            writer.WriteString("text", reply.Text);
            writer.WriteEndObject();
            writer.WriteStartArray("groundingChunkIndices");
            for (var i = 0; i < reply.Citations.Count; i++)
            {
                writer.WriteNumberValue(i);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }

    private static void AppendEvent(StringBuilder sse, string json) => sse.Append("data: ").Append(json).Append("\r\n\r\n");

    private static string GenerateContentChunk(
        string? reasoning,
        string? text,
        IReadOnlyList<FakeToolCall> toolCalls,
        (byte[] Data, string MediaType)? image,
        string? finishReason,
        GenerateContentUsage usage,
        string model,
        string responseId,
        FakeReply? codeOf = null,
        FakeReply? groundingOf = null)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("candidates");
            writer.WriteStartObject();
            writer.WriteStartObject("content");
            writer.WriteStartArray("parts");
            if (!string.IsNullOrEmpty(reasoning))
            {
                writer.WriteStartObject();
                writer.WriteString("text", reasoning);
                writer.WriteBoolean("thought", true);
                writer.WriteEndObject();
            }

            foreach (var code in codeOf?.HostedToolCalls.Where(c => !c.IsWebSearch) ?? [])
            {
                // Code Gemini ran with the codeExecution tool, then what it printed (docs/gateways.md, "Hosted tools").
                writer.WriteStartObject();
                writer.WriteStartObject("executableCode");
                writer.WriteString("language", "PYTHON");
                writer.WriteString("code", code.Code);
                writer.WriteEndObject();
                writer.WriteEndObject();
                writer.WriteStartObject();
                writer.WriteStartObject("codeExecutionResult");
                writer.WriteString("outcome", "OUTCOME_OK");
                writer.WriteString("output", code.Output);
                writer.WriteEndObject();
                writer.WriteEndObject();
            }

            if (!string.IsNullOrEmpty(text))
            {
                writer.WriteStartObject();
                writer.WriteString("text", text);
                writer.WriteEndObject();
            }

            for (var i = 0; i < toolCalls.Count; i++)
            {
                writer.WriteStartObject();
                writer.WriteStartObject("functionCall");
                if (toolCalls[i].Id is { } callId)
                {
                    writer.WriteString("id", callId);
                }

                writer.WriteString("name", toolCalls[i].Name);
                writer.WritePropertyName("args");
                using (var args = JsonDocument.Parse(string.IsNullOrWhiteSpace(toolCalls[i].ArgumentsJson) ? "{}" : toolCalls[i].ArgumentsJson))
                {
                    args.RootElement.WriteTo(writer);
                }

                writer.WriteEndObject();

                // Like Gemini 3: in parallel calls only the first carries the signature.
                if (i == 0)
                {
                    writer.WriteString("thoughtSignature", GenerateContentFakeSignature);
                }

                writer.WriteEndObject();
            }

            if (image is { } picture)
            {
                writer.WriteStartObject();
                writer.WriteStartObject("inlineData");
                writer.WriteString("mimeType", picture.MediaType);
                writer.WriteBase64String("data", picture.Data);
                writer.WriteEndObject();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteString("role", "model");
            writer.WriteEndObject();
            if (finishReason is not null)
            {
                writer.WriteString("finishReason", finishReason);
            }

            if (groundingOf is not null)
            {
                WriteGrounding(writer, groundingOf);
            }

            writer.WriteNumber("index", 0);
            writer.WriteEndObject();
            writer.WriteEndArray();

            writer.WriteStartObject("usageMetadata");
            writer.WriteNumber("promptTokenCount", usage.Prompt);
            if (usage.Candidates is { } candidates)
            {
                writer.WriteNumber("candidatesTokenCount", candidates);
            }

            writer.WriteNumber("totalTokenCount", usage.Total);
            if (usage.Thoughts is { } thoughts)
            {
                writer.WriteNumber("thoughtsTokenCount", thoughts);
            }

            writer.WriteEndObject();
            writer.WriteString("modelVersion", model);
            writer.WriteString("responseId", responseId);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Google's error envelope for <paramref name="status"/>, with the canonical status name Google uses for it.</summary>
    private static string GoogleError(HttpStatusCode status)
    {
        var code = (int)status;
        var name = code switch
        {
            400 => "INVALID_ARGUMENT",
            401 => "UNAUTHENTICATED",
            403 => "PERMISSION_DENIED",
            404 => "NOT_FOUND",
            409 => "ABORTED",
            429 => "RESOURCE_EXHAUSTED",
            499 => "CANCELLED",
            501 => "UNIMPLEMENTED",
            503 => "UNAVAILABLE",
            504 => "DEADLINE_EXCEEDED",
            _ => code >= 500 ? "INTERNAL" : "UNKNOWN",
        };
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("error");
            writer.WriteNumber("code", code);
            writer.WriteString("message", $"FakeGateway answered {code} as scripted.");
            writer.WriteString("status", name);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>The token counts a fake Gemini answer reports.</summary>
    private readonly record struct GenerateContentUsage(int Prompt, int? Candidates, int? Thoughts, int Total)
    {
        public static GenerateContentUsage From(FakeRequest request, FakeReply reply)
        {
            var prompt = reply.InputTokens ?? EstimateTokens(request.LastUserText);
            var thoughts = string.IsNullOrEmpty(reply.Reasoning) ? (int?)null : EstimateTokens(reply.Reasoning);

            // Gemini counts thoughts apart from candidates; OutputTokens, when set, is their sum.
            var candidates = reply.OutputTokens is { } output
                ? Math.Max(0, output - (thoughts ?? 0))
                : EstimateTokens(reply.Text) + reply.ToolCalls.Sum(c => EstimateTokens(c.Name + c.ArgumentsJson));
            return new GenerateContentUsage(prompt, candidates, thoughts, prompt + candidates + (thoughts ?? 0));
        }
    }
}
