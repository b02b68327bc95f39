using System.Text.Json;
using Microsoft.Extensions.AI;

namespace AiGateway.Client.Dialects.Json;

/// <summary>
/// Reads values the dialects store in <see cref="AIContent.AdditionalProperties"/>, in the form they have in memory
/// and in the form they come back in after a conversation was saved as JSON and read again (a <see cref="JsonElement"/>).
/// </summary>
internal static class AdditionalPropertyValues
{
    /// <summary>Gets a non-empty string value, or <see langword="null"/>.</summary>
    public static string? GetString(AdditionalPropertiesDictionary? properties, string key) =>
        properties?.TryGetValue(key, out var value) == true
            ? value switch
            {
                string { Length: > 0 } s => s,
                JsonElement { ValueKind: JsonValueKind.String } e when e.GetString() is { Length: > 0 } s => s,
                _ => null,
            }
            : null;
}
