using System.Text;

namespace AiGateway.Client.Tests.Reliability.Fuzz;

/// <summary>
/// Seeded, structure-aware mutations of a recorded body: truncation, byte flips, inserts and deletes, JSON type swaps,
/// huge numbers, invalid UTF-8 and bad escapes, line-ending variants, and duplicated, reordered or dropped SSE events.
/// Pure function of the <see cref="Random"/> it is given, so a case is replayed exactly from its seed.
/// </summary>
internal static class Mutator
{
    private static readonly byte[][] Replacements =
    [
        "\"x\""u8.ToArray(), "\"\""u8.ToArray(), "\" \""u8.ToArray(), "\"\\t\""u8.ToArray(), "0"u8.ToArray(), "-1"u8.ToArray(),
        "1.5"u8.ToArray(), "true"u8.ToArray(), "false"u8.ToArray(), "null"u8.ToArray(), "{}"u8.ToArray(), "[]"u8.ToArray(),
        "[1,\"a\",null,{}]"u8.ToArray(), "{\"a\":{\"b\":[]}}"u8.ToArray(), "\"\\ud800\""u8.ToArray(), "\"\\u0000\""u8.ToArray(),
    ];

    private static readonly byte[][] HugeNumbers =
    [
        "1e400"u8.ToArray(), "-1e400"u8.ToArray(), "1e300"u8.ToArray(), "99999999999999999999999999999"u8.ToArray(),
        "-9223372036854775809"u8.ToArray(), "9223372036854775808"u8.ToArray(), "4294967296"u8.ToArray(), "2147483648"u8.ToArray(),
        "-2147483649"u8.ToArray(), "1E+999"u8.ToArray(), "1e-400"u8.ToArray(), "99999999999999"u8.ToArray(), "-0"u8.ToArray(),
        "1.7976931348623157e308"u8.ToArray(), "79228162514264337593543950336"u8.ToArray(),
    ];

