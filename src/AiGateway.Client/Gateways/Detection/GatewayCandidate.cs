namespace AiGateway.Client.Gateways;

/// <summary>A gateway whose variables were found: a usable profile, or the error that stops it.</summary>
internal sealed class GatewayCandidate(GatewayKind kind, int rank, bool isExplicit)
{
    public GatewayKind Kind { get; } = kind;

    /// <summary>Precedence: lower wins; explicit options beat every rank.</summary>
    public int Rank { get; } = rank;

    public bool IsExplicit { get; } = isExplicit;

    public GatewayProfile? Profile { get; set; }

    /// <summary>Why the gateway cannot be used: names the variable and the fix, never a secret.</summary>
    public string? Error { get; set; }

    public List<string> Missing { get; } = [];

    public List<string> Notes { get; } = [];

    public bool IsUsable => Profile is not null && Error is null;

    /// <summary>Records the first error (later ones are usually consequences of it).</summary>
    public void Fail(string error) => Error ??= error;
}
