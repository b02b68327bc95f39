using System.Net;
using AiGateway.Client.Diagnostics;
using AiGateway.Client.Routing;

namespace AiGateway.Client.Errors;

/// <summary>Builds the exception for a whole response body that broke after its headers arrived.</summary>
internal static class BodyBroken
{
    /// <summary>
    /// A reset, an early close or a chunked body cut short, while a whole answer was being read: transient (the same
    /// call may well succeed). <see cref="AiGatewayException.StatusCode"/> stays unset, as for a stream that breaks: a
    /// success status on a failure would read as the cause in logs and on the span (<c>error.type</c>); an error
    /// status is kept by the caller, which classifies an error whose body broke by its status alone.
    /// </summary>
    public static ProviderUnavailableException Create(Route route, HttpStatusCode status, Exception inner) =>
        (ProviderUnavailableException)new ProviderUnavailableException(
            $"The connection to {route.Gateway.Name} closed while the {route.Dialect} answer for model '{route.WireModelId}' was being read (status {(int)status}): {SecretRedactor.Redact(inner.Message, route.Gateway)} The answer is incomplete; retry the call.",
            inner).SetDetails(route.Gateway.Kind, route.Dialect, null, null, null, null, null, route.Model.Id, isTransient: true);
}
