using System.Security.Cryptography;
using System.Text;

namespace AiGateway.Client.Gateways;

/// <summary>
/// A secret (API key or token) and where it comes from. The value is read when a request is sent, not when the
/// client is built, so tokens that the platform rotates (Netlify, Vercel OIDC) are never held stale.
/// <see cref="ToString"/> and <see cref="Fingerprint"/> never reveal the value.
/// </summary>
public sealed class GatewayCredential
{
    private readonly Func<string?> _read;

    private GatewayCredential(string source, Func<string?> read)
    {
        Source = source;
        _read = read;
    }

    /// <summary>Gets where the secret comes from: a variable name or an option name. Never the value.</summary>
    public string Source { get; }

    /// <summary>Creates a credential that re-reads <paramref name="variableName"/> from <paramref name="environment"/> on every request.</summary>
    /// <param name="environment">The variable source.</param>
    /// <param name="variableName">The variable that holds the secret.</param>
    /// <returns>The credential.</returns>
    public static GatewayCredential FromVariable(IEnvironmentSource environment, string variableName)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentException.ThrowIfNullOrEmpty(variableName);
        return new GatewayCredential(variableName, () => environment.Get(variableName));
    }

    /// <summary>Creates a credential with a fixed value.</summary>
    /// <param name="value">The secret.</param>
    /// <param name="source">A name for where it came from (for diagnostics), for example <c>AiGatewayOptions.ApiKey</c>.</param>
    /// <returns>The credential.</returns>
    public static GatewayCredential FromValue(string value, string source)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        ArgumentException.ThrowIfNullOrEmpty(source);
        return new GatewayCredential(source, () => value);
    }

    /// <summary>Creates a credential read by a callback on every request (for secrets held in a vault).</summary>
    /// <param name="read">Returns the current secret.</param>
    /// <param name="source">A name for where it comes from (for diagnostics).</param>
    /// <returns>The credential.</returns>
    public static GatewayCredential FromCallback(Func<string?> read, string source)
    {
        ArgumentNullException.ThrowIfNull(read);
        ArgumentException.ThrowIfNullOrEmpty(source);
        return new GatewayCredential(source, read);
    }

    /// <summary>Reads the secret now. Callers must never log or print it.</summary>
    /// <returns>The secret, or <see langword="null"/> when its source is empty.</returns>
    public string? GetSecret() => _read();

    /// <summary>
    /// Gets a short, non-reversible fingerprint of the current value (<c>sha256:1a2b3c4d</c>, length), so two
    /// diagnoses can be compared without showing the secret. <c>(not set)</c> when the source is empty.
    /// </summary>
    public string Fingerprint => Describe(_read());

    /// <summary>Computes the fingerprint of a secret value.</summary>
    /// <param name="secret">The secret.</param>
    /// <returns>The fingerprint.</returns>
    internal static string Describe(string? secret)
    {
        if (string.IsNullOrEmpty(secret))
        {
            return "(not set)";
        }

        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(secret), hash);
        return $"sha256:{Convert.ToHexString(hash[..4]).ToLowerInvariant()}, {secret.Length} chars";
    }

    /// <inheritdoc />
    public override string ToString() => $"{Source} ({Fingerprint})";
}
