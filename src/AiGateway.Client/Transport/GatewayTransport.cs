using System.Net;
using System.Net.Http.Headers;
using AiGateway.Client.Catalog;
using AiGateway.Client.Diagnostics;
using AiGateway.Client.Errors;
using AiGateway.Client.Routing;
using Microsoft.Extensions.Logging;

namespace AiGateway.Client.Transport;

/// <summary>
/// Sends one whole-body (non-streaming) call for the embedding and image generators and maps failures into the
/// <see cref="AiGatewayException"/> family exactly as the chat leaf does: unreachable → transient
/// <see cref="ProviderUnavailableException"/>, HttpClient timeout → 408, an error status → <see cref="ErrorResponseReader"/>.
/// </summary>
internal static class GatewayTransport
{
    public static readonly MediaTypeHeaderValue JsonContentType = new("application/json") { CharSet = "utf-8" };
    public static readonly MediaTypeWithQualityHeaderValue AcceptJson = new("application/json");

    /// <summary>Sends <paramref name="request"/> and returns the body of a successful answer.</summary>
    public static async Task<byte[]> SendAsync(
        HttpClient httpClient, HttpRequestMessage request, Route route, IModelCatalog catalog, TimeProvider timeProvider, ILogger logger, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await httpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new ProviderUnavailableException(
                $"Could not reach {route.Gateway.Name} at {route.Endpoint.GetLeftPart(UriPartial.Authority)}: {SecretRedactor.Redact(ex.Message)} Check the network and the gateway base URL.",
                ex).SetDetails(route.Gateway.Kind, route.Dialect, null, null, null, null, null, route.Model.Id, isTransient: true);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ProviderUnavailableException(
                $"{route.Gateway.Name} did not answer within the HTTP client's timeout ({httpClient.Timeout.TotalSeconds:0}s) for model '{route.WireModelId}'.",
                ex).SetDetails(route.Gateway.Kind, route.Dialect, HttpStatusCode.RequestTimeout, null, null, null, null, route.Model.Id, isTransient: true);
        }

        using (response)
        {
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                return body;
            }

            var ex = ErrorResponseReader.Create(
                response.StatusCode,
                response.Headers,
                body,
                route,
                timeProvider,
                () => catalog.Suggest(route.Model.IsKnown ? route.Model.Id : route.Model.Aliases.FirstOrDefault() ?? route.WireModelId, route.Gateway.Kind));
            AiGatewayLog.GatewayError(logger, route.Gateway.Name, (int)response.StatusCode, route.WireModelId, ex.ErrorCode);
            throw ex;
        }
    }
}
