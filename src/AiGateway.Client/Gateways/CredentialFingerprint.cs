namespace AiGateway.Client.Gateways;

/// <summary>Where a credential comes from and a short, non-reversible fingerprint of its value: never the value.</summary>
public sealed class CredentialFingerprint
{
    internal CredentialFingerprint(string source, string fingerprint)
    {
        Source = source;
        Fingerprint = fingerprint;
    }

    /// <summary>Gets the variable or option the credential is read from, for example <c>NETLIFY_AI_GATEWAY_KEY</c>.</summary>
    public string Source { get; }

    /// <summary>Gets the fingerprint (<c>sha256:1a2b3c4d, 40 chars</c>), or <c>(not set)</c>.</summary>
    public string Fingerprint { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Source} ({Fingerprint})";
}
