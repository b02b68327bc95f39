using System.Net.Http.Headers;

namespace AiGateway.Client.Gateways;

/// <summary>Writes the native auth headers of each dialect, and keeps line breaks out of every header value.</summary>
internal static class GatewayHeaders
{
    /// <summary>The Messages API version every Anthropic-dialect request carries (https://docs.anthropic.com/en/api/versioning).</summary>
    public const string AnthropicVersion = "2023-06-01";

    public const string AnthropicVersionHeader = "anthropic-version";
    public const string AnthropicKeyHeader = "x-api-key";
    public const string GoogleKeyHeader = "x-goog-api-key";
    public const string CloudflareAuthorizationHeader = "cf-aig-authorization";
    public const string CloudflareMetadataHeader = "cf-aig-metadata";
    public const string CloudflareCacheStatusHeader = "cf-aig-cache-status";

    /// <summary>
    /// Reads the credential now (rotated tokens are seen on the next request). An empty source or a value with a line
    /// break is a <see cref="GatewayConfigurationException"/> naming the source, never showing the value.
    /// </summary>
    public static string ReadSecret(GatewayCredential credential, string gatewayName)
    {
        var secret = credential.GetSecret()?.Trim();
        if (string.IsNullOrEmpty(secret))
        {
            throw new GatewayConfigurationException(
                $"{gatewayName}: {credential.Source} is empty, so the request cannot be authenticated. Set {credential.Source} in the environment (or the option) and try again.");
        }

        if (HasLineBreak(secret))
        {
            throw new GatewayConfigurationException(
                $"{gatewayName}: {credential.Source} contains a line break, which cannot go into an HTTP header. Remove the line break from {credential.Source} (a .env file with a quoted multi-line value is the usual cause).");
        }

        return secret;
    }

    /// <summary>Reads an optional credential now: <see langword="null"/> when it or its source is empty; a line break still throws.</summary>
    public static string? TryReadSecret(GatewayCredential? credential, string gatewayName) =>
        credential is null || string.IsNullOrWhiteSpace(credential.GetSecret()) ? null : ReadSecret(credential, gatewayName);

    /// <summary>Sets <c>Authorization: Bearer</c> (OpenAI dialects, and every dialect on gateways that only take Bearer).</summary>
    public static void SetBearer(HttpRequestMessage request, string secret) =>
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", secret);

    /// <summary>Sets Anthropic's <c>x-api-key</c> and the version header.</summary>
    public static void SetAnthropicKey(HttpRequestMessage request, string secret)
    {
        Set(request, AnthropicKeyHeader, secret);
        SetAnthropicVersion(request);
    }

    /// <summary>
    /// A gateway that takes one Bearer token on every dialect (Vercel, Neon, Cloudflare's REST API): the token, plus
    /// <c>anthropic-version</c> on Messages as the Anthropic SDK sends it.
    /// </summary>
    public static void SetBearerOnEveryDialect(HttpRequestMessage request, ChatDialect dialect, string secret)
    {
        SetBearer(request, secret);
        if (dialect == ChatDialect.Messages)
        {
            SetAnthropicVersion(request);
        }
    }

    /// <summary>Sets <c>anthropic-version</c> once (replacing one a route may already have added).</summary>
    public static void SetAnthropicVersion(HttpRequestMessage request) => Set(request, AnthropicVersionHeader, AnthropicVersion);

    /// <summary>Sets Google's <c>x-goog-api-key</c>.</summary>
    public static void SetGoogleKey(HttpRequestMessage request, string secret) => Set(request, GoogleKeyHeader, secret);

    /// <summary>Replaces a header's value (no duplicates when a request is prepared twice).</summary>
    public static void Set(HttpRequestMessage request, string name, string value)
    {
        request.Headers.Remove(name);
        request.Headers.TryAddWithoutValidation(name, value);
    }

    /// <summary>Throws an <see cref="ArgumentException"/> when a value meant for a header has a CR or LF.</summary>
    public static void RequireSingleLine(string value, string what, string paramName)
    {
        if (HasLineBreak(value))
        {
            throw new ArgumentException($"{what} contains a line break (CR or LF), which cannot be sent in an HTTP header. Remove the line break.", paramName);
        }
    }

    public static bool HasLineBreak(string value) => value.AsSpan().IndexOfAny('\r', '\n') >= 0;

    /// <summary>Gets Cloudflare's response-cache status (<c>cf-aig-cache-status</c>: HIT or MISS) from a response, or <see langword="null"/>.</summary>
    public static string? CloudflareCacheStatus(HttpResponseMessage response) =>
        response.Headers.TryGetValues(CloudflareCacheStatusHeader, out var values) && values.FirstOrDefault()?.Trim() is { Length: > 0 } status ? status : null;
}
