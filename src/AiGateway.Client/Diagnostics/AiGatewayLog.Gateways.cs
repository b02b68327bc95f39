using Microsoft.Extensions.Logging;

namespace AiGateway.Client.Diagnostics;

/// <summary>Gateway detection's log lines (event ids 60-79). Names and URLs only: never a key or token.</summary>
internal static partial class AiGatewayLog
{
    [LoggerMessage(60, LogLevel.Information, "Using {Gateway} (from {Sources}); other detected gateways (failover targets): {Others}.")]
    public static partial void GatewayChosen(ILogger logger, string gateway, string sources, string others);

    [LoggerMessage(61, LogLevel.Warning, "AI gateway configuration: {Warning}")]
    public static partial void GatewayWarning(ILogger logger, string warning);

    [LoggerMessage(62, LogLevel.Debug, "Read {Count} variables from {Files} (process variables win over them).")]
    public static partial void DotEnvLoaded(ILogger logger, int count, string files);

    [LoggerMessage(63, LogLevel.Debug, "Request options {Keys} are for another gateway than {Gateway}, which this call goes to, so they are ignored.")]
    public static partial void GatewayOptionsIgnored(ILogger logger, string keys, string gateway);
}
