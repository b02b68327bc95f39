namespace AiGateway.Client.Gateways;

/// <summary>
/// Neon's error quirk (docs/gateways.md, Neon): a 429 without <c>Retry-After</c> is a limit that lasts until it is
/// resolved in the Neon console, so it is not retried; with <c>Retry-After</c> it is an ordinary rate limit. Neon's
/// flat error envelope (<c>{"error_code","message"}</c>) is read by <see cref="Errors.ErrorResponseReader"/> with the others.
/// </summary>
internal static class NeonErrors
{
    /// <summary>The hint for a 429 without <c>Retry-After</c>.</summary>
    public const string RateLimitWithoutRetryAfterHint = "Neon sent no Retry-After: this limit lasts until it is resolved in the Neon console. Not retried.";

    /// <summary>Tells whether a Neon 429 is worth retrying: only when Neon said when.</summary>
    public static bool IsRateLimitTransient(TimeSpan? retryAfter) => retryAfter is not null;
}
