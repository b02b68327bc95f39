using System.Globalization;
using System.Text;
using AiGateway.Client.Gateways;

namespace AiGateway.Client;

/// <summary>One detected gateway in a <see cref="GatewayDiagnosis"/>: where it came from and what it can do. Holds no secret.</summary>
public sealed class GatewayReport
{
    internal GatewayReport(
        GatewayProfile profile,
        bool isPrimary,
        IReadOnlyList<string> missing,
        IReadOnlyList<string> notes)
    {
        Kind = profile.Kind;
        Name = profile.Name;
        IsPrimary = isPrimary;
        BaseUri = profile.BaseUri;
        Sources = profile.Sources;
        Credentials = profile.Credentials.Select(c => new CredentialFingerprint(c.Source, c.Fingerprint)).ToArray();
        Endpoints = profile.DialectBaseUris;
        Missing = missing;
        Notes = notes;
    }

    /// <summary>Gets the gateway kind.</summary>
    public GatewayKind Kind { get; }

    /// <summary>Gets the gateway's name.</summary>
    public string Name { get; }

    /// <summary>Gets a value indicating whether calls go here unless a request names another gateway.</summary>
    public bool IsPrimary { get; }

    /// <summary>Gets the gateway's root URI.</summary>
    public Uri BaseUri { get; }

    /// <summary>Gets the names of the variables or options it was built from.</summary>
    public IReadOnlyList<string> Sources { get; }

    /// <summary>Gets the credentials it sends, as fingerprints.</summary>
    public IReadOnlyList<CredentialFingerprint> Credentials { get; }

    /// <summary>Gets the base URL of each dialect it serves.</summary>
    public IReadOnlyDictionary<ChatDialect, Uri> Endpoints { get; }

    /// <summary>Gets what is missing for it to serve everything it could (for example a provider key).</summary>
    public IReadOnlyList<string> Missing { get; }

    /// <summary>Gets gateway-specific notes and hints.</summary>
    public IReadOnlyList<string> Notes { get; }

    /// <inheritdoc />
    public override string ToString()
    {
        var builder = new StringBuilder();
        AppendTo(builder, indent: string.Empty);
        return builder.ToString().TrimEnd();
    }

    internal void AppendTo(StringBuilder builder, string indent)
    {
        builder.Append(indent).Append(Name).Append(" (").Append(Kind).Append(')');
        if (IsPrimary)
        {
            builder.Append(" [primary]");
        }

        builder.AppendLine();
        var inner = new string(' ', indent.Length + 2);
        if (Sources.Count > 0)
        {
            builder.Append(inner).Append("from: ").AppendLine(string.Join(", ", Sources));
        }

        foreach (var credential in Credentials)
        {
            builder.Append(inner).Append("credential: ").AppendLine(credential.ToString());
        }

        foreach (var (dialect, uri) in Endpoints.OrderBy(e => e.Key))
        {
            builder.Append(inner).Append(CultureInfo.InvariantCulture, $"{dialect}: ").AppendLine(GatewayUri.Display(uri));
        }

        foreach (var missing in Missing)
        {
            builder.Append(inner).Append("missing: ").AppendLine(missing);
        }

        foreach (var note in Notes)
        {
            builder.Append(inner).Append("note: ").AppendLine(note);
        }
    }
}
