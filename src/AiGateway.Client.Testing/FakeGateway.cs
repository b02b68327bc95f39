using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using AiGateway.Client.Embeddings;
using AiGateway.Client.Gateways;
using AiGateway.Client.Images;

namespace AiGateway.Client.Testing;

/// <summary>
/// An in-memory AI gateway: an <see cref="HttpMessageHandler"/> that answers all four dialects by request path
/// (<c>…/chat/completions</c>, <c>…/responses</c>, <c>…/v1/messages</c>, <c>…:generateContent</c> and
/// <c>…:streamGenerateContent</c>), streaming or not, with scripted replies (<see cref="Enqueue"/>), a
/// <see cref="Responder"/>, or by default an echo of the last user message. Every request is recorded in
/// <see cref="Requests"/>. Use it to test an app without a network:
/// <code>
/// var fake = new FakeGateway();
/// fake.Enqueue(FakeReply.WithText("hi"));
/// using var client = fake.CreateClient();
/// </code>
/// </summary>
public sealed partial class FakeGateway : HttpMessageHandler
{
    private readonly ConcurrentQueue<FakeReply> _script = new();
    private readonly ConcurrentQueue<FakeRequest> _requests = new();
    private int _sequence;

    /// <summary>The base URL the fake answers under when used with <see cref="CreateOptions"/>.</summary>
    public static Uri BaseUri { get; } = new("https://fake-gateway.test/v1/");

    /// <summary>Gets or sets a function that picks the reply for each request; scripted replies come first.</summary>
    public Func<FakeRequest, FakeReply>? Responder { get; set; }

    /// <summary>Gets every request received, in order.</summary>
    public IReadOnlyList<FakeRequest> Requests => _requests.ToArray();

    /// <summary>Queues replies; each request takes the next one.</summary>
    /// <param name="replies">The replies.</param>
    /// <returns>This fake.</returns>
    public FakeGateway Enqueue(params FakeReply[] replies)
    {
        ArgumentNullException.ThrowIfNull(replies);
        foreach (var reply in replies)
        {
            _script.Enqueue(reply);
        }

        return this;
    }

    /// <summary>The model <see cref="CreateOptions"/> and <c>AddFakeGateway</c> use when none is given.</summary>
    public const string DefaultModel = "openai/gpt-4o-mini";

    /// <summary>Creates options that send every dialect to this fake as an OpenAI-compatible gateway.</summary>
    /// <param name="defaultModel">The default model.</param>
    /// <returns>The options.</returns>
    public static AiGatewayOptions CreateOptions(string defaultModel = DefaultModel) => new()
    {
        Gateway = GatewayKind.OpenAICompatible,
        BaseUrl = BaseUri,
        ApiKey = "fake-key",
        DefaultModel = defaultModel,
        EmbeddingModel = "openai/text-embedding-3-small",
        ImageModel = "openai/gpt-image-1",
        Environment = EnvironmentSource.FromDictionary([]),
    };

    /// <summary>Creates a leaf client that sends to this fake.</summary>
    /// <param name="options">The options; <see langword="null"/> uses <see cref="CreateOptions"/>.</param>
    /// <returns>The client.</returns>
    public AiGatewayChatClient CreateClient(AiGatewayOptions? options = null) =>
        new(options ?? CreateOptions(), new HttpClient(this, disposeHandler: false));

    /// <summary>Creates an embedding generator that sends to this fake (default model <c>openai/text-embedding-3-small</c>).</summary>
    /// <param name="options">The options; <see langword="null"/> uses <see cref="CreateOptions"/>.</param>
    /// <returns>The generator.</returns>
    public AiGatewayEmbeddingGenerator CreateEmbeddingGenerator(AiGatewayOptions? options = null) =>
        new(options ?? CreateOptions(), new HttpClient(this, disposeHandler: false));

