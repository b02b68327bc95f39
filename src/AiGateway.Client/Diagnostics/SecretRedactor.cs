using System.Text.RegularExpressions;
using AiGateway.Client.Gateways;

namespace AiGateway.Client.Diagnostics;

/// <summary>
/// Removes anything that looks like a credential from text that came from outside (provider error messages,
/// non-JSON error bodies) before it goes into an exception or a log line.
/// </summary>
internal static partial class SecretRedactor
{
    public const string Mask = "[REDACTED]";

    /// <summary>Redacts bearer values, JWTs and the key shapes the supported gateways and providers issue.</summary>
    public static string Redact(string text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }

        return SecretPattern().Replace(text, Mask);
    }

    /// <summary>Redacts, and also removes every occurrence of the known secret values.</summary>
    public static string Redact(string text, IEnumerable<string?> knownSecrets)
    {
        var result = Redact(text);
        foreach (var secret in knownSecrets)
        {
            if (!string.IsNullOrEmpty(secret) && secret.Length >= 6)
            {
                result = result.Replace(secret, Mask, StringComparison.Ordinal);
            }
        }

        return result;
    }

    /// <summary>
    /// Redacts, and also removes the current value of every credential <paramref name="gateway"/> sends: gateways and
    /// proxies may quote the key they were given in an error body, and a key of no recognisable shape (a Cloudflare
    /// token, a custom proxy's key) would otherwise pass the patterns.
    /// </summary>
    public static string Redact(string text, GatewayProfile gateway)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }

        var credentials = gateway.Credentials;
        var secrets = new string?[credentials.Count];
        for (var i = 0; i < secrets.Length; i++)
        {
            secrets[i] = credentials[i].GetSecret();
        }

        return Redact(text, secrets);
    }

    // Bearer/Basic values; JWTs (three base64url parts); OpenAI sk-, Anthropic sk-ant-, Neon nt_live_, Rebyte aig_,
    // Google AIza keys, Vercel vck_ keys. Shapes rather than exact formats: over-redaction is harmless here.
    [GeneratedRegex(
        @"(?i:bearer|basic)\s+[A-Za-z0-9._~+/=-]{8,}|eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*|\b(?:sk-(?:ant-)?|nt_live_|nt_test_|aig_|vck_|AIza)[A-Za-z0-9_-]{8,}",
        RegexOptions.CultureInvariant)]
    private static partial Regex SecretPattern();
}
