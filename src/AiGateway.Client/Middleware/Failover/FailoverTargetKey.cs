namespace AiGateway.Client.Middleware.Failover;

/// <summary>A target's identity for its circuit breaker: canonical model id (lower case) and gateway.</summary>
internal readonly record struct FailoverTargetKey(string Model, GatewayKind? Gateway);
