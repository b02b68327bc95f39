using System.Globalization;
using System.Text.Json;

namespace AiGateway.Client.Dialects.Json;

/// <summary>
/// The <see cref="Utf8JsonReader"/> steps the hand-written dialect readers share, under one contract:
/// <list type="bullet">
/// <item><c>Read*</c> methods start with the reader <b>on the value</b> (the token after the property name, as a
/// <c>JsonConverter</c>'s <c>Read</c> does) and return with it on the value's last token, so the caller's next
/// <see cref="Utf8JsonReader.Read"/> moves past it.</item>
/// <item>A value of another type than expected: the plain <c>Read*</c> methods throw <see cref="JsonException"/> naming
/// what was expected and found (the body is not what the dialect defines, and the dialect reports it as a
/// malformed response); the <c>*OrSkip</c> methods skip the value and return <see langword="null"/>, for fields gateways
/// fill inconsistently, where a wrong type should cost the field and not the answer. JSON <c>null</c> is
/// <see langword="null"/> for both.</item>
/// <item><see cref="NextProperty"/> and <see cref="SkipPropertyValue"/> work one level up, on property names.</item>
/// </list>
/// </summary>
internal static class JsonValueReader
{
    /// <summary>
    /// Moves from an object's <see cref="JsonTokenType.StartObject"/>, or from the previous property value's last token,
    /// to the next property name; <see langword="false"/> on the object's end.
    /// </summary>
    public static bool NextProperty(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.EndObject)
        {
            return false;
        }

        if (reader.TokenType != JsonTokenType.PropertyName)
        {
            throw new JsonException($"Expected a property name but found {reader.TokenType}.");
        }

        return true;
    }

    /// <summary>Skips the value of the property whose name the reader is on.</summary>
    public static void SkipPropertyValue(ref Utf8JsonReader reader)
    {
        reader.Read();
        reader.Skip();
    }

    /// <summary>A string or <c>null</c>; anything else throws.</summary>
    public static string? ReadString(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.Null => null,
        JsonTokenType.String => reader.GetString(),
        _ => throw new JsonException($"Expected a string but found {reader.TokenType}."),
    };

    /// <summary>A string; anything else is skipped and read as <see langword="null"/>.</summary>
    public static string? ReadStringOrSkip(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return reader.GetString();
        }

        reader.Skip();
        return null;
    }

    /// <summary>
    /// A string like <see cref="ReadStringOrSkip"/>, returning <paramref name="cache"/> itself when the value equals it:
    /// for values every chunk of a stream repeats (id, model), so they are transcoded once per stream.
    /// </summary>
    public static string? ReadCachedStringOrSkip(ref Utf8JsonReader reader, ref string? cache)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            reader.Skip();
            return null;
        }

        if (cache is not null && reader.ValueTextEquals(cache))
        {
            return cache;
        }

        cache = reader.GetString();
        return cache;
    }

    /// <summary>A string, or a number as its JSON text; anything else is skipped and read as <see langword="null"/>.</summary>
    public static string? ReadScalarAsStringOrSkip(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                return reader.GetString();
            case JsonTokenType.Number:
                return System.Text.Encoding.UTF8.GetString(reader.ValueSpan);
            default:
                reader.Skip();
                return null;
        }
    }

    /// <summary><c>true</c> or <c>false</c> (<c>null</c> reads as <see langword="false"/>); anything else throws.</summary>
    public static bool ReadBoolean(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.True => true,
        JsonTokenType.False or JsonTokenType.Null => false,
        _ => throw new JsonException($"Expected true or false but found {reader.TokenType}."),
    };

    /// <summary>
    /// A 32-bit integer, also written as a string (proto3 JSON may write integers so); anything else, or a larger
    /// number, throws.
    /// </summary>
    public static int? ReadInt32(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.Null => null,
        JsonTokenType.Number => reader.GetInt32(),
        JsonTokenType.String => int.TryParse(reader.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new JsonException("Expected a 32-bit integer in a string but found something else or a larger number."),
        _ => throw new JsonException($"Expected a number but found {reader.TokenType}."),
    };

    /// <summary>
    /// A 64-bit integer (a fractional number is truncated, a string parsed); anything else, or a string that is not an
    /// integer, reads as <see langword="null"/>.
    /// </summary>
    public static long? ReadInt64OrSkip(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Number:
                if (reader.TryGetInt64(out var value))
                {
                    return value;
                }

                return reader.TryGetDouble(out var real) ? (long)real : null;
            case JsonTokenType.String:
                return long.TryParse(reader.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
            default:
                reader.Skip();
                return null;
        }
    }

    /// <summary>An object read by <paramref name="read"/>, or <c>null</c>; anything else throws.</summary>
    public static T? ReadObjectOrNull<T>(ref Utf8JsonReader reader, JsonObjectReader<T> read)
        where T : class
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"Expected an object but found {reader.TokenType}.");
        }

        return read(ref reader);
    }

    /// <summary>An array of objects, each read by <paramref name="read"/> into <paramref name="into"/>, or <c>null</c>; anything else throws.</summary>
    public static void ReadArray<T>(ref Utf8JsonReader reader, List<T> into, JsonObjectReader<T> read)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return;
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException($"Expected an array but found {reader.TokenType}.");
        }

        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw new JsonException($"Expected an object in the array but found {reader.TokenType}.");
            }

            into.Add(read(ref reader));
        }
    }

    /// <summary>As <see cref="ReadObjectOrNull{T}"/>, passing <paramref name="state"/> to <paramref name="read"/>.</summary>
    public static T? ReadObjectOrNull<T, TState>(ref Utf8JsonReader reader, TState state, JsonObjectReader<T, TState> read)
        where T : class
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"Expected an object but found {reader.TokenType}.");
        }

        return read(ref reader, state);
    }

    /// <summary>As <see cref="ReadArray{T}"/>, passing <paramref name="state"/> to <paramref name="read"/>.</summary>
    public static void ReadArray<T, TState>(ref Utf8JsonReader reader, List<T> into, TState state, JsonObjectReader<T, TState> read)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return;
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException($"Expected an array but found {reader.TokenType}.");
        }

        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw new JsonException($"Expected an object in the array but found {reader.TokenType}.");
            }

            into.Add(read(ref reader, state));
        }
    }
}
