using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AiGateway.Client.Benchmarks;

/// <summary>
/// One streamed response body with what a correct reader must make of it: the answer text, worked out here from
/// the raw SSE with <see cref="JsonNode"/> (independently of the library), so a setup check can tell a broken reader
/// from a fast one.
/// </summary>
internal sealed class StreamPayload
{
    public StreamPayload(string description, ChatDialect dialect, byte[] bytes)
    {
        Description = description;
        Dialect = dialect;
        Bytes = bytes;
        var events = 0;
        var tokens = 0;
        var text = new StringBuilder();
        foreach (var data in DataLines(bytes))
        {
            events++;
            if (data != "[DONE]")
            {
                AppendText(dialect, JsonNode.Parse(data)!, text);
            }

            if (data.StartsWith('{'))
            {
                tokens += FloorTokens(data);
            }
        }

        EventCount = events;
        FloorTokenCount = tokens;
        ExpectedText = text.ToString();
    }

    /// <summary>Gets where the body comes from, for the README and error messages.</summary>
    public string Description { get; }

    /// <summary>Gets the dialect the body is in.</summary>
    public ChatDialect Dialect { get; }

    /// <summary>Gets the body as sent on the wire.</summary>
    public byte[] Bytes { get; }

    /// <summary>Gets how many SSE events (<c>data:</c> lines) the body holds: the "chunks" of the per-chunk figures.</summary>
    public int EventCount { get; }

    /// <summary>
    /// Gets what <see cref="StreamFloor.ReadAsync"/> must return for the body (so a setup check can tell it read every
    /// event): the JSON tokens of every <c>data:</c> line, plus one per escaped string whose unescaped UTF-8 length is odd.
    /// </summary>
    public int FloorTokenCount { get; }

    /// <summary>Gets the concatenated answer text (reasoning excluded) the body carries.</summary>
    public string ExpectedText { get; }

    private static int FloorTokens(string json)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
        var tokens = 0;
        while (reader.Read())
        {
            tokens++;
            if (reader.TokenType == JsonTokenType.String && reader.ValueIsEscaped && reader.ValueSpan.Length <= 256)
            {
                tokens += Encoding.UTF8.GetByteCount(reader.GetString()!) & 1;
            }
        }

        return tokens;
    }

    private static IEnumerable<string> DataLines(byte[] bytes)
    {
        using var reader = new StringReader(Encoding.UTF8.GetString(bytes));
        while (reader.ReadLine() is { } line)
        {
            if (line.StartsWith("data:", StringComparison.Ordinal))
            {
                yield return line["data:".Length..].Trim();
            }
        }
    }

    private static void AppendText(ChatDialect dialect, JsonNode data, StringBuilder text)
    {
        switch (dialect)
        {
            case ChatDialect.ChatCompletions:
                if (data["choices"] is JsonArray { Count: > 0 } choices && choices[0]!["delta"]?["content"] is JsonValue content)
                {
                    text.Append(content.GetValue<string>());
                }

                break;
            case ChatDialect.Responses:
                if ((string?)data["type"] == "response.output_text.delta")
                {
                    text.Append((string)data["delta"]!);
                }

                break;
            case ChatDialect.Messages:
                if ((string?)data["type"] == "content_block_delta" && (string?)data["delta"]!["type"] == "text_delta")
                {
                    text.Append((string)data["delta"]!["text"]!);
                }
                else if ((string?)data["type"] == "content_block_start" && (string?)data["content_block"]!["type"] == "text")
                {
                    text.Append((string?)data["content_block"]!["text"]);
                }

                break;
            case ChatDialect.GenerateContent:
                if (data["candidates"] is JsonArray { Count: > 0 } candidates && candidates[0]!["content"]?["parts"] is JsonArray parts)
                {
                    foreach (var part in parts)
                    {
                        if (part!["text"] is JsonValue partText && (bool?)part["thought"] != true)
                        {
                            text.Append(partText.GetValue<string>());
                        }
                    }
                }

                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(dialect), dialect, "Unknown dialect.");
        }
    }
}
