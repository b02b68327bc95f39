using AiGateway.Client.Routing;
using Microsoft.Extensions.AI;

namespace AiGateway.Client;

/// <summary>Typed helpers that set the per-request knobs of <see cref="AiGatewayPropertyKeys"/> on <see cref="ChatOptions"/>.</summary>
public static class AiGatewayChatOptionsExtensions
{
    /// <summary>Adds attribution tags (for example <c>feature:chat</c>) to the request.</summary>
    /// <param name="options">The options to change.</param>
    /// <param name="tags">The tags.</param>
    /// <returns>The same options.</returns>
    public static ChatOptions WithTags(this ChatOptions options, params string[] tags)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(tags);
        var existing = options.GetTags();
        options.AdditionalProperties ??= [];
        options.AdditionalProperties[AiGatewayPropertyKeys.Tags] = existing.Concat(tags).Distinct(StringComparer.Ordinal).ToArray();
        return options;
    }

    /// <summary>Sets the end-user id the request is made for.</summary>
    /// <param name="options">The options to change.</param>
    /// <param name="user">The user id.</param>
    /// <returns>The same options.</returns>
    public static ChatOptions WithUser(this ChatOptions options, string user)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(user);
        options.AdditionalProperties ??= [];
        options.AdditionalProperties[AiGatewayPropertyKeys.User] = user;
        return options;
    }

    /// <summary>Sets the models to fall back to, in order, when the requested one fails with a failover trigger.</summary>
    /// <param name="options">The options to change.</param>
    /// <param name="modelIds">Catalog ids or aliases.</param>
    /// <returns>The same options.</returns>
    public static ChatOptions WithFallbackModels(this ChatOptions options, params string[] modelIds)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(modelIds);
        options.AdditionalProperties ??= [];
        options.AdditionalProperties[AiGatewayPropertyKeys.FallbackModels] = modelIds.ToArray();
        return options;
    }

    /// <summary>Prefers a dialect for this request (a clear error before sending when the gateway cannot serve it).</summary>
    /// <param name="options">The options to change.</param>
    /// <param name="dialect">The dialect.</param>
    /// <returns>The same options.</returns>
    public static ChatOptions WithDialect(this ChatOptions options, ChatDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.AdditionalProperties ??= [];
        options.AdditionalProperties[AiGatewayPropertyKeys.Dialect] = dialect;
        return options;
    }

    /// <summary>Gets the tags set on the request.</summary>
    /// <param name="options">The options.</param>
    /// <returns>The tags, empty when none.</returns>
    public static IReadOnlyList<string> GetTags(this ChatOptions? options) =>
        options?.AdditionalProperties?.TryGetValue(AiGatewayPropertyKeys.Tags, out var value) == true
            ? value switch
            {
                IReadOnlyList<string> list => list,
                IEnumerable<string> seq => seq.ToArray(),
                string one => [one],
                _ => [],
            }
            : [];

    /// <summary>Gets the user set on the request.</summary>
    /// <param name="options">The options.</param>
    /// <returns>The user, or <see langword="null"/>.</returns>
    public static string? GetUser(this ChatOptions? options) =>
        options?.AdditionalProperties?.TryGetValue(AiGatewayPropertyKeys.User, out var value) == true ? value as string : null;

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
}
