namespace AiGateway.Client.Middleware.Failover;

/// <summary>One target of a request: what the caller sees, its breaker identity, and whether it is the request's own.</summary>
internal sealed record ResolvedFailoverTarget(FailoverTarget Target, FailoverTargetKey Key, bool IsRequested);