    /// <summary>Creates an image generator that sends to this fake (default model <c>openai/gpt-image-1</c>). Experimental (<c>MEAI001</c>).</summary>
    /// <param name="options">The options; <see langword="null"/> uses <see cref="CreateOptions"/>.</param>
    /// <returns>The generator.</returns>
    [Experimental(AiGatewayDiagnosticIds.ImageGeneration)]
    public AiGatewayImageGenerator CreateImageGenerator(AiGatewayOptions? options = null) =>
        new(options ?? CreateOptions(), new HttpClient(this, disposeHandler: false));

    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = request.Content is null ? string.Empty : await request.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in request.Headers)
        {
            headers[header.Key.ToLowerInvariant()] = string.Join(", ", header.Value);
        }

        if (request.Content is not null)
        {
            foreach (var header in request.Content.Headers)
            {
                headers[header.Key.ToLowerInvariant()] = string.Join(", ", header.Value);
            }
        }

        var uri = request.RequestUri ?? throw new InvalidOperationException("The request has no URI.");
        var endpoint = EndpointOf(uri);
        var fakeRequest = new FakeRequest(request.Method, uri, headers, body, DialectOf(uri), endpoint);
        _requests.Enqueue(fakeRequest);

        var reply = _script.TryDequeue(out var scripted) ? scripted : Responder?.Invoke(fakeRequest) ?? DefaultReply(fakeRequest);
        if (reply.Delay > TimeSpan.Zero)
        {
            await Task.Delay(reply.Delay, cancellationToken).ConfigureAwait(false);
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (endpoint == FakeEndpoint.Unknown)
        {
            return new HttpResponseMessage(HttpStatusCode.NotFound) { Content = new StringContent($"FakeGateway has no route for {uri.AbsolutePath}.") };
        }

        var id = Interlocked.Increment(ref _sequence);
        HttpResponseMessage response = endpoint switch
        {
            FakeEndpoint.ChatCompletions => RenderChatCompletions(fakeRequest, reply, id),
            FakeEndpoint.Responses => RenderResponses(fakeRequest, reply, id),
            FakeEndpoint.Messages => RenderMessages(fakeRequest, reply, id),
            FakeEndpoint.GenerateContent => RenderGenerateContent(fakeRequest, reply, id),
            FakeEndpoint.Embeddings => RenderOpenAIEmbeddings(fakeRequest, reply),
            FakeEndpoint.EmbedContent or FakeEndpoint.BatchEmbedContents => RenderGeminiEmbeddings(fakeRequest, reply),
            _ => RenderImages(fakeRequest, reply),
        };
        if (reply.StatusCode != HttpStatusCode.OK && reply.RetryAfter is { } retryAfter)
        {
            response.Headers.RetryAfter = new RetryConditionHeaderValue(retryAfter);
        }

        response.Headers.TryAddWithoutValidation("x-request-id", $"req_fake_{id}");
        response.RequestMessage = request;
        return response;
    }

    private static ChatDialect? DialectOf(Uri uri)
    {
        var path = uri.AbsolutePath;
        if (path.EndsWith("/chat/completions", StringComparison.Ordinal))
        {
            return ChatDialect.ChatCompletions;
        }

        if (path.EndsWith("/responses", StringComparison.Ordinal))
        {
            return ChatDialect.Responses;
        }

        if (path.EndsWith("/v1/messages", StringComparison.Ordinal))
        {
            return ChatDialect.Messages;
        }

        return path.Contains(":generateContent", StringComparison.Ordinal) || path.Contains(":streamGenerateContent", StringComparison.Ordinal)
            ? ChatDialect.GenerateContent
            : null;
    }

    private static FakeEndpoint EndpointOf(Uri uri)
    {
        var path = uri.AbsolutePath;
        if (path.Contains(":embedContent", StringComparison.Ordinal))
        {
            return FakeEndpoint.EmbedContent;
        }

        if (path.Contains(":batchEmbedContents", StringComparison.Ordinal))
        {
            return FakeEndpoint.BatchEmbedContents;
        }

        if (path.EndsWith("/embeddings", StringComparison.Ordinal))
        {
            return FakeEndpoint.Embeddings;
        }

        if (path.EndsWith("/images/generations", StringComparison.Ordinal))
        {
            return FakeEndpoint.ImageGenerations;
        }

        if (path.EndsWith("/images/edits", StringComparison.Ordinal))
        {
            return FakeEndpoint.ImageEdits;
        }

        return DialectOf(uri) switch
        {
            ChatDialect.ChatCompletions => FakeEndpoint.ChatCompletions,
            ChatDialect.Responses => FakeEndpoint.Responses,
            ChatDialect.Messages => FakeEndpoint.Messages,
            ChatDialect.GenerateContent => FakeEndpoint.GenerateContent,
            _ => FakeEndpoint.Unknown,
        };
    }

    private static FakeReply DefaultReply(FakeRequest request) =>
        request.Endpoint is FakeEndpoint.Embeddings or FakeEndpoint.EmbedContent or FakeEndpoint.BatchEmbedContents or FakeEndpoint.ImageGenerations or FakeEndpoint.ImageEdits
            ? new FakeReply()
            : AsksForImage(request)
            ? new FakeReply { Text = "Here is your image (FakeGateway, no network was used).", Image = (SampleImage, "image/png") }
            : FakeReply.WithText($"FakeGateway here (no network was used). You said: {request.LastUserText}");

    /// <summary>A Gemini request whose <c>generationConfig.responseModalities</c> includes <c>IMAGE</c>.</summary>
    private static bool AsksForImage(FakeRequest request)
    {
        if (request.Endpoint != FakeEndpoint.GenerateContent || request.Json is not { } json
            || !json.TryGetProperty("generationConfig", out var config) || !config.TryGetProperty("responseModalities", out var modalities)
            || modalities.ValueKind != JsonValueKind.Array)
        {
            return false;
        }

        foreach (var modality in modalities.EnumerateArray())
        {
            if (string.Equals(modality.GetString(), "IMAGE", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Finds the text of the last user message in a request of any dialect.</summary>
    internal static string ExtractLastUserText(FakeRequest request)
    {
        if (request.Json is not { } json)
        {
            return string.Empty;
        }

        // Chat Completions and Messages: "messages"; Responses: "input"; Gemini: "contents" (role "user", parts[].text).
        foreach (var name in (ReadOnlySpan<string>)["messages", "input", "contents"])
        {
            if (json.TryGetProperty(name, out var list))
            {
                if (list.ValueKind == JsonValueKind.String)
                {
                    return list.GetString() ?? string.Empty;
                }

                if (list.ValueKind == JsonValueKind.Array)
                {
                    for (var i = list.GetArrayLength() - 1; i >= 0; i--)
                    {
                        var item = list[i];
                        if (item.ValueKind == JsonValueKind.Object && item.TryGetProperty("role", out var role) && role.GetString() == "user")
                        {
                            return TextOf(item);
                        }
                    }
                }
            }
        }

        return string.Empty;
    }

    private static string TextOf(JsonElement message)
    {
        foreach (var name in (ReadOnlySpan<string>)["content", "parts"])
        {
            if (!message.TryGetProperty(name, out var content))
            {
                continue;
            }

            if (content.ValueKind == JsonValueKind.String)
            {
                return content.GetString() ?? string.Empty;
            }

            if (content.ValueKind == JsonValueKind.Array)
            {
                var builder = new StringBuilder();
                foreach (var part in content.EnumerateArray())
                {
                    if (part.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String)
                    {
                        builder.Append(text.GetString());
                    }
                }

                return builder.ToString();
            }
        }

        return string.Empty;
    }

    /// <summary>Splits text into at most <paramref name="pieces"/> pieces for streaming.</summary>
    internal static IEnumerable<string> Split(string text, int pieces)
    {
        pieces = Math.Max(1, Math.Min(pieces, Math.Max(1, text.Length)));
        var size = (int)Math.Ceiling(text.Length / (double)pieces);
        for (var i = 0; i < text.Length; i += size)
        {
            yield return text.Substring(i, Math.Min(size, text.Length - i));
        }
    }

    /// <summary>A rough token count (4 characters a token), used when a reply sets none.</summary>
    internal static int EstimateTokens(string? text) => string.IsNullOrEmpty(text) ? 0 : Math.Max(1, (text.Length + 3) / 4);

    /// <summary>Builds a <c>text/event-stream</c> response from already formatted SSE text.</summary>
    internal static HttpResponseMessage EventStream(string sse) => new(HttpStatusCode.OK)
    {
        Content = new StringContent(sse, Encoding.UTF8, "text/event-stream"),
    };

    /// <summary>Builds an <c>application/json</c> response.</summary>
    internal static HttpResponseMessage Json(HttpStatusCode status, string json) => new(status)
    {
        Content = new StringContent(json, Encoding.UTF8, "application/json"),
    };

    /// <summary>Writes <c>"provider_metadata":{"gateway":{"cost":"…"}}</c> when the reply has a cost.</summary>
    internal static void WriteGatewayCost(Utf8JsonWriter writer, decimal? cost)
    {
        if (cost is not { } value)
        {
            return;
        }

        writer.WriteStartObject("provider_metadata");
        writer.WriteStartObject("gateway");
        writer.WriteString("cost", value.ToString(CultureInfo.InvariantCulture));
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>Formats seconds since the Unix epoch, as OpenAI writes <c>created</c>.</summary>
    internal static string UnixNow() => DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
}
