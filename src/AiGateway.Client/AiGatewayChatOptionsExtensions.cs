using Microsoft.Extensions.AI;

namespace AiGateway.Client;

/// <summary>Typed helpers that set and read the per-request knobs of <see cref="AiGatewayPropertyKeys"/> on <see cref="ChatOptions"/>.</summary>
/// <remarks>
/// The <c>With*</c> helpers never change the options they are called on: like Microsoft.Extensions.AI's own
/// helpers, each returns a modified clone (<see cref="ChatOptions.Clone"/> with its own copy of
/// <see cref="ChatOptions.AdditionalProperties"/>). A shared or reused options object can therefore be passed to
/// them from concurrent requests, and chains such as <c>new ChatOptions { ... }.WithTags("a").WithUser("u")</c>
/// work as before. Use the returned object: calling a helper without using its result has no effect.
/// </remarks>
public static class AiGatewayChatOptionsExtensions
{
    /// <summary>Returns a copy of the options with attribution tags (for example <c>feature:chat</c>) added to the ones it already has.</summary>
    /// <param name="options">The options to copy; not changed.</param>
    /// <param name="tags">The tags.</param>
    /// <returns>A new <see cref="ChatOptions"/> carrying the existing tags and <paramref name="tags"/>.</returns>
    public static ChatOptions WithTags(this ChatOptions options, params string[] tags)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(tags);
        var merged = options.GetTags().Concat(tags).Distinct(StringComparer.Ordinal).ToArray();
        return With(options, AiGatewayPropertyKeys.Tags, merged);
    }

    /// <summary>Returns a copy of the options with the end-user id the request is made for.</summary>
    /// <param name="options">The options to copy; not changed.</param>
    /// <param name="user">The user id.</param>
    /// <returns>A new <see cref="ChatOptions"/> carrying <paramref name="user"/>.</returns>
    public static ChatOptions WithUser(this ChatOptions options, string user)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(user);
        return With(options, AiGatewayPropertyKeys.User, user);
    }

    /// <summary>Returns a copy of the options with the models to fall back to, in order, when the requested one fails with a failover trigger.</summary>
    /// <param name="options">The options to copy; not changed.</param>
    /// <param name="modelIds">Catalog ids or aliases.</param>
    /// <returns>A new <see cref="ChatOptions"/> carrying <paramref name="modelIds"/> (replacing any set before).</returns>
    public static ChatOptions WithFallbackModels(this ChatOptions options, params string[] modelIds)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(modelIds);
        return With(options, AiGatewayPropertyKeys.FallbackModels, modelIds.ToArray());
    }

    /// <summary>Returns a copy of the options preferring a dialect (a clear error before sending when the gateway cannot serve it).</summary>
    /// <param name="options">The options to copy; not changed.</param>
    /// <param name="dialect">The dialect.</param>
    /// <returns>A new <see cref="ChatOptions"/> carrying <paramref name="dialect"/>.</returns>
    public static ChatOptions WithDialect(this ChatOptions options, ChatDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(options);
        return With(options, AiGatewayPropertyKeys.Dialect, dialect);
    }

    /// <summary>Gets the tags set on the request.</summary>
    /// <param name="options">The options.</param>
    /// <returns>The tags, empty when none.</returns>
    public static IReadOnlyList<string> GetTags(this ChatOptions? options) =>
        RequestProperties.Tags(options?.AdditionalProperties);

    /// <summary>Gets the user set on the request.</summary>
    /// <param name="options">The options.</param>
    /// <returns>The user, or <see langword="null"/>.</returns>
    public static string? GetUser(this ChatOptions? options) =>
        RequestProperties.User(options?.AdditionalProperties);

    /// <summary>Gets the fallback models set on the request.</summary>
    /// <param name="options">The options.</param>
    /// <returns>The model ids, empty when none.</returns>
    public static IReadOnlyList<string> GetFallbackModels(this ChatOptions? options) =>
        options?.AdditionalProperties?.TryGetValue(AiGatewayPropertyKeys.FallbackModels, out var value) == true
            ? value switch
            {
                IReadOnlyList<string> list => list,
                IEnumerable<string> seq => seq.ToArray(),
                string one => [one],
                _ => [],
            }
            : [];

    /// <summary>Gets the dialect preferred for the request.</summary>
    /// <param name="options">The options.</param>
    /// <returns>The dialect, or <see langword="null"/>.</returns>
    public static ChatDialect? GetDialect(this ChatOptions? options) =>
        options?.AdditionalProperties?.TryGetValue(AiGatewayPropertyKeys.Dialect, out var value) == true
            ? value switch
            {
                ChatDialect d => d,
                string s when Enum.TryParse<ChatDialect>(s, ignoreCase: true, out var parsed) => parsed,
                _ => null,
            }
            : null;

    /// <summary>Clones the options with a copy of their property bag, and sets one property on the copy.</summary>
    private static ChatOptions With(ChatOptions options, string key, object value)
    {
        var clone = options.Clone();
        clone.AdditionalProperties = options.AdditionalProperties is { } existing ? new AdditionalPropertiesDictionary(existing) : [];
        clone.AdditionalProperties[key] = value;
        return clone;
    }
}
