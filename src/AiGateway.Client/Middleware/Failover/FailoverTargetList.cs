using System.Collections.ObjectModel;

namespace AiGateway.Client.Middleware.Failover;

/// <summary>A request's targets in the order they are tried, and the read-only view of them the routing hook sees. Immutable, so requests alike share one.</summary>
internal sealed class FailoverTargetList
{
    public FailoverTargetList(ResolvedFailoverTarget[] targets)
    {
        Items = targets;
        var targetsSeen = new FailoverTarget[targets.Length];
        for (var i = 0; i < targets.Length; i++)
        {
            targetsSeen[i] = targets[i].Target;
        }

        Public = new ReadOnlyCollection<FailoverTarget>(targetsSeen);
    }

    public ResolvedFailoverTarget[] Items { get; }

    public IReadOnlyList<FailoverTarget> Public { get; }
}
