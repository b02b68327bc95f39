namespace AiGateway.Client.Gateways;

/// <summary>
/// One gateway's detection: reads that gateway's variables (and the explicit options when they name it) and adds its
/// <see cref="GatewayCandidate"/> to the shared <see cref="GatewayDetectionContext"/>, with its warnings, shadowing
/// and hints. <see cref="GatewayDetector"/> runs the detectors in a fixed order.
/// </summary>
internal interface IGatewayDetector
{
    /// <summary>Gets the gateway this detector finds.</summary>
    GatewayKind Kind { get; }

    /// <summary>Looks for the gateway; adds a candidate when any of its variables is set, or always when <paramref name="isExplicit"/>.</summary>
    /// <param name="context">The run's shared state.</param>
    /// <param name="isExplicit">Whether the explicit options name this gateway.</param>
    void Detect(GatewayDetectionContext context, bool isExplicit);
}
