using System.Text.RegularExpressions;

namespace AiGateway.Client.Testing;

/// <summary>Reads the text fields of a <c>multipart/form-data</c> body as <see cref="FakeGateway"/> recorded it (for image edits).</summary>
internal static partial class FakeMultipart
{
    /// <summary>The value of the form field <paramref name="name"/>, or <see langword="null"/>.</summary>
    public static string? Field(FakeRequest request, string name)
    {
        foreach (Match match in FieldPattern().Matches(request.Body))
        {
            if (match.Groups["name"].Value == name)
            {
                return match.Groups["value"].Value;
            }
        }

        return null;
    }

    /// <summary>How many file parts the body carries under <paramref name="name"/> (for example <c>image[]</c>).</summary>
    public static int FileCount(FakeRequest request, string name) =>
        FieldPattern().Matches(request.Body).Count(m => m.Groups["name"].Value == name && m.Groups["file"].Success);

    [GeneratedRegex("Content-Disposition: form-data; name=\"?(?<name>[^\";\\r\\n]+)\"?(?<file>; filename=[^\\r\\n]*)?\\r\\n(?:[^\\r\\n]+\\r\\n)*\\r\\n(?<value>[^\\r\\n]*)", RegexOptions.CultureInvariant)]
    private static partial Regex FieldPattern();
}
