using System.Text.Json;
using Microsoft.Extensions.AI;

namespace AiGateway.Client.Dialects.ChatCompletions;

/// <summary>
/// Reasoning that has to go back to the model on the next turn (a tool loop with thinking on). Chat Completions has
/// no standard field for it; gateways use two shapes, and <see cref="TextReasoningContent.ProtectedData"/> keeps the
/// item exactly as it arrived so the writer can tell them apart and send it back the same way:
/// <list type="bullet">
/// <item><c>reasoning_details</c> items (<c>type</c> <c>reasoning.encrypted</c>/<c>reasoning.text</c>/<c>reasoning.summary</c>)
/// on the message, as Vercel sends them (seen in recorded Vercel traffic, and OpenRouter's documented format:
/// https://openrouter.ai/docs/use-cases/reasoning-tokens#preserving-reasoning-blocks);</item>
/// <item>a <c>{"type":"reasoning","summary":[{"type":"summary_text","text","signature"}]}</c> part inside an array
/// <c>content</c>, as Neon's Databricks backends send Claude thinking
/// (https://docs.databricks.com/aws/en/machine-learning/model-serving/query-reason-models).</item>
/// </list>
/// Reasoning without such data (plain <c>reasoning_content</c> text, or another dialect's signature) is not sent back:
/// providers that produce it do not want it (DeepSeek rejects <c>reasoning_content</c> in input).
/// </summary>
internal static class ChatCompletionsReasoning
{
    /// <summary>The shape a reasoning item's protected data came in.</summary>
    public enum Shape
    {
        /// <summary>Not Chat Completions round-trip data.</summary>
        None,

        /// <summary>A <c>reasoning_details</c> item.</summary>
        ReasoningDetail,

        /// <summary>A Databricks <c>reasoning</c> content part.</summary>
        ContentPart,
    }

    /// <summary>Parses protected data written by this dialect; <see cref="Shape.None"/> for anything else.</summary>
    public static Shape Classify(string? protectedData, out JsonDocument? item)
    {
        item = null;
        if (string.IsNullOrEmpty(protectedData) || protectedData[0] != '{')
        {
            return Shape.None;
        }

        try
        {
            item = JsonDocument.Parse(protectedData);
        }
        catch (JsonException)
        {
            return Shape.None;
        }

        if (item.RootElement.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String)
        {
            var value = type.GetString()!;
            if (value == "reasoning")
            {
                return Shape.ContentPart;
            }

            if (value.StartsWith("reasoning.", StringComparison.Ordinal))
            {
                return Shape.ReasoningDetail;
            }
        }

        item.Dispose();
        item = null;
        return Shape.None;
    }

    /// <summary>
    /// Writes a <c>reasoning_details</c> item as received, with its readable text replaced by the content's whole text
    /// (in a stream the item carrying the signature arrives after the text fragments).
    /// </summary>
    public static void WriteReasoningDetail(Utf8JsonWriter writer, JsonElement item, string text)
    {
        var type = item.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        var textProperty = type == "reasoning.summary" ? "summary" : "text";
        var needsText = type != "reasoning.encrypted" && text.Length > 0;
        writer.WriteStartObject();
        foreach (var property in item.EnumerateObject())
        {
            if (needsText && property.NameEquals(textProperty))
            {
                continue;
            }

            property.WriteTo(writer);
        }

        if (needsText)
        {
            writer.WriteString(textProperty, text);
        }

        writer.WriteEndObject();
    }

    /// <summary>Writes a Databricks reasoning part with the content's whole text and the signature it arrived with.</summary>
    public static void WriteContentPart(Utf8JsonWriter writer, JsonElement part, string text)
    {
        writer.WriteStartObject();
        writer.WriteString("type", "reasoning");
        writer.WriteStartArray("summary");
        writer.WriteStartObject();
        writer.WriteString("type", "summary_text");
        writer.WriteString("text", text);
        if (FindSignature(part) is { } signature)
        {
            writer.WriteString("signature", signature);
        }

        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static string? FindSignature(JsonElement part)
    {
        string? signature = part.TryGetProperty("signature", out var direct) && direct.ValueKind == JsonValueKind.String ? direct.GetString() : null;
        if (part.TryGetProperty("summary", out var summary) && summary.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in summary.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.Object && item.TryGetProperty("signature", out var s) && s.ValueKind == JsonValueKind.String)
                {
                    signature = s.GetString();
                }
            }
        }

        return signature;
    }
}
