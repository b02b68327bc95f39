using Microsoft.Extensions.AI;
using K = AiGateway.Client.Gateways.GatewayRequestOptions;

namespace AiGateway.Client;

/// <summary>
/// Per-request options of Cloudflare AI Gateway, sent as its <c>cf-aig-*</c> request headers (docs/gateways.md,
/// Cloudflare, "Per-request options"). They apply only when the call goes to Cloudflare; on another gateway (for example
/// after failover) they are ignored with a debug log line, not an error.
/// </summary>
/// <remarks>
/// Like the other <c>With*</c> helpers, each returns a modified copy and never changes the options it is called on.
/// Whether a response came from Cloudflare's cache is on the response:
/// <see cref="AiGatewayResponseExtensions.GetCloudflareCacheStatus(ChatResponse)"/>.
/// </remarks>
public static class CloudflareChatOptionsExtensions
{
    /// <summary>The shortest cache TTL Cloudflare takes (60 seconds).</summary>
    private static readonly TimeSpan MinCacheTtl = TimeSpan.FromSeconds(60);

    /// <summary>The longest cache TTL Cloudflare takes ("one month", taken as 30 days to stay inside it).</summary>
    private static readonly TimeSpan MaxCacheTtl = TimeSpan.FromDays(30);

    /// <summary>Cloudflare retries a request at most 5 times.</summary>
    private const int MaxAttempts = 5;

    /// <summary>The longest delay between Cloudflare's retries (5 seconds).</summary>
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(5);

