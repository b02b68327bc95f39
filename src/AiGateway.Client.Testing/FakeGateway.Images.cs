using System.Buffers;
using System.Net;
using System.Text;
using System.Text.Json;

namespace AiGateway.Client.Testing;

/// <summary>
/// The OpenAI images rendering of <see cref="FakeReply"/>: <c>{"created","data":[{"b64_json"}],"usage"}</c> for
/// <c>…/images/generations</c> (JSON) and <c>…/images/edits</c> (multipart), with <c>n</c> images.
/// </summary>
public sealed partial class FakeGateway
{
    /// <summary>Gets a valid 1×1 PNG, the image the fake answers with when a reply scripts none.</summary>
    public static byte[] SampleImage { get; } = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=");

    private static HttpResponseMessage RenderImages(FakeRequest request, FakeReply reply)
    {
        if (reply.StatusCode != HttpStatusCode.OK)
        {
            return Json(reply.StatusCode, reply.ErrorBody ?? ChatCompletionsErrorBody(reply.StatusCode, request.Model));
        }

        var edit = request.Endpoint == FakeEndpoint.ImageEdits;
        var n = edit
            ? int.TryParse(FakeMultipart.Field(request, "n"), out var formN) ? formN : 1
            : request.Json is { } json && json.TryGetProperty("n", out var jsonN) && jsonN.TryGetInt32(out var asked) ? asked : 1;
        var images = reply.Images ?? Enumerable.Repeat(reply.Image ?? (SampleImage, "image/png"), Math.Max(1, n)).ToArray();
        var prompt = edit ? FakeMultipart.Field(request, "prompt") : request.Json is { } j && j.TryGetProperty("prompt", out var p) ? p.GetString() : null;
        var inputTokens = reply.InputTokens ?? EstimateTokens(prompt);
        var outputTokens = reply.OutputTokens ?? 272 * images.Count;
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("created", DateTimeOffset.UtcNow.ToUnixTimeSeconds());
            writer.WriteStartArray("data");
            foreach (var image in images)
            {
                writer.WriteStartObject();
                writer.WriteBase64String("b64_json", image.Data);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteStartObject("usage");
            writer.WriteNumber("input_tokens", inputTokens);
            writer.WriteNumber("output_tokens", outputTokens);
            writer.WriteNumber("total_tokens", inputTokens + outputTokens);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return Json(HttpStatusCode.OK, Encoding.UTF8.GetString(buffer.WrittenSpan));
    }
}
