using AiGateway.Client.Routing;
using Microsoft.Extensions.Logging;

namespace AiGateway.Client.Dialects;

/// <summary>Everything a dialect reader needs for one call.</summary>
internal sealed class DialectResponseContext(Route route, ILogger logger, TimeProvider timeProvider)
{
    public Route Route { get; } = route;

    public ILogger Logger { get; } = logger;

    public TimeProvider TimeProvider { get; } = timeProvider;
}
