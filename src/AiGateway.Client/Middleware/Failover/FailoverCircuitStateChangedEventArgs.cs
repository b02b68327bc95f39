namespace AiGateway.Client.Middleware.Failover;

/// <summary>Says that a target's circuit breaker changed state (see <see cref="GatewayFailoverChatClient.CircuitStateChanged"/>).</summary>
public sealed class FailoverCircuitStateChangedEventArgs : EventArgs
{
    /// <summary>Creates the arguments.</summary>
    /// <param name="target">The target, with its model and gateway resolved where they were known.</param>
    /// <param name="state">The new state.</param>
    /// <param name="breakDuration">How long the circuit stays open, when it opened.</param>
    /// <param name="lastException">The failure that opened the circuit, when it opened.</param>
    public FailoverCircuitStateChangedEventArgs(FailoverTarget target, FailoverCircuitState state, TimeSpan? breakDuration, Exception? lastException)
    {
        ArgumentNullException.ThrowIfNull(target);
        Target = target;
        State = state;
        BreakDuration = breakDuration;
        LastException = lastException;
    }

    /// <summary>Gets the target.</summary>
    public FailoverTarget Target { get; }

    /// <summary>Gets the new state.</summary>
    public FailoverCircuitState State { get; }

    /// <summary>Gets how long the circuit stays open, when it opened.</summary>
    public TimeSpan? BreakDuration { get; }

    /// <summary>Gets the failure that opened the circuit, when it opened.</summary>
    public Exception? LastException { get; }
}
