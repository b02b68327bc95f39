using System.Drawing;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using AiGateway.Client.Gateways;
using Microsoft.Extensions.AI;

namespace AiGateway.Client.Images;

/// <summary>
/// OpenAI's images API (https://platform.openai.com/docs/api-reference/images): <c>images/generations</c> takes
/// <c>{"model","prompt","n","size","output_format"}</c>; <c>images/edits</c> takes the same as multipart form fields
/// plus <c>image[]</c> files. Both answer <c>{"created","data":[{"b64_json"|"url"}],"usage":{"input_tokens","output_tokens"}}</c>.
/// GPT Image models always answer base64; DALL·E models are asked for <c>response_format: b64_json</c> unless URLs are wanted.
/// </summary>
internal static class OpenAIImagesWire
{
    public static void WriteGeneration(Utf8JsonWriter writer, string wireModelId, string prompt, ImageGenerationOptions? options, GatewayProfile gateway, GatewayRequestContext context)
    {
        writer.WriteStartObject();
        writer.WriteString("model", wireModelId);
        writer.WriteString("prompt", prompt);
        if (options?.Count is { } n)
        {
            writer.WriteNumber("n", n);
        }

        if (options?.ImageSize is { } size)
        {
            writer.WriteString("size", Size(size));
        }

        if (OutputFormat(wireModelId, options) is { } format)
        {
            writer.WriteString("output_format", format);
        }

        if (ResponseFormat(wireModelId, options) is { } responseFormat)
        {
            writer.WriteString("response_format", responseFormat);
        }

        if (!string.IsNullOrEmpty(context.User))
        {
            writer.WriteString("user", context.User);
        }

        gateway.WriteBodyExtensions(writer, context);
        writer.WriteEndObject();
    }

    public static MultipartFormDataContent CreateEdit(string wireModelId, string prompt, IReadOnlyList<DataContent> images, ImageGenerationOptions? options, string? user)
    {
        var form = new MultipartFormDataContent
        {
            { new StringContent(wireModelId), "model" },
            { new StringContent(prompt), "prompt" },
        };
        if (!string.IsNullOrEmpty(user))
        {
            form.Add(new StringContent(user), "user");
        }

        if (options?.Count is { } n)
        {
            form.Add(new StringContent(n.ToString(CultureInfo.InvariantCulture)), "n");
        }

        if (options?.ImageSize is { } size)
        {
            form.Add(new StringContent(Size(size)), "size");
        }

        if (OutputFormat(wireModelId, options) is { } format)
        {
            form.Add(new StringContent(format), "output_format");
        }

        for (var i = 0; i < images.Count; i++)
        {
            var file = new ReadOnlyMemoryContent(images[i].Data);
            file.Headers.ContentType = new MediaTypeHeaderValue(images[i].MediaType);
            var extension = images[i].MediaType switch
            {
                "image/jpeg" => "jpg",
                "image/webp" => "webp",
                _ => "png",
            };

            // GPT Image models take several images as image[]; one image is sent the same way.
            form.Add(file, "image[]", images[i].Name ?? $"image-{i}.{extension}");
        }

        return form;
    }

    public static (List<AIContent> Contents, UsageDetails? Usage) ReadResponse(ReadOnlySpan<byte> body, string mediaType)
    {
        using var document = JsonDocument.Parse(body.ToArray());
        var root = document.RootElement;
        var contents = new List<AIContent>();
        if (root.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in data.EnumerateArray())
            {
                if (item.TryGetProperty("b64_json", out var b64) && b64.ValueKind == JsonValueKind.String)
                {
                    contents.Add(new DataContent(b64.GetBytesFromBase64(), mediaType));
                }
                else if (item.TryGetProperty("url", out var url) && url.ValueKind == JsonValueKind.String)
                {
                    contents.Add(new UriContent(new Uri(url.GetString()!), mediaType));
                }
            }
        }

        if (contents.Count == 0)
        {
            throw new JsonException("the answer has no image in 'data'");
        }

        UsageDetails? usage = null;
        if (root.TryGetProperty("usage", out var u) && u.ValueKind == JsonValueKind.Object)
        {
            usage = new UsageDetails
            {
                InputTokenCount = u.TryGetProperty("input_tokens", out var input) ? input.GetInt64() : null,
                OutputTokenCount = u.TryGetProperty("output_tokens", out var output) ? output.GetInt64() : null,
                TotalTokenCount = u.TryGetProperty("total_tokens", out var total) ? total.GetInt64() : null,
            };
        }

        return (contents, usage);
    }

    /// <summary>The media type of the images the call returns: the requested one, else PNG (the API's default).</summary>
    public static string MediaTypeOf(ImageGenerationOptions? options) => options?.MediaType ?? "image/png";

    private static string Size(Size size) => string.Create(CultureInfo.InvariantCulture, $"{size.Width}x{size.Height}");

    private static string? OutputFormat(string wireModelId, ImageGenerationOptions? options) =>
        !IsGptImage(wireModelId) || options?.MediaType is not { } mediaType
            ? null
            : mediaType switch
            {
                "image/png" => "png",
                "image/jpeg" => "jpeg",
                "image/webp" => "webp",
                _ => throw new InvalidRequestException($"GPT Image models return image/png, image/jpeg or image/webp, not '{mediaType}'. Set ImageGenerationOptions.MediaType to one of these. Nothing was sent."),
            };

    private static string? ResponseFormat(string wireModelId, ImageGenerationOptions? options) =>
        IsGptImage(wireModelId) ? null : options?.ResponseFormat == ImageGenerationResponseFormat.Uri ? "url" : "b64_json";

    private static bool IsGptImage(string wireModelId) => wireModelId.Contains("gpt-image", StringComparison.OrdinalIgnoreCase);
}
