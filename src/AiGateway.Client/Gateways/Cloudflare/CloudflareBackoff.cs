namespace AiGateway.Client;

/// <summary>
/// How Cloudflare AI Gateway spaces its own retries of a request (<c>cf-aig-backoff</c>), set with
/// <see cref="CloudflareChatOptionsExtensions.WithCloudflareRetries"/>.
/// </summary>
public enum CloudflareBackoff
{
    /// <summary>The same delay before every retry (<c>constant</c>).</summary>
    Constant,

    /// <summary>A delay that grows by the base delay each retry (<c>linear</c>).</summary>
    Linear,

    /// <summary>A delay that doubles each retry (<c>exponential</c>).</summary>
    Exponential,
}
