using System.Text.Json;

namespace AiGateway.Client.Embeddings;

/// <summary>
/// Writes and reads Gemini's embedding methods (https://ai.google.dev/api/embeddings): <c>:embedContent</c>
/// <c>{"model":"models/m","content":{"parts":[{"text"}]},"outputDimensionality"?}</c> answered by
/// <c>{"embedding":{"values":[…]}}</c>, and <c>:batchEmbedContents</c> <c>{"requests":[…]}</c> answered by
/// <c>{"embeddings":[{"values":[…]}]}</c> in request order. Gemini reports no token usage for embeddings.
/// </summary>
internal static class GeminiEmbeddingsWire
{
    private static readonly JsonEncodedText Requests = JsonEncodedText.Encode("requests");
    private static readonly JsonEncodedText Model = JsonEncodedText.Encode("model");
    private static readonly JsonEncodedText Content = JsonEncodedText.Encode("content");
    private static readonly JsonEncodedText Parts = JsonEncodedText.Encode("parts");
    private static readonly JsonEncodedText Text = JsonEncodedText.Encode("text");
    private static readonly JsonEncodedText OutputDimensionality = JsonEncodedText.Encode("outputDimensionality");

    public static void WriteRequest(Utf8JsonWriter writer, string wireModelId, IReadOnlyList<string> inputs, int? dimensions)
    {
        var model = "models/" + wireModelId;
        if (inputs.Count == 1)
        {
            WriteOne(writer, model, inputs[0], dimensions);
            return;
        }

        writer.WriteStartObject();
        writer.WriteStartArray(Requests);
        foreach (var input in inputs)
        {
            WriteOne(writer, model, input, dimensions);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    public static EmbeddingBatchResult ReadResponse(ReadOnlySpan<byte> body, int expectedCount)
    {
        var reader = new Utf8JsonReader(body);
        if (OpenAIEmbeddingsWire.Next(ref reader) != JsonTokenType.StartObject)
        {
            throw new JsonException("the body is not a JSON object");
        }

        var vectors = new List<float[]>(expectedCount);
        long? inputTokens = null;
        while (OpenAIEmbeddingsWire.Next(ref reader) == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("embedding"u8))
            {
                vectors.Add(ReadEmbedding(ref reader));
            }
            else if (reader.ValueTextEquals("embeddings"u8))
            {
                if (OpenAIEmbeddingsWire.Next(ref reader) != JsonTokenType.StartArray)
                {
                    throw new JsonException("'embeddings' is not an array");
                }

                while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
                {
                    vectors.Add(ReadValues(ref reader));
                }
            }
            else if (reader.ValueTextEquals("usageMetadata"u8) && OpenAIEmbeddingsWire.Next(ref reader) == JsonTokenType.StartObject)
            {
                // Not documented for embeddings today; read when a newer API version sends it.
                while (OpenAIEmbeddingsWire.Next(ref reader) == JsonTokenType.PropertyName)
                {
                    var isPrompt = reader.ValueTextEquals("promptTokenCount"u8);
                    if (OpenAIEmbeddingsWire.Next(ref reader) == JsonTokenType.Number && isPrompt)
                    {
                        inputTokens = reader.GetInt64();
                    }
                    else
                    {
                        reader.Skip();
                    }
                }
            }
            else
            {
                if (reader.TokenType == JsonTokenType.PropertyName)
                {
                    OpenAIEmbeddingsWire.Next(ref reader);
                }

                reader.Skip();
            }
        }

        if (vectors.Count != expectedCount)
        {
            throw new JsonException($"{vectors.Count} embeddings came back for {expectedCount} inputs");
        }

        return new EmbeddingBatchResult([.. vectors], null, inputTokens);
    }

    private static void WriteOne(Utf8JsonWriter writer, string model, string text, int? dimensions)
    {
        writer.WriteStartObject();
        writer.WriteString(Model, model);
        writer.WriteStartObject(Content);
        writer.WriteStartArray(Parts);
        writer.WriteStartObject();
        writer.WriteString(Text, text);
        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteEndObject();
        if (dimensions is { } d)
        {
            writer.WriteNumber(OutputDimensionality, d);
        }

        writer.WriteEndObject();
    }

    private static float[] ReadEmbedding(ref Utf8JsonReader reader)
    {
        if (OpenAIEmbeddingsWire.Next(ref reader) != JsonTokenType.StartObject)
        {
            throw new JsonException("'embedding' is not an object");
        }

        return ReadValues(ref reader);
    }

    /// <summary>Reads a <c>ContentEmbedding</c> object (the reader is on its start) for its <c>values</c>.</summary>
    private static float[] ReadValues(ref Utf8JsonReader reader)
    {
        float[]? values = null;
        while (OpenAIEmbeddingsWire.Next(ref reader) == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("values"u8) && OpenAIEmbeddingsWire.Next(ref reader) == JsonTokenType.StartArray)
            {
                values = OpenAIEmbeddingsWire.ReadFloats(ref reader);
            }
            else
            {
                if (reader.TokenType == JsonTokenType.PropertyName)
                {
                    OpenAIEmbeddingsWire.Next(ref reader);
                }

                reader.Skip();
            }
        }

        return values ?? throw new JsonException("an embedding has no 'values'");
    }
}
