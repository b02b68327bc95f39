using System.Text.Json;

namespace AiGateway.Client.Testing;

/// <summary>A request <see cref="FakeGateway"/> received. <see cref="ToString"/> leaves out header values.</summary>
public sealed class FakeRequest
{
    internal FakeRequest(HttpMethod method, Uri uri, IReadOnlyDictionary<string, string> headers, string body, ChatDialect? dialect, FakeEndpoint endpoint = FakeEndpoint.Unknown)
    {
        Endpoint = endpoint;
        Method = method;
        Uri = uri;
        Headers = headers;
        Body = body;
        Dialect = dialect;
        if (body.Length > 0 && body[0] == '{')
        {
            try
            {
                Json = JsonDocument.Parse(body).RootElement.Clone();
            }
            catch (JsonException)
            {
                // Keep the raw body only.
            }
        }
    }

    /// <summary>Gets the HTTP method.</summary>
    public HttpMethod Method { get; }

    /// <summary>Gets the absolute request URI.</summary>
    public Uri Uri { get; }

    /// <summary>Gets the request and content headers (names lower-case, values comma-joined). They include credentials: do not print them.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; }

    /// <summary>Gets the body as text.</summary>
    public string Body { get; }

    /// <summary>Gets the body as JSON, when it is a JSON object.</summary>
    public JsonElement? Json { get; }

    /// <summary>Gets the dialect the path belongs to, or <see langword="null"/> for other paths.</summary>
    public ChatDialect? Dialect { get; }

    /// <summary>Gets the endpoint the request went to (chat dialects, embeddings, images).</summary>
    public FakeEndpoint Endpoint { get; }

    /// <summary>Gets a value indicating whether the request asked for a stream.</summary>
    public bool IsStreaming =>
        Dialect == ChatDialect.GenerateContent
            ? Uri.AbsolutePath.Contains(":streamGenerateContent", StringComparison.Ordinal)
            : Json is { } json && json.TryGetProperty("stream", out var s) && s.ValueKind == JsonValueKind.True;

    /// <summary>Gets the model the request is for (from the body, or from the Gemini path).</summary>
    public string? Model
    {
        get
        {
            if (Dialect == ChatDialect.GenerateContent || Endpoint is FakeEndpoint.EmbedContent or FakeEndpoint.BatchEmbedContents)
            {
                var path = Uri.AbsolutePath;
                var start = path.LastIndexOf("/models/", StringComparison.Ordinal);
                var colon = path.LastIndexOf(':');
                return start >= 0 && colon > start ? Uri.UnescapeDataString(path[(start + 8)..colon]) : null;
            }

            if (Endpoint == FakeEndpoint.ImageEdits)
            {
                return FakeMultipart.Field(this, "model");
            }

            return Json is { } json && json.TryGetProperty("model", out var m) ? m.GetString() : null;
        }
    }

    /// <summary>Gets the text of the last user message, in any dialect (for echo replies).</summary>
    public string LastUserText => FakeGateway.ExtractLastUserText(this);

    /// <inheritdoc />
    public override string ToString() => $"{Method} {Uri} ({(Endpoint == FakeEndpoint.Unknown ? "other" : Endpoint.ToString())}, {Body.Length} bytes)";
}
