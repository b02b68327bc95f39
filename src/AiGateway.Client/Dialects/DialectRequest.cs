using System.Text.Json;
using AiGateway.Client.Gateways;
using AiGateway.Client.Routing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace AiGateway.Client.Dialects;

/// <summary>Everything a dialect writer needs for one call.</summary>
internal sealed class DialectRequest
{
    public DialectRequest(IReadOnlyList<ChatMessage> messages, ChatOptions? options, Route route, bool stream, GatewayRequestContext gatewayContext, ILogger logger)
    {
        Messages = messages;
        Options = options;
        Route = route;
        Stream = stream;
        GatewayContext = gatewayContext;
        Logger = logger;
    }

    public IReadOnlyList<ChatMessage> Messages { get; }

    public ChatOptions? Options { get; }

    public Route Route { get; }

    public bool Stream { get; }

    /// <summary>Tags, user and native fallbacks for the gateway.</summary>
    public GatewayRequestContext GatewayContext { get; }

    public ILogger Logger { get; }

    /// <summary>Lets the gateway add its native fields; writers call this just before closing the root object.</summary>
    public void WriteGatewayExtensions(Utf8JsonWriter writer) => Route.Gateway.WriteBodyExtensions(writer, GatewayContext);

    /// <summary>
    /// Tells whether the model accepts <paramref name="parameter"/> (a wire name such as <c>temperature</c>); when it
    /// does not, logs a warning once per call and the writer leaves the field out instead of earning a 400.
    /// </summary>
    public bool Accepts(string parameter)
    {
        if (!Route.Model.UnsupportedParameters.Contains(parameter))
        {
            return true;
        }

        Diagnostics.AiGatewayLog.ParameterDropped(Logger, parameter, Route.Model.Id);
        return false;
    }
}
