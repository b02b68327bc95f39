using System.Drawing;
using System.Text.Json;
using AiGateway.Client.Dialects.GenerateContent;
using AiGateway.Client.Gateways;
using Microsoft.Extensions.AI;

namespace AiGateway.Client.Images;

/// <summary>
/// Gemini image generation over generateContent (https://ai.google.dev/gemini-api/docs/image-generation): the prompt
/// and any input images as parts of one user turn, <c>generationConfig.responseModalities: ["TEXT","IMAGE"]</c> and
/// <c>imageConfig.aspectRatio</c> from the requested size; images come back as <c>inlineData</c> parts.
/// </summary>
internal static class GeminiImageWire
{
    /// <summary>The aspect ratios Gemini image models accept (https://ai.google.dev/gemini-api/docs/image-generation#aspect_ratios).</summary>
    private static readonly (int W, int H)[] AspectRatios = [(1, 1), (2, 3), (3, 2), (3, 4), (4, 3), (4, 5), (5, 4), (9, 16), (16, 9), (21, 9)];

    public static void WriteRequest(Utf8JsonWriter writer, string prompt, IReadOnlyList<DataContent> images, Size? size, GatewayProfile gateway, GatewayRequestContext context)
    {
        writer.WriteStartObject();
        writer.WriteStartArray("contents");
        writer.WriteStartObject();
        writer.WriteString("role", "user");
        writer.WriteStartArray("parts");
        writer.WriteStartObject();
        writer.WriteString("text", prompt);
        writer.WriteEndObject();
        foreach (var image in images)
        {
            writer.WriteStartObject();
            writer.WriteStartObject("inlineData");
            writer.WriteString("mimeType", image.MediaType);
            writer.WriteBase64String("data", image.Data.Span);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteStartObject("generationConfig");
        writer.WriteStartArray("responseModalities");
        writer.WriteStringValue("TEXT");
        writer.WriteStringValue("IMAGE");
        writer.WriteEndArray();
        if (size is { } s)
        {
            writer.WriteStartObject("imageConfig");
            writer.WriteString("aspectRatio", AspectRatio(s));
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
        gateway.WriteBodyExtensions(writer, context);
        writer.WriteEndObject();
    }

    /// <summary>Reads the images (and any text) of the first candidate, and the usage.</summary>
    public static (List<AIContent> Contents, UsageDetails? Usage) ReadResponse(ReadOnlySpan<byte> body)
    {
        var response = GenerateContentJsonReader.Read(body);
        var contents = new List<AIContent>();
        foreach (var part in response.Candidates.FirstOrDefault()?.Content?.Parts ?? [])
        {
            if (part.InlineData is { Data: { } data } blob)
            {
                contents.Add(new DataContent(Convert.FromBase64String(data), blob.MimeType ?? "image/png"));
            }
            else if (!part.Thought && !string.IsNullOrEmpty(part.Text))
            {
                contents.Add(new TextContent(part.Text));
            }
        }

        UsageDetails? usage = response.UsageMetadata is { } u
            ? new UsageDetails { InputTokenCount = u.PromptTokenCount, OutputTokenCount = u.CandidatesTokenCount + (u.ThoughtsTokenCount ?? 0), TotalTokenCount = u.TotalTokenCount }
            : null;
        return (contents, usage);
    }

    private static string AspectRatio(Size size)
    {
        foreach (var (w, h) in AspectRatios)
        {
            if ((long)size.Width * h == (long)size.Height * w)
            {
                return $"{w}:{h}";
            }
        }

        throw new InvalidRequestException(
            $"Gemini image models take an aspect ratio, not a pixel size, and {size.Width}x{size.Height} is none of {string.Join(", ", AspectRatios.Select(r => $"{r.W}:{r.H}"))}. Pick a size with one of these ratios (for example 1024x1024 or 1344x768), or leave ImageSize unset. Nothing was sent.");
    }
}
