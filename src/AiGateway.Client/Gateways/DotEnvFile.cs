using System.Text;

namespace AiGateway.Client.Gateways;

/// <summary>
/// Reads <c>.env</c> files as <c>vercel env pull</c> and <c>neon env pull</c> write them: <c>NAME=value</c> lines,
/// <c>#</c> comments, an optional <c>export</c> prefix, double-quoted values with escapes (<c>\n</c>, <c>\"</c>) that may
/// span lines, single-quoted values taken literally, and unquoted values ending at a <c> #</c> comment.
/// Lines that are not assignments are skipped, as dotenv does.
/// </summary>
internal static class DotEnvFile
{
    /// <summary>The files read from a directory, later ones overriding earlier ones (as Next.js and dotenv-flow order them).</summary>
    public static readonly string[] DefaultFileNames = [".env", ".env.local"];

    /// <summary>Parses the text of a <c>.env</c> file.</summary>
    public static Dictionary<string, string> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var s = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
        var i = 0;
        while (i < s.Length)
        {
            var lineEnd = IndexOfOr(s, '\n', i, s.Length);
            var line = s.AsSpan(i, lineEnd - i).TrimStart();
            if (line.IsEmpty || line[0] == '#')
            {
                i = lineEnd + 1;
                continue;
            }

            var start = lineEnd - line.Length;
            if (line.StartsWith("export ", StringComparison.Ordinal))
            {
                start += "export ".Length;
                line = s.AsSpan(start, lineEnd - start).TrimStart();
                start = lineEnd - line.Length;
            }

            var equals = line.IndexOf('=');
            var name = equals > 0 ? line[..equals].Trim().ToString() : null;
            if (name is null || !IsName(name))
            {
                i = lineEnd + 1;
                continue;
            }

            var valueStart = start + equals + 1;
            while (valueStart < lineEnd && s[valueStart] is ' ' or '\t')
            {
                valueStart++;
            }

            string value;
            if (valueStart < lineEnd && s[valueStart] is '"' or '\'' or '`')
            {
                var quote = s[valueStart];
                var close = FindClosingQuote(s, valueStart + 1, quote);
                if (close < 0)
                {
                    // Unterminated quote: take the rest of the line as written, like dotenv.
                    value = s[valueStart..lineEnd].Trim();
                    i = lineEnd + 1;
                }
                else
                {
                    var raw = s[(valueStart + 1)..close];
                    value = quote == '"' ? Unescape(raw) : raw;
                    i = IndexOfOr(s, '\n', close, s.Length) + 1;
                }
            }
            else
            {
                var raw = s.AsSpan(valueStart, lineEnd - valueStart);
                var comment = raw.IndexOf(" #", StringComparison.Ordinal);
                var tabComment = raw.IndexOf("\t#", StringComparison.Ordinal);
                if (tabComment >= 0 && (comment < 0 || tabComment < comment))
                {
                    comment = tabComment;
                }

                value = (comment >= 0 ? raw[..comment] : raw).Trim().ToString();
                i = lineEnd + 1;
            }

            result[name] = value;
        }

        return result;
    }

    /// <summary>Reads <see cref="DefaultFileNames"/> from <paramref name="directory"/>; missing files are skipped.</summary>
    /// <returns>The variables, and the names of the files that were read.</returns>
    public static (Dictionary<string, string> Variables, List<string> FilesRead) LoadDirectory(string directory)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        var read = new List<string>(2);
        foreach (var fileName in DefaultFileNames)
        {
            var path = Path.Combine(directory, fileName);
            if (!File.Exists(path))
            {
                continue;
            }

            foreach (var (name, value) in Parse(File.ReadAllText(path)))
            {
                variables[name] = value;
            }

            read.Add(path);
        }

        return (variables, read);
    }

    private static bool IsName(string name)
    {
        if (!(char.IsAsciiLetter(name[0]) || name[0] == '_'))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-'))
            {
                return false;
            }
        }

        return true;
    }

    private static int FindClosingQuote(string s, int from, char quote)
    {
        for (var i = from; i < s.Length; i++)
        {
            if (quote == '"' && s[i] == '\\')
            {
                i++;
                continue;
            }

            if (s[i] == quote)
            {
                return i;
            }
        }

        return -1;
    }

    private static string Unescape(string raw)
    {
        if (!raw.Contains('\\', StringComparison.Ordinal))
        {
            return raw;
        }

        var builder = new StringBuilder(raw.Length);
        for (var i = 0; i < raw.Length; i++)
        {
            if (raw[i] != '\\' || i == raw.Length - 1)
            {
                builder.Append(raw[i]);
                continue;
            }

            i++;
            builder.Append(raw[i] switch
            {
                'n' => '\n',
                'r' => '\r',
                't' => '\t',
                _ => raw[i],
            });
        }

        return builder.ToString();
    }

    private static int IndexOfOr(string s, char c, int from, int fallback)
    {
        var index = s.IndexOf(c, from);
        return index < 0 ? fallback : index;
    }
}