    private static readonly byte[][] BadUtf8 =
    [
        [0xFF], [0xC3], [0xED, 0xA0, 0x80], [0xC0, 0xAF], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82], [0x80],
    ];

    private static readonly byte[] Interesting = "\"{}[],:\\ \n\r\t0-.eE"u8.ToArray();

    /// <summary>Applies one to three mutations and says which, for the failure report.</summary>
    public static byte[] Mutate(byte[] body, bool streamed, Random random, StringBuilder applied)
    {
        var count = random.Next(10) switch { < 6 => 1, < 9 => 2, _ => 3 };
        for (var i = 0; i < count; i++)
        {
            body = MutateOnce(body, streamed, random, applied);
        }

        return body;
    }

    private static byte[] MutateOnce(byte[] body, bool streamed, Random random, StringBuilder applied)
    {
        var kind = random.Next(streamed ? 14 : 11);
        if (body.Length == 0 && kind < 9)
        {
            kind = 0;
        }

        switch (kind)
        {
            case 0:
                {
                    var at = random.Next(body.Length + 1);
                    applied.Append($"truncate@{at}; ");
                    return body[..at];
                }

            case 1:
                {
                    var at = random.Next(body.Length);
                    var copy = (byte[])body.Clone();
                    copy[at] ^= (byte)(1 << random.Next(8));
                    applied.Append($"flip@{at}; ");
                    return copy;
                }

            case 2:
                {
                    var at = random.Next(body.Length + 1);
                    var b = random.Next(3) == 0 ? (byte)random.Next(256) : Interesting[random.Next(Interesting.Length)];
                    applied.Append($"insert 0x{b:X2}@{at}; ");
                    return [.. body.AsSpan(0, at), b, .. body.AsSpan(at)];
                }

            case 3:
                {
                    var at = random.Next(body.Length);
                    var length = Math.Min(body.Length - at, 1 + random.Next(16));
                    applied.Append($"delete {length}@{at}; ");
                    return [.. body.AsSpan(0, at), .. body.AsSpan(at + length)];
                }

            case 4 or 5:
                return ReplaceValue(body, random, applied, Replacements, "swap");

            case 6:
                return ReplaceValue(body, random, applied, HugeNumbers, "huge");

            case 7:
                {
                    // Invalid UTF-8 inside a string value, where a reader would decode it.
                    var at = FindStringStart(body, random);
                    var bad = BadUtf8[random.Next(BadUtf8.Length)];
                    applied.Append($"utf8 {Convert.ToHexString(bad)}@{at}; ");
                    return [.. body.AsSpan(0, at), .. bad, .. body.AsSpan(at)];
                }

            case 8:
                {
                    var at = FindStringStart(body, random);
                    var escape = random.Next(3) switch { 0 => "\\ud800"u8.ToArray(), 1 => "\\u00"u8.ToArray(), _ => "\\x"u8.ToArray() };
                    applied.Append($"escape {Encoding.ASCII.GetString(escape)}@{at}; ");
                    return [.. body.AsSpan(0, at), .. escape, .. body.AsSpan(at)];
                }

            case 9 or 10:
                return LineEndings(body, random, applied);

            default:
                return ShuffleEvents(body, random, applied);
        }
    }

    /// <summary>Replaces one JSON value (after a <c>":"</c>) with one of <paramref name="pool"/>.</summary>
    private static byte[] ReplaceValue(byte[] body, Random random, StringBuilder applied, byte[][] pool, string name)
    {
        var starts = new List<int>();
        for (var i = 0; i + 1 < body.Length; i++)
        {
            if (body[i] == (byte)':' && i > 0 && body[i - 1] == (byte)'"')
            {
                var v = i + 1;
                while (v < body.Length && body[v] is (byte)' ' or (byte)'\t')
                {
                    v++;
                }

                if (v < body.Length && (name != "huge" || body[v] is (byte)'-' or >= (byte)'0' and <= (byte)'9'))
                {
                    starts.Add(v);
                }
            }
        }

        if (starts.Count == 0)
        {
            applied.Append($"{name}: no value; ");
            return body;
        }

        var start = starts[random.Next(starts.Count)];
        var end = ValueEnd(body, start);
        var replacement = pool[random.Next(pool.Length)];
        applied.Append($"{name} {Encoding.UTF8.GetString(body, start, Math.Min(end - start, 24))}→{Encoding.UTF8.GetString(replacement)}@{start}; ");
        return [.. body.AsSpan(0, start), .. replacement, .. body.AsSpan(end)];
    }

    /// <summary>The index just past the JSON value starting at <paramref name="start"/> (best effort on broken input).</summary>
    private static int ValueEnd(byte[] body, int start)
    {
        var depth = 0;
        var inString = false;
        for (var i = start; i < body.Length; i++)
        {
            var b = body[i];
            if (inString)
            {
                if (b == (byte)'\\')
                {
                    i++;
                }
                else if (b == (byte)'"')
                {
                    inString = false;
                    if (depth == 0)
                    {
                        return i + 1;
                    }
                }

                continue;
            }

            switch (b)
            {
                case (byte)'"':
                    inString = true;
                    break;
                case (byte)'{' or (byte)'[':
                    depth++;
                    break;
                case (byte)'}' or (byte)']':
                    if (depth == 0)
                    {
                        return i;
                    }

                    depth--;
                    if (depth == 0)
                    {
                        return i + 1;
                    }

                    break;
                case (byte)',' or (byte)'\n' or (byte)'\r' when depth == 0:
                    return i;
            }
        }

        return body.Length;
    }

    private static int FindStringStart(byte[] body, Random random)
    {
        if (body.Length == 0)
        {
            return 0;
        }

        var from = random.Next(body.Length);
        for (var i = from; i < body.Length; i++)
        {
            if (body[i] == (byte)'"')
            {
                return i + 1;
            }
        }

        return from;
    }

    private static byte[] LineEndings(byte[] body, Random random, StringBuilder applied)
    {
        // Normalise to \n, then write every line end as \n, \r\n, \r, or a per-line mix.
        var text = Encoding.UTF8.GetString(body).Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
        var style = random.Next(4);
        applied.Append(style switch { 0 => "eol LF; ", 1 => "eol CRLF; ", 2 => "eol CR; ", _ => "eol mixed; " });
        if (style < 3)
        {
            return Encoding.UTF8.GetBytes(text.Replace("\n", style switch { 0 => "\n", 1 => "\r\n", _ => "\r" }, StringComparison.Ordinal));
        }

        var builder = new StringBuilder(text.Length + 64);
        foreach (var c in text)
        {
            builder.Append(c == '\n' ? random.Next(3) switch { 0 => "\n", 1 => "\r\n", _ => "\r" } : c.ToString());
        }

        return Encoding.UTF8.GetBytes(builder.ToString());
    }

    private static byte[] ShuffleEvents(byte[] body, Random random, StringBuilder applied)
    {
        var text = Encoding.UTF8.GetString(body).Replace("\r\n", "\n", StringComparison.Ordinal);
        var events = text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries).ToList();
        if (events.Count < 2)
        {
            applied.Append("events: fewer than two; ");
            return body;
        }

        var a = random.Next(events.Count);
        var b = random.Next(events.Count);
        switch (random.Next(3))
        {
            case 0:
                events.Insert(b, events[a]);
                applied.Append($"duplicate event {a} at {b}; ");
                break;
            case 1:
                (events[a], events[b]) = (events[b], events[a]);
                applied.Append($"swap events {a},{b}; ");
                break;
            default:
                events.RemoveAt(a);
                applied.Append($"drop event {a}; ");
                break;
        }

        return Encoding.UTF8.GetBytes(string.Join("\n\n", events) + "\n\n");
    }
}
