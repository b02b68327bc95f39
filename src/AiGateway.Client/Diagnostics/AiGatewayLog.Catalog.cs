using Microsoft.Extensions.Logging;

namespace AiGateway.Client.Diagnostics;

/// <summary>Log lines of the model catalog (event ids 80-99).</summary>
internal static partial class AiGatewayLog
{
    [LoggerMessage(80, LogLevel.Information, "Refreshed the model catalog from {Gateway} ({Endpoint}): {Listed} models listed, {Added} new, {Updated} updated, {Disabled} disabled.")]
    public static partial void CatalogRefreshed(ILogger logger, string gateway, Uri endpoint, int listed, int added, int updated, int disabled);

    [LoggerMessage(81, LogLevel.Warning, "Could not refresh the model catalog from {Gateway} ({Endpoint}): {Reason} The catalog is unchanged and calls go on with what it knows.")]
    public static partial void CatalogRefreshFailed(ILogger logger, string gateway, Uri endpoint, string reason);

    [LoggerMessage(82, LogLevel.Debug, "Model catalog refresh from {Gateway} skipped: its list was fetched {Age} ago, within the refresh TTL of {Ttl}.")]
    public static partial void CatalogRefreshSkipped(ILogger logger, string gateway, TimeSpan age, TimeSpan ttl);

    [LoggerMessage(83, LogLevel.Debug, "{Gateway} has no models endpoint; the model catalog was not refreshed.")]
    public static partial void CatalogNoModelsEndpoint(ILogger logger, string gateway);

    [LoggerMessage(84, LogLevel.Debug, "Model catalog refresh from {Gateway} skipped entry '{ModelId}': {Reason}.")]
    public static partial void CatalogEntrySkipped(ILogger logger, string gateway, string modelId, string reason);
}
