using AiGateway.Client.Middleware.Failover;
using Microsoft.Extensions.AI;

namespace AiGateway.Client.Tests.Middleware.Failover;

/// <summary>A failover client that keeps every routing update it is given (the hook a subclass overrides).</summary>
public sealed class RecordingFailoverChatClient(IChatClient inner, FailoverOptions options, List<FailoverAttempt>? attempts = null) : GatewayFailoverChatClient(inner, options)
{
    public List<FailoverAttempt> Attempts { get; } = attempts ?? [];

    public List<(FailoverAttempt? Attempt, bool IsTerminal, int TargetCount)> Updates { get; } = [];

    protected override ValueTask OnRoutingUpdateAsync(FailoverContext context, FailoverAttempt? attempt, bool isTerminal, CancellationToken cancellationToken)
    {
        lock (Updates)
        {
            Updates.Add((attempt, isTerminal, context.Targets.Count));
            if (attempt is not null)
            {
                Attempts.Add(attempt);
            }
        }

        return default;
    }
}
