using System.Buffers;
using System.Buffers.Binary;
using System.Text.Json;
using AiGateway.Client.Gateways;

namespace AiGateway.Client.Embeddings;

/// <summary>
/// Writes and reads OpenAI's embeddings shape with <see cref="Utf8JsonWriter"/>/<see cref="Utf8JsonReader"/>
/// (https://platform.openai.com/docs/api-reference/embeddings/create and …/embeddings/object).
/// </summary>
internal static class OpenAIEmbeddingsWire
{
    private static readonly JsonEncodedText Model = JsonEncodedText.Encode("model");
    private static readonly JsonEncodedText Input = JsonEncodedText.Encode("input");
    private static readonly JsonEncodedText EncodingFormat = JsonEncodedText.Encode("encoding_format");
    private static readonly JsonEncodedText Float = JsonEncodedText.Encode("float");
    private static readonly JsonEncodedText Dimensions = JsonEncodedText.Encode("dimensions");
    private static readonly JsonEncodedText User = JsonEncodedText.Encode("user");

    /// <summary>
    /// Writes <c>{"model","input":[…],"encoding_format":"float","dimensions"?,"user"?}</c> and the gateway's body
    /// extensions (Vercel's <c>providerOptions.gateway</c>). <c>float</c> is asked for explicitly: Neon documents it
    /// as required for some clients (https://neon.com/docs/ai-gateway/embeddings); base64 answers are read too.
    /// </summary>
    public static void WriteRequest(Utf8JsonWriter writer, string wireModelId, IReadOnlyList<string> inputs, int? dimensions, GatewayProfile gateway, GatewayRequestContext context)
    {
        writer.WriteStartObject();
        writer.WriteString(Model, wireModelId);
        writer.WriteStartArray(Input);
        foreach (var input in inputs)
        {
            writer.WriteStringValue(input);
        }

        writer.WriteEndArray();
        writer.WriteString(EncodingFormat, Float);
        if (dimensions is { } d)
        {
            writer.WriteNumber(Dimensions, d);
        }

        if (!string.IsNullOrEmpty(context.User))
        {
            writer.WriteString(User, context.User);
        }

        gateway.WriteBodyExtensions(writer, context);
        writer.WriteEndObject();
    }

    /// <summary>Reads <c>{"data":[{"index","embedding"}],"model","usage":{"prompt_tokens"}}</c>; vectors come back in input order by <c>index</c>.</summary>
    /// <exception cref="JsonException">The body is not that shape, or an index is missing or repeated.</exception>
    public static EmbeddingBatchResult ReadResponse(ReadOnlySpan<byte> body, int expectedCount)
    {
        var reader = new Utf8JsonReader(body);
        Expect(ref reader, JsonTokenType.StartObject);
        var vectors = new float[expectedCount][];
        var seen = 0;
        string? model = null;
        long? inputTokens = null;
        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("data"u8))
            {
                Expect(ref reader, JsonTokenType.StartArray);
                var position = 0;
                while (Next(ref reader) == JsonTokenType.StartObject)
                {
                    var (index, vector) = ReadItem(ref reader);
                    index ??= position;
                    if (index < 0 || index >= expectedCount || vectors[index.Value] is not null || vector is null)
                    {
                        throw new JsonException($"embedding item {position} has a missing, repeated or out-of-range index ({index}) or no vector, for {expectedCount} inputs");
                    }

                    vectors[index.Value] = vector;
                    seen++;
                    position++;
                }
            }
            else if (reader.ValueTextEquals("model"u8))
            {
                model = Next(ref reader) == JsonTokenType.String ? reader.GetString() : null;
            }
            else if (reader.ValueTextEquals("usage"u8))
            {
                if (Next(ref reader) == JsonTokenType.StartObject)
                {
                    while (Next(ref reader) == JsonTokenType.PropertyName)
                    {
                        var isPrompt = reader.ValueTextEquals("prompt_tokens"u8);
                        if (Next(ref reader) == JsonTokenType.Number && isPrompt)
                        {
                            inputTokens = reader.GetInt64();
                        }
                        else
                        {
                            reader.Skip();
                        }
                    }
                }
            }
            else
            {
                Next(ref reader);
                reader.Skip();
            }
        }

        if (seen != expectedCount)
        {
            throw new JsonException($"{seen} embeddings came back for {expectedCount} inputs");
        }

        return new EmbeddingBatchResult(vectors, model, inputTokens);
    }

    private static (int? Index, float[]? Vector) ReadItem(ref Utf8JsonReader reader)
    {
        int? index = null;
        float[]? vector = null;
        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("index"u8))
            {
                index = Next(ref reader) == JsonTokenType.Number ? reader.GetInt32() : null;
            }
            else if (reader.ValueTextEquals("embedding"u8))
            {
                vector = Next(ref reader) switch
                {
                    JsonTokenType.StartArray => ReadFloats(ref reader),
                    JsonTokenType.String => DecodeBase64(ref reader),
                    _ => throw new JsonException("'embedding' is neither an array of numbers nor a base64 string"),
                };
            }
            else
            {
                Next(ref reader);
                reader.Skip();
            }
        }

        return (index, vector);
    }

    /// <summary>Reads a JSON array of numbers (the reader is on its start) into a float array.</summary>
    internal static float[] ReadFloats(ref Utf8JsonReader reader)
    {
        var buffer = ArrayPool<float>.Shared.Rent(1024);
        var count = 0;
        try
        {
            while (Next(ref reader) == JsonTokenType.Number)
            {
                if (count == buffer.Length)
                {
                    var larger = ArrayPool<float>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, count).CopyTo(larger);
                    ArrayPool<float>.Shared.Return(buffer);
                    buffer = larger;
                }

                buffer[count++] = reader.GetSingle();
            }

            if (reader.TokenType != JsonTokenType.EndArray)
            {
                throw new JsonException("an embedding vector holds something other than numbers");
            }

            return buffer.AsSpan(0, count).ToArray();
        }
        finally
        {
            ArrayPool<float>.Shared.Return(buffer);
        }
    }

    /// <summary>A base64 vector is little-endian IEEE floats (what OpenAI sends for <c>encoding_format: base64</c>).</summary>
    private static float[] DecodeBase64(ref Utf8JsonReader reader)
    {
        var bytes = reader.GetBytesFromBase64();
        if (bytes.Length % sizeof(float) != 0)
        {
            throw new JsonException("a base64 embedding is not a whole number of 4-byte floats");
        }

        var vector = new float[bytes.Length / sizeof(float)];
        for (var i = 0; i < vector.Length; i++)
        {
            vector[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(i * sizeof(float)));
        }

        return vector;
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type)
    {
        if (Next(ref reader) != type)
        {
            throw new JsonException($"expected {type} but found {reader.TokenType}");
        }
    }

    internal static JsonTokenType Next(ref Utf8JsonReader reader) =>
        reader.Read() ? reader.TokenType : throw new JsonException("the body ended early");
}
