using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using System.Text;
using System.Text.Json;

namespace AiGateway.Client.Testing;

/// <summary>
/// The embeddings rendering of <see cref="FakeReply"/>: OpenAI's <c>{"object":"list","data":[{"object":"embedding",
/// "index","embedding":[…]}],"model","usage"}</c> for <c>…/embeddings</c> (base64 when the request asks for it), and
/// Gemini's <c>{"embedding":{"values"}}</c> / <c>{"embeddings":[{"values"}]}</c> for <c>:embedContent</c> /
/// <c>:batchEmbedContents</c>. Without scripted vectors each text gets <see cref="EmbedText"/>, so similar texts get
/// similar vectors.
/// </summary>
public sealed partial class FakeGateway
{
    /// <summary>The default vector length when a request asks for none (<c>dimensions</c>, <c>outputDimensionality</c>).</summary>
    public const int DefaultEmbeddingDimensions = 256;

    /// <summary>Gets or sets the vector length of computed embeddings when the request asks for none.</summary>
    public int EmbeddingDimensions { get; set; } = DefaultEmbeddingDimensions;

    /// <summary>
    /// A deterministic, offline stand-in for an embedding model: the text's lower-cased words and their character
    /// trigrams, each hashed (FNV-1a) to a signed position of the vector, then scaled to unit length. Texts that share
    /// words get a high cosine similarity, texts that share none a similarity near zero.
    /// </summary>
    /// <param name="text">The text.</param>
    /// <param name="dimensions">The vector length.</param>
    /// <returns>The unit-length vector (all zeros for a text without words).</returns>
    public static float[] EmbedText(string text, int dimensions = DefaultEmbeddingDimensions)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 1);
        var vector = new float[dimensions];
        foreach (var word in Words(text))
        {
            Add(vector, word, 1f);
            var padded = "#" + word + "#";
            for (var i = 0; i + 3 <= padded.Length; i++)
            {
                Add(vector, padded.Substring(i, 3), 0.35f);
            }
        }

        var norm = 0d;
        foreach (var value in vector)
        {
            norm += value * value;
        }

        if (norm > 0)
        {
            var scale = (float)(1 / Math.Sqrt(norm));
            for (var i = 0; i < vector.Length; i++)
            {
                vector[i] *= scale;
            }
        }

        return vector;

        static void Add(float[] vector, string feature, float weight)
        {
            var hash = 2166136261u;
            foreach (var c in feature)
            {
                hash = (hash ^ c) * 16777619u;
            }

            vector[(int)(hash % (uint)vector.Length)] += (hash & 0x80000000u) == 0 ? weight : -weight;
        }
    }

    private static IEnumerable<string> Words(string text)
    {
        var builder = new StringBuilder();
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c))
            {
                builder.Append(char.ToLowerInvariant(c));
            }
            else if (builder.Length > 0)
            {
                yield return builder.ToString();
                builder.Clear();
            }
        }

        if (builder.Length > 0)
        {
            yield return builder.ToString();
        }
    }

    private HttpResponseMessage RenderOpenAIEmbeddings(FakeRequest request, FakeReply reply)
    {
        if (reply.StatusCode != HttpStatusCode.OK)
        {
            return Json(reply.StatusCode, reply.ErrorBody ?? ChatCompletionsErrorBody(reply.StatusCode, request.Model));
        }

        var json = request.Json;
        var inputs = new List<string>();
        if (json is { } body && body.TryGetProperty("input", out var input))
        {
            if (input.ValueKind == JsonValueKind.String)
            {
                inputs.Add(input.GetString() ?? string.Empty);
            }
            else if (input.ValueKind == JsonValueKind.Array)
            {
                inputs.AddRange(input.EnumerateArray().Select(item => item.GetString() ?? string.Empty));
            }
        }

        var dimensions = json is { } j && j.TryGetProperty("dimensions", out var d) && d.TryGetInt32(out var asked) ? asked : EmbeddingDimensions;
        var base64 = json is { } k && k.TryGetProperty("encoding_format", out var format) && format.GetString() == "base64";
        var vectors = VectorsFor(reply, inputs, dimensions);
        var tokens = reply.InputTokens ?? inputs.Sum(EstimateTokens);
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("object", "list");
            writer.WriteStartArray("data");
            for (var i = 0; i < vectors.Count; i++)
            {
                writer.WriteStartObject();
                writer.WriteString("object", "embedding");
                writer.WriteNumber("index", i);
                if (base64)
                {
                    var bytes = new byte[vectors[i].Length * sizeof(float)];
                    for (var v = 0; v < vectors[i].Length; v++)
                    {
                        BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(v * sizeof(float)), vectors[i][v]);
                    }

                    writer.WriteBase64String("embedding", bytes);
                }
                else
                {
                    WriteFloats(writer, "embedding", vectors[i]);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteString("model", request.Model ?? "fake-embedding");
            writer.WriteStartObject("usage");
            writer.WriteNumber("prompt_tokens", tokens);
            writer.WriteNumber("total_tokens", tokens);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return Json(HttpStatusCode.OK, Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    private HttpResponseMessage RenderGeminiEmbeddings(FakeRequest request, FakeReply reply)
    {
        if (reply.StatusCode != HttpStatusCode.OK)
        {
            return Json(reply.StatusCode, reply.ErrorBody ?? GoogleError(reply.StatusCode));
        }

        var single = request.Endpoint == FakeEndpoint.EmbedContent;
        var items = new List<JsonElement>();
        if (request.Json is { } json)
        {
            if (single)
            {
                items.Add(json);
            }
            else if (json.TryGetProperty("requests", out var requests) && requests.ValueKind == JsonValueKind.Array)
            {
                items.AddRange(requests.EnumerateArray());
            }
        }

        var texts = items.Select(TextOfEmbedRequest).ToList();
        var dimensions = items.Count > 0 && items[0].TryGetProperty("outputDimensionality", out var d) && d.TryGetInt32(out var asked) ? asked : EmbeddingDimensions;
        var vectors = VectorsFor(reply, texts, dimensions);
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            if (single)
            {
                writer.WriteStartObject("embedding");
                WriteFloats(writer, "values", vectors.Count > 0 ? vectors[0] : []);
                writer.WriteEndObject();
            }
            else
            {
                writer.WriteStartArray("embeddings");
                foreach (var vector in vectors)
                {
                    writer.WriteStartObject();
                    WriteFloats(writer, "values", vector);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
            }

            writer.WriteEndObject();
        }

        return Json(HttpStatusCode.OK, Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    private static string TextOfEmbedRequest(JsonElement request)
    {
        var builder = new StringBuilder();
        if (request.TryGetProperty("content", out var content) && content.TryGetProperty("parts", out var parts) && parts.ValueKind == JsonValueKind.Array)
        {
            foreach (var part in parts.EnumerateArray())
            {
                if (part.TryGetProperty("text", out var text))
                {
                    builder.Append(text.GetString());
                }
            }
        }

        return builder.ToString();
    }

    private static IReadOnlyList<float[]> VectorsFor(FakeReply reply, List<string> texts, int dimensions) =>
        reply.Embeddings is { } scripted
            ? Enumerable.Range(0, texts.Count).Select(i => scripted[i % scripted.Count]).ToArray()
            : texts.Select(text => EmbedText(text, dimensions)).ToArray();

    private static void WriteFloats(Utf8JsonWriter writer, string name, float[] values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteNumberValue(value);
        }

        writer.WriteEndArray();
    }
}
