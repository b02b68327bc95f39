using System.Text;
using System.Text.RegularExpressions;

namespace AiGateway.Client.Diagnostics;

/// <summary>
/// Turns an exception chain from the HTTP stack into one sentence for our own exception messages. Apps and samples
/// usually print only <see cref="Exception.Message"/>, so "The SSL connection could not be established, see inner
/// exception." would hide the one useful fact; the inner messages are appended instead, redacted.
/// </summary>
internal static partial class ExceptionDetail
{
    private const int MaxDepth = 5;

    /// <summary>The messages of <paramref name="exception"/> and its inner exceptions, redacted, ending with a period.</summary>
    public static string Describe(Exception exception)
    {
        var parts = new List<string>();
        var depth = 0;
        for (var current = exception; current is not null && depth < MaxDepth; current = current.InnerException, depth++)
        {
            var message = InnerPointer().Replace(SecretRedactor.Redact(current.Message ?? string.Empty), string.Empty).Trim().TrimEnd('.', ',', ';', ':').Trim();
            if (message.Length > 0 && !parts.Exists(p => p.Contains(message, StringComparison.Ordinal)))
            {
                parts.Add(message);
            }
        }

        if (parts.Count == 0)
        {
            return exception.GetType().Name + ".";
        }

        var text = new StringBuilder(string.Join(": ", parts));
        if (text[^1] is not ('.' or '!' or '?'))
        {
            text.Append('.');
        }

        return text.ToString();
    }

    // ", see inner exception.", "See inner exception for details.", "(see the inner exception)", …
    [GeneratedRegex(@"[\s,;.(]*see (the )?inner exception( for (more )?details)?[).]*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex InnerPointer();
}
