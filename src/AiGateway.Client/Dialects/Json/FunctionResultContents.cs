using Microsoft.Extensions.AI;

namespace AiGateway.Client.Dialects.Json;

/// <summary>
/// Reads a function result that is content (a <see cref="TextContent"/>, an image or file as <see cref="DataContent"/>,
/// <see cref="UriContent"/> or <see cref="HostedFileContent"/>, or a list of them), so each dialect can send it as its
/// native parts instead of as the JSON serialization of the content objects.
/// </summary>
internal static class FunctionResultContents
{
    /// <summary>Gets the contents of a result that is AI content, or <see langword="null"/> for any other result.</summary>
    public static IReadOnlyList<AIContent>? Contents(object? result) => result switch
    {
        AIContent single => [single],
        IEnumerable<AIContent> many => many as IReadOnlyList<AIContent> ?? [.. many],
        _ => null,
    };

    /// <summary>Gets whether every content is text (so a dialect that takes only text can carry the whole result).</summary>
    public static bool IsTextOnly(IReadOnlyList<AIContent> contents)
    {
        foreach (var content in contents)
        {
            if (content is not TextContent)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Joins the text contents.</summary>
    public static string Text(IReadOnlyList<AIContent> contents)
    {
        if (contents is [TextContent only])
        {
            return only.Text;
        }

        return string.Concat(contents.OfType<TextContent>().Select(t => t.Text));
    }
}
