using System.Globalization;
using System.Text;

namespace AiGateway.Client;

/// <summary>
/// What gateway detection found, in a form that is safe to print or log: the chosen gateway, every detected gateway
/// with the variables it came from and credential fingerprints (never values), each dialect's base URL, what is
/// missing, what shadows what, and hints. Produced by <see cref="GatewayEnvironment.Diagnose()"/> and
/// <see cref="GatewayEnvironment.Diagnose(AiGatewayOptions)"/>.
/// </summary>
public sealed class GatewayDiagnosis
{
    internal GatewayDiagnosis(
        string environmentDescription,
        IReadOnlyList<GatewayReport> gateways,
        IReadOnlyList<string> errors,
        IReadOnlyList<string> warnings,
        IReadOnlyList<string> shadowing,
        IReadOnlyList<string> hints,
        bool nothingConfigured = false)
    {
        NothingConfigured = nothingConfigured;
        EnvironmentDescription = environmentDescription;
        Gateways = gateways;
        Errors = errors;
        Warnings = warnings;
        Shadowing = shadowing;
        Hints = hints;
    }

    /// <summary>Gets where the variables were read from (for example <c>process environment</c>); never their values.</summary>
    public string EnvironmentDescription { get; }

    /// <summary>Gets the kind of the chosen (primary) gateway, or <see langword="null"/> when none can be used.</summary>
    public GatewayKind? Chosen => Errors.Count == 0 ? Gateways.FirstOrDefault(g => g.IsPrimary)?.Kind : null;

    /// <summary>Gets every usable gateway, primary first; the rest are failover targets.</summary>
    public IReadOnlyList<GatewayReport> Gateways { get; }

    /// <summary>Gets the problems that stop the client from being created, each naming the variable or option and the fix.</summary>
    public IReadOnlyList<string> Errors { get; }

    /// <summary>Gets problems the client works around (a gateway left out, a value ignored).</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>Gets which settings hide which (for example a user-set <c>OPENAI_API_KEY</c> stopping Netlify's injection).</summary>
    public IReadOnlyList<string> Shadowing { get; }

    /// <summary>Gets advice that does not depend on a problem (for example Netlify's first-deploy requirement).</summary>
    public IReadOnlyList<string> Hints { get; }

    /// <summary>
    /// Gets a value indicating whether no gateway variable or option was found at all (as opposed to one that is set
    /// but broken). Tools can fall back to an offline fake in this case without hiding a misconfiguration.
    /// </summary>
    public bool NothingConfigured { get; }

    /// <summary>Gets a value indicating whether a client can be created from this environment.</summary>
    public bool IsUsable => Chosen is not null;

    /// <inheritdoc />
    public override string ToString()
    {
        var builder = new StringBuilder();
        builder.Append("AI gateway diagnosis (").Append(EnvironmentDescription).AppendLine(")");
        var primary = Gateways.FirstOrDefault(g => g.IsPrimary);
        builder.Append("Chosen: ").AppendLine(Chosen is not null && primary is not null ? $"{primary.Name} ({primary.Kind})" : "none");
        if (Gateways.Count > 0)
        {
            builder.AppendLine("Gateways (primary first; the rest are failover targets):");
            for (var i = 0; i < Gateways.Count; i++)
            {
                Gateways[i].AppendTo(builder, string.Create(CultureInfo.InvariantCulture, $"  {i + 1}. "));
            }
        }

        AppendList(builder, "Errors", Errors);
        AppendList(builder, "Warnings", Warnings);
        AppendList(builder, "Shadowing", Shadowing);
        AppendList(builder, "Hints", Hints);
        return builder.ToString().TrimEnd();
    }

    private static void AppendList(StringBuilder builder, string title, IReadOnlyList<string> items)
    {
        if (items.Count == 0)
        {
            return;
        }

        builder.Append(title).AppendLine(":");
        foreach (var item in items)
        {
            builder.Append("  - ").AppendLine(item);
        }
    }
}
