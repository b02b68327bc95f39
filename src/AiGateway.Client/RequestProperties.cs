using Microsoft.Extensions.AI;

namespace AiGateway.Client;

/// <summary>
/// Reads and writes the tags and user a request carries in its <see cref="AdditionalPropertiesDictionary"/>: one rule for
/// chat, embedding and image options alike.
/// </summary>
internal static class RequestProperties
{
    /// <summary>Gets the tags, whatever list form they were stored in; empty when none.</summary>
    public static IReadOnlyList<string> Tags(AdditionalPropertiesDictionary? properties) =>
        properties?.TryGetValue(AiGatewayPropertyKeys.Tags, out var value) == true
            ? value switch
            {
                IReadOnlyList<string> list => list,
                IEnumerable<string> seq => seq.ToArray(),
                string one => [one],
                _ => [],
            }
            : [];

    /// <summary>Gets the user, or <see langword="null"/>.</summary>
    public static string? User(AdditionalPropertiesDictionary? properties) =>
        properties?.TryGetValue(AiGatewayPropertyKeys.User, out var value) == true ? value as string : null;

    /// <summary>Adds <paramref name="tags"/> after the ones already there (no repeats), creating the dictionary if needed.</summary>
    public static AdditionalPropertiesDictionary AddTags(AdditionalPropertiesDictionary? properties, string[] tags)
    {
        var existing = Tags(properties);
        properties ??= [];
        properties[AiGatewayPropertyKeys.Tags] = existing.Concat(tags).Distinct(StringComparer.Ordinal).ToArray();
        return properties;
    }

    /// <summary>Sets the user, creating the dictionary if needed.</summary>
    public static AdditionalPropertiesDictionary SetUser(AdditionalPropertiesDictionary? properties, string user)
    {
        properties ??= [];
        properties[AiGatewayPropertyKeys.User] = user;
        return properties;
    }

    /// <summary>
    /// Clones <paramref name="options"/> with its own copy of the property bag and sets <paramref name="values"/> on the
    /// copy: the caller's options are never changed (the <c>With*</c> helpers' contract).
    /// </summary>
    public static ChatOptions CloneWith(ChatOptions options, params (string Key, object Value)[] values)
    {
        var clone = options.Clone();
        clone.AdditionalProperties = options.AdditionalProperties is { } existing ? new AdditionalPropertiesDictionary(existing) : [];
        foreach (var (key, value) in values)
        {
            clone.AdditionalProperties[key] = value;
        }

        return clone;
    }
}
