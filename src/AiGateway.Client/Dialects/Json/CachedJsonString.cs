using System.Text.Json;

namespace AiGateway.Client.Dialects.Json;

/// <summary>
/// A string value a stream repeats in every event (a response id, a model name, a timestamp): each read compares the
/// raw UTF-8 with the last value and transcodes only when it changed, so a stream allocates it once. Reads as
/// <see cref="JsonValueReader.ReadString"/> does (on the value; a string or <c>null</c>, anything else throws).
/// Not thread-safe: one per stream.
/// </summary>
internal sealed class CachedJsonString
{
    private byte[]? _utf8;
    private string? _value;

    /// <summary>Reads the string the reader is on, returning the cached instance when it is the same text.</summary>
    public string? Read(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"Expected a string but found {reader.TokenType}.");
        }

        if (!reader.ValueIsEscaped && !reader.HasValueSequence)
        {
            if (_utf8 is not null && reader.ValueSpan.SequenceEqual(_utf8))
            {
                return _value;
            }

            // GetString validates the UTF-8 as every other string read does.
            _value = reader.GetString();
            _utf8 = reader.ValueSpan.ToArray();
            return _value;
        }

        // Escaped text: compare after unescaping (rare in ids and model names).
        if (_value is not null && reader.ValueTextEquals(_value))
        {
            return _value;
        }

        _value = reader.GetString();
        _utf8 = null;
        return _value;
    }
}