    /// <summary>Returns a copy of the options asking Cloudflare to cache the response for <paramref name="ttl"/> (<c>cf-aig-cache-ttl</c>, whole seconds).</summary>
    /// <param name="options">The options to copy; not changed.</param>
    /// <param name="ttl">How long the response stays cached: from 60 seconds to 30 days, in whole seconds.</param>
    /// <returns>A new <see cref="ChatOptions"/> carrying the TTL.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="ttl"/> is outside 60 seconds to 30 days, or not whole seconds.</exception>
    public static ChatOptions WithCloudflareCacheTtl(this ChatOptions options, TimeSpan ttl)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (ttl < MinCacheTtl || ttl > MaxCacheTtl || ttl.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(ttl), ttl, "Cloudflare's cache TTL (cf-aig-cache-ttl) is whole seconds from 60 seconds to one month; use, for example, TimeSpan.FromHours(1).");
        }

        return RequestProperties.CloneWith(options, (K.CloudflareCacheTtl, (long)ttl.TotalSeconds));
    }

    /// <summary>Returns a copy of the options asking Cloudflare not to answer from its cache (<c>cf-aig-skip-cache: true</c>).</summary>
    /// <param name="options">The options to copy; not changed.</param>
    /// <returns>A new <see cref="ChatOptions"/> that skips the cache.</returns>
    public static ChatOptions WithCloudflareSkipCache(this ChatOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return RequestProperties.CloneWith(options, (K.CloudflareSkipCache, true));
    }

    /// <summary>Returns a copy of the options with a custom cache key (<c>cf-aig-cache-key</c>) instead of Cloudflare's hash of the request.</summary>
    /// <param name="options">The options to copy; not changed.</param>
    /// <param name="cacheKey">The key: printable ASCII, at most 256 characters.</param>
    /// <returns>A new <see cref="ChatOptions"/> carrying the key.</returns>
    /// <exception cref="ArgumentException"><paramref name="cacheKey"/> is empty, too long, or not printable ASCII (it travels in a header).</exception>
    public static ChatOptions WithCloudflareCacheKey(this ChatOptions options, string cacheKey)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(cacheKey);
        if (cacheKey.Length > 256 || cacheKey.Any(c => c is < ' ' or > '~'))
        {
            throw new ArgumentException("A Cloudflare cache key (cf-aig-cache-key) travels in a request header: use at most 256 printable ASCII characters (for example 'faq:shipping:v2').", nameof(cacheKey));
        }

        return RequestProperties.CloneWith(options, (K.CloudflareCacheKey, cacheKey));
    }

    /// <summary>
    /// Returns a copy of the options with Cloudflare's request timeout (<c>cf-aig-request-timeout</c>, whole milliseconds):
    /// how long the gateway waits for the first part of the provider's answer before it fails, retries or falls back.
    /// </summary>
    /// <param name="options">The options to copy; not changed.</param>
    /// <param name="timeout">The timeout: positive, whole milliseconds, at most 24 days.</param>
    /// <returns>A new <see cref="ChatOptions"/> carrying the timeout.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is not positive or not whole milliseconds.</exception>
    public static ChatOptions WithCloudflareRequestTimeout(this ChatOptions options, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (timeout < TimeSpan.FromMilliseconds(1) || timeout.TotalMilliseconds > int.MaxValue || timeout.Ticks % TimeSpan.TicksPerMillisecond != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "Cloudflare's request timeout (cf-aig-request-timeout) is a positive number of whole milliseconds; use, for example, TimeSpan.FromSeconds(30).");
        }

        return RequestProperties.CloneWith(options, (K.CloudflareRequestTimeout, (long)timeout.TotalMilliseconds));
    }

    /// <summary>
    /// Returns a copy of the options with Cloudflare's own retries of the request (<c>cf-aig-max-attempts</c>,
    /// <c>cf-aig-retry-delay</c> in milliseconds, <c>cf-aig-backoff</c>), overriding the gateway's settings.
    /// </summary>
    /// <param name="options">The options to copy; not changed.</param>
    /// <param name="maxAttempts">How many attempts Cloudflare makes: 1 to 5.</param>
    /// <param name="retryDelay">The base delay between attempts: whole milliseconds, from 0 to 5 seconds.</param>
    /// <param name="backoff">How the delay grows between attempts.</param>
    /// <returns>A new <see cref="ChatOptions"/> carrying the retry settings.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A value is outside Cloudflare's range.</exception>
    public static ChatOptions WithCloudflareRetries(this ChatOptions options, int maxAttempts, TimeSpan retryDelay, CloudflareBackoff backoff)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (maxAttempts is < 1 or > MaxAttempts)
        {
            throw new ArgumentOutOfRangeException(nameof(maxAttempts), maxAttempts, "Cloudflare makes 1 to 5 attempts (cf-aig-max-attempts).");
        }

        if (retryDelay < TimeSpan.Zero || retryDelay > MaxRetryDelay || retryDelay.Ticks % TimeSpan.TicksPerMillisecond != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(retryDelay), retryDelay, "Cloudflare's retry delay (cf-aig-retry-delay) is whole milliseconds from 0 to 5 seconds.");
        }

        var backoffText = backoff switch
        {
            CloudflareBackoff.Constant => "constant",
            CloudflareBackoff.Linear => "linear",
            CloudflareBackoff.Exponential => "exponential",
            _ => throw new ArgumentOutOfRangeException(nameof(backoff), backoff, "Use CloudflareBackoff.Constant, Linear or Exponential."),
        };
        return RequestProperties.CloneWith(
            options,
            (K.CloudflareMaxAttempts, (long)maxAttempts),
            (K.CloudflareRetryDelay, (long)retryDelay.TotalMilliseconds),
            (K.CloudflareBackoff, backoffText));
    }

    /// <summary>Returns a copy of the options that turns Cloudflare's logging of this request on or off (<c>cf-aig-collect-log</c>), overriding the gateway's setting.</summary>
    /// <param name="options">The options to copy; not changed.</param>
    /// <param name="collect"><see langword="false"/> keeps the prompt and answer out of the gateway's logs.</param>
    /// <returns>A new <see cref="ChatOptions"/> carrying the setting.</returns>
    public static ChatOptions WithCloudflareCollectLog(this ChatOptions options, bool collect)
    {
        ArgumentNullException.ThrowIfNull(options);
        return RequestProperties.CloneWith(options, (K.CloudflareCollectLog, collect));
    }

    /// <summary>
    /// Returns a copy of the options that forbids Cloudflare to fall back to Unified Billing for this request
    /// (<c>cf-aig-no-wholesale: true</c>): a third-party model must then be paid with your own key (sent or stored in the
    /// gateway), or the gateway answers 400.
    /// </summary>
    /// <param name="options">The options to copy; not changed.</param>
    /// <returns>A new <see cref="ChatOptions"/> carrying the setting.</returns>
    public static ChatOptions WithCloudflareNoWholesale(this ChatOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return RequestProperties.CloneWith(options, (K.CloudflareNoWholesale, true));
    }

    /// <summary>Gets the <c>cf-aig-*</c> headers these options become (for tests and diagnostics), in a stable order.</summary>
    internal static IReadOnlyList<(string Header, string Value)> CloudflareHeaders(AdditionalPropertiesDictionary? properties)
    {
        var headers = new List<(string, string)>();
        foreach (var (key, header) in K.CloudflareHeaders)
        {
            if (K.HeaderValue(properties, key) is { } value)
            {
                headers.Add((header, value));
            }
        }

        return headers;
    }
}
