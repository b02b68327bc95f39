using System.Globalization;
using System.Text.Json;
using AiGateway.Client.Diagnostics;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace AiGateway.Client.Gateways;

/// <summary>
/// The per-request gateway options set by <see cref="CloudflareChatOptionsExtensions"/> and
/// <see cref="VercelChatOptionsExtensions"/>: their keys in <see cref="ChatOptions.AdditionalProperties"/> (plain
/// strings, numbers, booleans and string arrays, so options survive JSON), the readers the gateway profiles use, and the
/// one debug line when options meant for another gateway than the routed one are ignored.
/// </summary>
internal static class GatewayRequestOptions
{
    public const string CloudflarePrefix = "aigateway.cloudflare.";
    public const string VercelPrefix = "aigateway.vercel.";

    public const string CloudflareCacheTtl = CloudflarePrefix + "cache_ttl";
    public const string CloudflareSkipCache = CloudflarePrefix + "skip_cache";
    public const string CloudflareCacheKey = CloudflarePrefix + "cache_key";
    public const string CloudflareRequestTimeout = CloudflarePrefix + "request_timeout";
    public const string CloudflareMaxAttempts = CloudflarePrefix + "max_attempts";
    public const string CloudflareRetryDelay = CloudflarePrefix + "retry_delay";
    public const string CloudflareBackoff = CloudflarePrefix + "backoff";
    public const string CloudflareCollectLog = CloudflarePrefix + "collect_log";
    public const string CloudflareNoWholesale = CloudflarePrefix + "no_wholesale";

    public const string VercelOrder = VercelPrefix + "order";
    public const string VercelOnly = VercelPrefix + "only";
    public const string VercelCacheControl = VercelPrefix + "cache_control";
    public const string VercelCaching = VercelPrefix + "caching";

    /// <summary>The request headers each Cloudflare option becomes, in the order they are written.</summary>
    public static readonly (string Key, string Header)[] CloudflareHeaders =
    [
        (CloudflareCacheTtl, "cf-aig-cache-ttl"),
        (CloudflareSkipCache, "cf-aig-skip-cache"),
        (CloudflareCacheKey, "cf-aig-cache-key"),
        (CloudflareRequestTimeout, "cf-aig-request-timeout"),
        (CloudflareMaxAttempts, "cf-aig-max-attempts"),
        (CloudflareRetryDelay, "cf-aig-retry-delay"),
        (CloudflareBackoff, "cf-aig-backoff"),
        (CloudflareCollectLog, "cf-aig-collect-log"),
        (CloudflareNoWholesale, "cf-aig-no-wholesale"),
    ];

    /// <summary>
    /// Gets a value indicating whether any property's key starts with <paramref name="prefix"/> (compared as the
    /// dictionary compares keys, ignoring case). One pass over a request's few properties costs less than a hashed
    /// lookup per option, and most requests carry none.
    /// </summary>
    public static bool HasAny(AdditionalPropertiesDictionary? properties, string prefix)
    {
        if (properties is null)
        {
            return false;
        }

        foreach (var (key, _) in properties)
        {
            if (key.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Gets a property as the header text it becomes: strings as they are, numbers invariant, booleans lower-case.</summary>
    public static string? HeaderValue(AdditionalPropertiesDictionary? properties, string key) =>
        properties?.TryGetValue(key, out var value) != true ? null : value switch
        {
            string s => s,
            bool b => b ? "true" : "false",
            int or long => Convert.ToString(value, CultureInfo.InvariantCulture),
            JsonElement { ValueKind: JsonValueKind.String } e => e.GetString(),
            JsonElement { ValueKind: JsonValueKind.Number } e => e.GetRawText(),
            JsonElement { ValueKind: JsonValueKind.True } => "true",
            JsonElement { ValueKind: JsonValueKind.False } => "false",
            _ => null,
        };

    /// <summary>Gets a string-list property, whatever form it arrived in; empty when absent.</summary>
    public static IReadOnlyList<string> Strings(AdditionalPropertiesDictionary? properties, string key) =>
        properties?.TryGetValue(key, out var value) != true ? [] : value switch
        {
            IReadOnlyList<string> list => list,
            IEnumerable<string> seq => seq.ToArray(),
            JsonElement { ValueKind: JsonValueKind.Array } e => e.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!).ToArray(),
            _ => [],
        };

    /// <summary>
    /// Logs once (debug) when the request carries options for a gateway other than <paramref name="gateway"/>: they are
    /// ignored, not an error, so a request that fails over to another gateway still goes out.
    /// </summary>
    public static void LogIgnored(ILogger logger, GatewayKind gateway, AdditionalPropertiesDictionary? properties)
    {
        if (properties is null || properties.Count == 0 || !logger.IsEnabled(LogLevel.Debug))
        {
            return;
        }

        var foreign = new List<string>();
        foreach (var key in properties.Keys)
        {
            if ((gateway != GatewayKind.Cloudflare && key.StartsWith(CloudflarePrefix, StringComparison.Ordinal) && key != AiGatewayPropertyKeys.CloudflareCacheStatus)
                || (gateway != GatewayKind.Vercel && key.StartsWith(VercelPrefix, StringComparison.Ordinal)))
            {
                foreign.Add(key);
            }
        }

        if (foreign.Count > 0)
        {
            AiGatewayLog.GatewayOptionsIgnored(logger, string.Join(", ", foreign), gateway.ToString());
        }
    }
}
