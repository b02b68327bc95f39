using AiGateway.Client.Routing;
using Microsoft.Extensions.Logging;

namespace AiGateway.Client.Dialects;

/// <summary>Everything a dialect reader needs for one call.</summary>
internal sealed class DialectResponseContext(Route route, ILogger logger, TimeProvider timeProvider)
{
    public Route Route { get; } = route;

    public ILogger Logger { get; } = logger;

    public TimeProvider TimeProvider { get; } = timeProvider;

    /// <summary>
    /// Gets a value indicating whether streamed updates carry the wire event they came from as
    /// <see cref="Microsoft.Extensions.AI.ChatResponseUpdate.RawRepresentation"/> (off by default: keeping every event
    /// costs allocation and GC retention on every chunk).
    /// </summary>
    public bool IncludeRawRepresentation { get; init; }
}
