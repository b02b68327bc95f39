using Polly;

namespace AiGateway.Client.Middleware.Failover;

/// <summary>One target of a request: what the caller sees, its breaker identity, and whether it is the request's own.</summary>
internal sealed record ResolvedFailoverTarget(FailoverTarget Target, FailoverTargetKey Key, bool IsRequested)
{
    /// <summary>
    /// Gets or sets the target's pipeline once <see cref="FailoverPipelines.For"/> found it: the resolver reuses a
    /// request's target list for the next request to the same model, so later calls skip the lookup by key (hashing
    /// its strings case-insensitively). Always the same instance for a key, so a race only looks it up twice.
    /// </summary>
    public ResiliencePipeline? Pipeline { get; set; }
}
