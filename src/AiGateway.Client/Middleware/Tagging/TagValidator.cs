using System.Globalization;
using System.Text;

namespace AiGateway.Client.Middleware.Tagging;

/// <summary>
/// Checks tags and user ids before they are sent. They travel in HTTP headers (Cloudflare <c>cf-aig-metadata</c>) and
/// JSON metadata, so control characters (CR and LF above all, which would split a header) are refused outright.
/// </summary>
internal static class TagValidator
{
    /// <summary>Checks the form of one tag (not empty, no control characters, not too long).</summary>
    public static void ValidateTag(string? tag, int maxLength, string? paramName)
    {
        if (string.IsNullOrWhiteSpace(tag))
        {
            throw new ArgumentException("A tag is null, empty or only white space; remove it or give it a value such as 'feature:chat'.", paramName);
        }

        var control = IndexOfControl(tag);
        if (control >= 0)
        {
            throw new ArgumentException(
                $"Tag '{Printable(tag)}' contains a control character (U+{(int)tag[control]:X4}) at position {control}. Tags travel in HTTP headers and JSON metadata, where CR, LF and other control characters are not allowed; remove it.",
                paramName);
        }

        if (tag.Length > maxLength)
        {
            throw new ArgumentException(
                $"Tag '{Printable(tag[..Math.Min(tag.Length, 40)])}…' is {tag.Length} characters long; the limit is {maxLength} (TaggingOptions.MaxTagLength). Shorten it.",
                paramName);
        }
    }

    /// <summary>Checks the form of a user id. The value itself is never echoed: it may be personal data.</summary>
    public static void ValidateUser(string? user, int maxLength, string? paramName)
    {
        if (string.IsNullOrWhiteSpace(user))
        {
            throw new ArgumentException("The user id is empty or only white space; leave it unset or give it a value.", paramName);
        }

        var control = IndexOfControl(user);
        if (control >= 0)
        {
            throw new ArgumentException(
                $"The user id contains a control character (U+{(int)user[control]:X4}) at position {control}. It travels in HTTP headers and JSON metadata, where CR, LF and other control characters are not allowed; remove it.",
                paramName);
        }

        if (user.Length > maxLength)
        {
            throw new ArgumentException(
                $"The user id is {user.Length} characters long; the limit is {maxLength} (TaggingOptions.MaxUserLength). Send a shorter id, such as a hash of it.",
                paramName);
        }
    }

    /// <summary>Checks how many tags one request carries.</summary>
    public static void ValidateCount(int count, int maxTags, string? paramName)
    {
        if (count > maxTags)
        {
            throw new ArgumentException(
                $"The request carries {count} distinct tags (defaults, ambient scope and request together); the limit is {maxTags} (TaggingOptions.MaxTags). Remove some or raise the limit.",
                paramName);
        }
    }

    private static int IndexOfControl(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsControl(value[i]))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The tag with control characters shown as escapes, so the message itself stays on one line.</summary>
    private static string Printable(string value)
    {
        if (IndexOfControl(value) < 0)
        {
            return value;
        }

        var builder = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            _ = c switch
            {
                '\r' => builder.Append("\\r"),
                '\n' => builder.Append("\\n"),
                '\t' => builder.Append("\\t"),
                _ when char.IsControl(c) => builder.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture)),
                _ => builder.Append(c),
            };
        }

        return builder.ToString();
    }
}
