namespace AiGateway.Client.Tests.EndToEnd;

/// <summary>
/// Distinctive fake secrets for the leak sweep, one per credential variable. They deliberately have none of the key
/// shapes the redaction patterns know (<c>sk-</c>, <c>nt_live_</c>, <c>aig_</c>, JWTs…), so only real
/// non-disclosure passes, not pattern matching. Each ends in a unique suffix that is checked on its own too, so a
/// partly masked secret (<c>s3cr3t-n***Q1w2E3</c>) still counts as a leak.
/// </summary>
internal static class SweepSecrets
{
    public const string NetlifyKey = "s3cr3t-netlify-Q1w2E3";
    public const string VercelKey = "s3cr3t-vercel-R4t5Y6";
    public const string VercelOidc = "s3cr3t-oidc-U7i8O9";
    public const string NeonToken = "s3cr3t-neon-P0a1S2";
    public const string NeonLegacyKey = "s3cr3t-neonold-D3f4G5";
    public const string RebyteKey = "s3cr3t-rebyte-H6j7K8";
    public const string CloudflareToken = "s3cr3t-cfaig-L9z0X1";
    public const string CloudflareApiToken = "s3cr3t-cfapi-C2v3B4";
    public const string OpenAIKey = "s3cr3t-openai-N5m6Q7";
    public const string AnthropicKey = "s3cr3t-anthropic-W8e9R0";
    public const string GeminiKey = "s3cr3t-gemini-T1y2U3";
    public const string GoogleKey = "s3cr3t-google-I4o5P6";
    public const string OptionKey = "s3cr3t-option-A7s8D9";
    public const string UrlPassword = "s3cr3t-urlpass-F0g1H2";

    public static readonly IReadOnlyDictionary<string, string> ByName = new Dictionary<string, string>
    {
        [nameof(NetlifyKey)] = NetlifyKey,
        [nameof(VercelKey)] = VercelKey,
        [nameof(VercelOidc)] = VercelOidc,
        [nameof(NeonToken)] = NeonToken,
        [nameof(NeonLegacyKey)] = NeonLegacyKey,
        [nameof(RebyteKey)] = RebyteKey,
        [nameof(CloudflareToken)] = CloudflareToken,
        [nameof(CloudflareApiToken)] = CloudflareApiToken,
        [nameof(OpenAIKey)] = OpenAIKey,
        [nameof(AnthropicKey)] = AnthropicKey,
        [nameof(GeminiKey)] = GeminiKey,
        [nameof(GoogleKey)] = GoogleKey,
        [nameof(OptionKey)] = OptionKey,
        [nameof(UrlPassword)] = UrlPassword,
    };

    /// <summary>
    /// Every secret (by variable name) that appears in <paramref name="texts"/>, each with where it was found and the
    /// text with every secret replaced by its name, so a failing test never prints a secret either.
    /// </summary>
    public static IReadOnlyList<string> FindLeaks(IEnumerable<(string Where, string Text)> texts)
    {
        var leaks = new List<string>();
        foreach (var (where, text) in texts)
        {
            foreach (var (name, secret) in ByName)
            {
                if (text.Contains(secret, StringComparison.Ordinal) || text.Contains(secret[^6..], StringComparison.Ordinal))
                {
                    leaks.Add($"{name} leaked in {where}: {Mask(text)}");
                }
            }
        }

        return leaks;
    }

    /// <summary>Replaces every secret (and its suffix) by its name.</summary>
    public static string Mask(string text)
    {
        foreach (var (name, secret) in ByName)
        {
            text = text.Replace(secret, $"<{name}>", StringComparison.Ordinal).Replace(secret[^6..], $"<{name}-suffix>", StringComparison.Ordinal);
        }

        return text;
    }
}
