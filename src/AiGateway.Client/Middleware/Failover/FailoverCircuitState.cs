namespace AiGateway.Client.Middleware.Failover;

/// <summary>The state of one target's circuit breaker.</summary>
public enum FailoverCircuitState
{
    /// <summary>Calls go through (also the state of a target never called).</summary>
    Closed,

    /// <summary>The target failed too often and is skipped until its break duration has passed.</summary>
    Open,

    /// <summary>The break has passed; the next call is a trial that closes the circuit on success or opens it again on failure.</summary>
    HalfOpen,

    /// <summary>Held open by hand; the target is skipped until it is released.</summary>
    Isolated,
}
