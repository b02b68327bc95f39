using System.Buffers;
using System.Text.Json;

namespace AiGateway.Client.Benchmarks;

/// <summary>
/// The floor a stream reader is measured against: the same bytes read from the same kind of <see cref="Stream"/>, SSE
/// lines found, and every token of every <c>data:</c> JSON read with <see cref="Utf8JsonReader"/> (string values
/// validated, numbers looked at), creating no objects. No reader that maps events to updates can be faster; its
/// ratio to this is what the mapping costs.
/// </summary>
internal static class StreamFloor
{
    private const int BufferSize = 16 * 1024;

    /// <summary>Reads the stream; returns the number of JSON tokens, so the work cannot be optimised away.</summary>
    public static async Task<int> ReadAsync(Stream stream)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            var tokens = 0;
            var filled = 0;
            while (true)
            {
                if (filled == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, filled).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await stream.ReadAsync(buffer.AsMemory(filled)).ConfigureAwait(false);
                var end = filled + read;
                var consumed = ReadLines(buffer.AsSpan(0, end), final: read == 0, ref tokens);
                buffer.AsSpan(consumed, end - consumed).CopyTo(buffer);
                filled = end - consumed;
                if (read == 0)
                {
                    return tokens;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Reads the whole lines in <paramref name="span"/>; returns how many bytes they took.</summary>
    private static int ReadLines(ReadOnlySpan<byte> span, bool final, ref int tokens)
    {
        var consumed = 0;
        while (consumed < span.Length)
        {
            var rest = span[consumed..];
            var newline = rest.IndexOfAny((byte)'\n', (byte)'\r');
            if (newline < 0 && !final)
            {
                break;
            }

            var line = newline < 0 ? rest : rest[..newline];
            consumed += newline < 0 ? rest.Length : newline + 1;
            if (line.StartsWith("data:"u8))
            {
                var data = line[5..].TrimStart((byte)' ');
                if (!data.IsEmpty && data[0] == (byte)'{')
                {
                    tokens += ReadTokens(data);
                }
            }
        }

        return consumed;
    }

    private static int ReadTokens(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        var tokens = 0;
        Span<byte> scratch = stackalloc byte[256];
        while (reader.Read())
        {
            tokens++;
            if (reader.TokenType == JsonTokenType.String && reader.ValueIsEscaped)
            {
                // Unescaping is part of reading a string value; do it on the stack, as a reader must.
                if (reader.ValueSpan.Length <= scratch.Length)
                {
                    tokens += reader.CopyString(scratch) & 1;
                }
            }
        }

        return tokens;
    }
}
