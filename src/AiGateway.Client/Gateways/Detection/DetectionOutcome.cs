namespace AiGateway.Client.Gateways;

/// <summary>Everything one detection run found, kept so a <see cref="GatewayDiagnosis"/> can be made from it later.</summary>
internal sealed class DetectionOutcome
{
    public required string EnvironmentDescription { get; init; }

    /// <summary>All candidates in precedence order (explicit first).</summary>
    public required IReadOnlyList<GatewayCandidate> Candidates { get; init; }

    /// <summary>Why no client can be created, or <see langword="null"/>.</summary>
    public string? FatalError { get; init; }

    public required IReadOnlyList<string> Warnings { get; init; }

    public required IReadOnlyList<string> Shadowing { get; init; }

    public required IReadOnlyList<string> Hints { get; init; }

    public IReadOnlyList<GatewayProfile> Profiles => FatalError is null
        ? Candidates.Where(c => c.IsUsable).Select(c => c.Profile!).ToArray()
        : [];

    public GatewayDiagnosis ToDiagnosis()
    {
        // Usable gateways are listed even when the primary is broken, so the reader sees what else was found.
        var usable = Candidates.Where(c => c.IsUsable).ToArray();
        var reports = usable.Select((c, i) => new GatewayReport(c.Profile!, FatalError is null && i == 0, c.Missing.ToArray(), c.Notes.ToArray())).ToArray();
        return new GatewayDiagnosis(
            EnvironmentDescription,
            reports,
            FatalError is null ? [] : [FatalError],
            Warnings,
            Shadowing,
            Hints,
            nothingConfigured: Candidates.Count == 0);
    }
}
