using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace AiGateway.Client;

/// <summary>
/// Reads the facts the client puts on a <see cref="ChatResponse"/> or <see cref="ChatResponseUpdate"/>
/// (<see cref="AiGatewayPropertyKeys"/>): cost, gateway, dialect, answering model, attempts. They read the same from a
/// response fresh from the gateway and from one that went through JSON (a distributed cache, a saved conversation),
/// where the values come back as <see cref="JsonElement"/>.
/// </summary>
public static class AiGatewayResponseExtensions
{
    /// <summary>Gets the call's cost in USD (the gateway's report, else catalog prices of the usage), if known.</summary>
    /// <param name="response">The response.</param>
    /// <returns>The cost, or <see langword="null"/>.</returns>
    public static decimal? GetCostUsd(this ChatResponse response) => ReadCostUsd(Properties(response));

    /// <summary>Gets the cost in USD this update reports (usually the last one), if any.</summary>
    /// <param name="update">The update.</param>
    /// <returns>The cost, or <see langword="null"/>.</returns>
    public static decimal? GetCostUsd(this ChatResponseUpdate update) => ReadCostUsd(Properties(update));

    /// <summary>Gets the gateway that answered.</summary>
    /// <param name="response">The response.</param>
    /// <returns>The gateway, or <see langword="null"/> when the response did not come through this client.</returns>
    public static GatewayKind? GetGateway(this ChatResponse response) => ReadEnum<GatewayKind>(Properties(response), AiGatewayPropertyKeys.AnsweredGateway);

    /// <summary>Gets the gateway that answered (on the first update of a stream).</summary>
    /// <param name="update">The update.</param>
    /// <returns>The gateway, or <see langword="null"/>.</returns>
    public static GatewayKind? GetGateway(this ChatResponseUpdate update) => ReadEnum<GatewayKind>(Properties(update), AiGatewayPropertyKeys.AnsweredGateway);

    /// <summary>Gets the wire dialect the answer came in.</summary>
    /// <param name="response">The response.</param>
    /// <returns>The dialect, or <see langword="null"/>.</returns>
    public static ChatDialect? GetDialect(this ChatResponse response) => ReadEnum<ChatDialect>(Properties(response), AiGatewayPropertyKeys.AnsweredDialect);

    /// <summary>Gets the canonical catalog id of the model that answered (failover may have moved to another).</summary>
    /// <param name="response">The response.</param>
    /// <returns>The catalog id, or <see langword="null"/>.</returns>
    public static string? GetCatalogModelId(this ChatResponse response) => ReadString(Properties(response), AiGatewayPropertyKeys.CatalogModelId);

    /// <summary>Gets how many attempts the call took (set by failover).</summary>
    /// <param name="response">The response.</param>
    /// <returns>The number of attempts, or <see langword="null"/> without failover.</returns>
    public static int? GetAttempts(this ChatResponse response) =>
        ReadDecimal(Properties(response), AiGatewayPropertyKeys.Attempts) is { } attempts ? (int)attempts : null;

    /// <summary>Gets Cloudflare AI Gateway's response-cache status (<c>HIT</c> or <c>MISS</c>), when Cloudflare sent one.</summary>
    /// <param name="response">The response.</param>
    /// <returns>The status as Cloudflare wrote it, or <see langword="null"/>.</returns>
    public static string? GetCloudflareCacheStatus(this ChatResponse response) => ReadString(Properties(response), AiGatewayPropertyKeys.CloudflareCacheStatus);

    /// <summary>Gets Cloudflare AI Gateway's response-cache status (on the first update of a stream).</summary>
    /// <param name="update">The update.</param>
    /// <returns>The status as Cloudflare wrote it, or <see langword="null"/>.</returns>
    public static string? GetCloudflareCacheStatus(this ChatResponseUpdate update) => ReadString(Properties(update), AiGatewayPropertyKeys.CloudflareCacheStatus);

    /// <summary>Reads the cost from a property bag, whatever form the value arrived in.</summary>
    internal static decimal? ReadCostUsd(AdditionalPropertiesDictionary? properties) =>
        ReadDecimal(properties, AiGatewayPropertyKeys.CostUsd) is { } cost ? Math.Max(0m, cost) : null;

    /// <summary>Reads a string fact, whatever form the value arrived in.</summary>
    internal static string? ReadString(AdditionalPropertiesDictionary? properties, string key) =>
        properties?.TryGetValue(key, out var value) != true ? null : StringValue(value);

    /// <summary>A string fact's value, whatever form it arrived in.</summary>
    internal static string? StringValue(object? value) => value switch
    {
        string s => s,
        JsonElement { ValueKind: JsonValueKind.String } e => e.GetString(),
        _ => null,
    };

    /// <summary>
    /// Whether the facts on these properties came back through serialization: the client writes them as typed values
    /// (<see cref="AiGatewayPropertyKeys.AnsweredGateway"/> as a <see cref="GatewayKind"/>), so a <see cref="JsonElement"/> means the answer is a replay (for example a cache hit)
    /// rather than a call made now.
    /// </summary>
    internal static bool IsReplayed(AdditionalPropertiesDictionary? properties) =>
        properties?.TryGetValue(AiGatewayPropertyKeys.AnsweredGateway, out var value) == true && value is not GatewayKind;

    private static AdditionalPropertiesDictionary? Properties(ChatResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return response.AdditionalProperties;
    }

    private static AdditionalPropertiesDictionary? Properties(ChatResponseUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        return update.AdditionalProperties;
    }

    private static decimal? ReadDecimal(AdditionalPropertiesDictionary? properties, string key)
    {
        return properties?.TryGetValue(key, out var value) != true ? null : DecimalValue(value);
    }

    /// <summary>A number fact's value, whatever form it arrived in.</summary>
    internal static decimal? DecimalValue(object? value)
    {
        return value switch
        {
            decimal d => d,
            double d when double.IsFinite(d) => (decimal)d,
            float f when float.IsFinite(f) => (decimal)f,
            int i => i,
            long l => l,
            string s when decimal.TryParse(s, NumberStyles.Number, CultureInfo.InvariantCulture, out var parsed) => parsed,
            JsonElement { ValueKind: JsonValueKind.Number } e when e.TryGetDecimal(out var number) => number,
            JsonElement { ValueKind: JsonValueKind.String } e when decimal.TryParse(e.GetString(), NumberStyles.Number, CultureInfo.InvariantCulture, out var text) => text,
            _ => null,
        };
    }

    private static TEnum? ReadEnum<TEnum>(AdditionalPropertiesDictionary? properties, string key)
        where TEnum : struct, Enum
    {
        if (properties?.TryGetValue(key, out var value) != true)
        {
            return null;
        }

        return value switch
        {
            TEnum typed => typed,
            string s when Enum.TryParse<TEnum>(s, ignoreCase: true, out var named) => named,
            JsonElement { ValueKind: JsonValueKind.String } e when Enum.TryParse<TEnum>(e.GetString(), ignoreCase: true, out var named) => named,
            JsonElement { ValueKind: JsonValueKind.Number } e when e.TryGetInt32(out var number) && Enum.IsDefined(typeof(TEnum), number) => (TEnum)Enum.ToObject(typeof(TEnum), number),
            _ => null,
        };
    }
}
