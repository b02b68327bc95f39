using System.Text.Json;

namespace AiGateway.Client.Dialects.Json;

/// <summary>
/// Lenient reads of a parsed object's members, for the rare, loosely specified blocks (hosted tool calls and results)
/// that are kept as <see cref="JsonElement"/>s: a member that is missing or of another type reads as absent.
/// </summary>
internal static class JsonElementValues
{
    /// <summary>Gets the string member <paramref name="name"/> of an object, or <see langword="null"/>.</summary>
    public static string? StringOf(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    /// <summary>Gets the non-empty strings of the array member <paramref name="name"/> of an object (none when it is not an array).</summary>
    public static List<string> Strings(JsonElement element, string name)
    {
        var list = new List<string>();
        if (element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var array) && array.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in array.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.String && item.GetString() is { Length: > 0 } s)
                {
                    list.Add(s);
                }
            }
        }

        return list;
    }
}
