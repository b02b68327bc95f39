using AiGateway.Client.Diagnostics;
using AiGateway.Client.Routing;

namespace AiGateway.Client.Errors;

/// <summary>
/// Builds the <see cref="MalformedResponseException"/> every dialect reader throws for a body or stream it cannot
/// understand, or a stream cut short before its terminal event: one wording and one set of details for all four.
/// </summary>
internal static class MalformedResponse
{
    /// <summary>Builds the exception for a stream or body the dialect reader cannot understand.</summary>
    public static MalformedResponseException Create(Route route, string what, Exception? inner = null) =>
        (MalformedResponseException)new MalformedResponseException(
            $"{route.Gateway.Name} sent a {route.Dialect} response for model '{route.WireModelId}' that could not be read: {SecretRedactor.Redact(what, route.Gateway)}",
            inner).SetDetails(route.Gateway.Kind, route.Dialect, null, null, null, null, null, route.Model.Id, isTransient: false);

    /// <summary>Builds the exception for a stream that ended before its terminal event.</summary>
    public static MalformedResponseException Truncated(Route route, string missing) =>
        Create(route, $"the stream ended before {missing}. The answer is incomplete (a proxy or the connection cut it short); retry the call.");
}
