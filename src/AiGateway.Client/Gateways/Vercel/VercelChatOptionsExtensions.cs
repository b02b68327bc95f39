using System.Globalization;
using Microsoft.Extensions.AI;
using K = AiGateway.Client.Gateways.GatewayRequestOptions;

namespace AiGateway.Client;

/// <summary>
/// Per-request options of Vercel AI Gateway, sent in the body's <c>providerOptions.gateway</c> object (docs/gateways.md,
/// Vercel). They apply only when the call goes to Vercel; on another gateway (for example after failover) they are
/// ignored with a debug log line, not an error.
/// </summary>
/// <remarks>Like the other <c>With*</c> helpers, each returns a modified copy and never changes the options it is called on.</remarks>
public static class VercelChatOptionsExtensions
{
    /// <summary>Returns a copy of the options asking Vercel to try the model's providers in this order (<c>providerOptions.gateway.order</c>).</summary>
    /// <param name="options">The options to copy; not changed.</param>
    /// <param name="providers">Provider slugs, for example <c>bedrock</c>, <c>anthropic</c>, <c>vertex</c>.</param>
    /// <returns>A new <see cref="ChatOptions"/> carrying the order (replacing any set before).</returns>
    /// <exception cref="ArgumentException">No provider is given, or one is empty or contains white space.</exception>
    public static ChatOptions WithVercelProviderOrder(this ChatOptions options, params string[] providers)
    {
        ArgumentNullException.ThrowIfNull(options);
        return RequestProperties.CloneWith(options, (K.VercelOrder, Slugs(providers, nameof(providers))));
    }

    /// <summary>Returns a copy of the options restricting Vercel to these providers (<c>providerOptions.gateway.only</c>).</summary>
    /// <param name="options">The options to copy; not changed.</param>
    /// <param name="providers">Provider slugs, for example <c>anthropic</c>, <c>vertex</c>.</param>
    /// <returns>A new <see cref="ChatOptions"/> carrying the restriction (replacing any set before).</returns>
    /// <exception cref="ArgumentException">No provider is given, or one is empty or contains white space.</exception>
    public static ChatOptions WithVercelOnlyProviders(this ChatOptions options, params string[] providers)
    {
        ArgumentNullException.ThrowIfNull(options);
        return RequestProperties.CloneWith(options, (K.VercelOnly, Slugs(providers, nameof(providers))));
    }

    /// <summary>Returns a copy of the options asking Vercel to cache the response (<c>providerOptions.gateway.cacheControl</c>, for example <c>max-age=3600</c>).</summary>
    /// <param name="options">The options to copy; not changed.</param>
    /// <param name="cacheControl">The cache directive, for example <c>max-age=3600</c>.</param>
    /// <returns>A new <see cref="ChatOptions"/> carrying the directive.</returns>
    /// <exception cref="ArgumentException"><paramref name="cacheControl"/> is empty or contains a line break.</exception>
    public static ChatOptions WithVercelResponseCache(this ChatOptions options, string cacheControl)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(cacheControl);
        if (cacheControl.AsSpan().IndexOfAny('\r', '\n') >= 0)
        {
            throw new ArgumentException("A cache directive is one line, for example 'max-age=3600'.", nameof(cacheControl));
        }

        return RequestProperties.CloneWith(options, (K.VercelCacheControl, cacheControl.Trim()));
    }

    /// <summary>Returns a copy of the options asking Vercel to cache the response for <paramref name="maxAge"/> (<c>max-age=</c> whole seconds).</summary>
    /// <param name="options">The options to copy; not changed.</param>
    /// <param name="maxAge">How long the response stays cached: positive, whole seconds.</param>
    /// <returns>A new <see cref="ChatOptions"/> carrying <c>max-age=N</c>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxAge"/> is not a positive number of whole seconds.</exception>
    public static ChatOptions WithVercelResponseCache(this ChatOptions options, TimeSpan maxAge)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (maxAge < TimeSpan.FromSeconds(1) || maxAge.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(maxAge), maxAge, "A response cache age is a positive number of whole seconds; use, for example, TimeSpan.FromHours(1).");
        }

        return WithVercelResponseCache(options, string.Create(CultureInfo.InvariantCulture, $"max-age={(long)maxAge.TotalSeconds}"));
    }

    /// <summary>
    /// Returns a copy of the options turning on Vercel's automatic prompt caching (<c>providerOptions.gateway.caching:
    /// "auto"</c>): Vercel adds the cache breakpoint providers such as Anthropic need.
    /// </summary>
    /// <param name="options">The options to copy; not changed.</param>
    /// <returns>A new <see cref="ChatOptions"/> carrying the setting.</returns>
    public static ChatOptions WithVercelAutomaticCaching(this ChatOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return RequestProperties.CloneWith(options, (K.VercelCaching, "auto"));
    }

    private static string[] Slugs(string[] providers, string paramName)
    {
        ArgumentNullException.ThrowIfNull(providers, paramName);
        if (providers.Length == 0 || providers.Any(p => string.IsNullOrWhiteSpace(p) || p.Any(char.IsWhiteSpace)))
        {
            throw new ArgumentException("Give at least one provider slug, each without white space (for example 'anthropic', 'bedrock', 'vertex').", paramName);
        }

        return providers.Distinct(StringComparer.Ordinal).ToArray();
    }
}
