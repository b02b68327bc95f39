using System.Buffers;
using System.Text.Json;

namespace AiGateway.Client.Benchmarks;

/// <summary>
/// The least work any client must do to read an SSE stream of JSON chunks: read the stream through a pooled buffer, find
/// each <c>data:</c> line, and run a <see cref="Utf8JsonReader"/> over every token of its JSON, building no objects.
/// The Chat Completions stream benchmarks are compared with it ("÷ floor" column).
/// </summary>
internal static class StreamFloor
{
    /// <summary>Reads <paramref name="stream"/> to its end and returns the number of <c>data:</c> lines.</summary>
    public static async Task<int> ReadAsync(Stream stream)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(4096);
        try
        {
            var events = 0;
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
                filled += read;
                var consumed = ReadLines(buffer.AsSpan(0, filled), read == 0, ref events);
                buffer.AsSpan(consumed, filled - consumed).CopyTo(buffer);
                filled -= consumed;
                if (read == 0)
                {
                    return events;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static int ReadLines(ReadOnlySpan<byte> data, bool final, ref int events)
    {
        var consumed = 0;
        while (true)
        {
            var rest = data[consumed..];
            var end = rest.IndexOf((byte)'\n');
            if (end < 0)
            {
                if (!final || rest.IsEmpty)
                {
                    return consumed;
                }

                end = rest.Length;
            }

            var line = rest[..end].TrimEnd((byte)'\r');
            consumed += Math.Min(end + 1, rest.Length);
            if (line.StartsWith("data:"u8))
            {
                events++;
                var json = line["data:".Length..].TrimStart((byte)' ');
                if (!json.SequenceEqual("[DONE]"u8))
                {
                    var reader = new Utf8JsonReader(json);
                    while (reader.Read())
                    {
                    }
                }
            }
        }
    }
}
