using System.Text.Json;
using AiGateway.Client.Gateways;
using AiGateway.Client.Routing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace AiGateway.Client.Dialects;

/// <summary>Everything a dialect writer needs for one call.</summary>
internal sealed class DialectRequest
{
    // Created by the first AddHeader: most requests ask for none.
    private List<KeyValuePair<string, string>>? _headers;

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

    /// <summary>Gets the headers the dialect writer asks for (for example Anthropic's <c>anthropic-beta</c> for a beta tool); empty when none.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers => (IReadOnlyList<KeyValuePair<string, string>>?)_headers ?? [];

    /// <summary>
    /// Asks for a header on this request. A name asked for twice gets its values joined with commas (the form
    /// <c>anthropic-beta</c> takes several betas in); a value already present is not repeated.
    /// </summary>
    public void AddHeader(string name, string value)
    {
        _headers ??= [];
        for (var i = 0; i < _headers.Count; i++)
        {
            if (string.Equals(_headers[i].Key, name, StringComparison.OrdinalIgnoreCase))
            {
                var values = _headers[i].Value.Split(',', StringSplitOptions.TrimEntries);
                if (!values.Contains(value, StringComparer.Ordinal))
                {
                    _headers[i] = new(name, _headers[i].Value + "," + value);
                }

                return;
            }
        }

        _headers.Add(new(name, value));
    }

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
