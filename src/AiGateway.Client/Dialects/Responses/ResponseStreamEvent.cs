using AiGateway.Client.Dialects.Json;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace AiGateway.Client.Dialects.Responses;

/// <summary>
/// One streamed event. Delta events are filled by <see cref="ResponseStreamEventParser"/>'s fast path (only the
/// fields below that matter); the others are deserialized with <see cref="ResponsesJsonContext"/>.
/// </summary>
internal sealed class ResponseStreamEvent
{
    /// <summary>Gets or sets what the event is (set by the parser, not read from JSON).</summary>
    [JsonIgnore]
    public ResponseStreamEventKind Kind { get; set; }

    public string? Type { get; set; }

    public ResponseObject? Response { get; set; }

    /// <summary>Gets or sets <c>provider_metadata</c> when a gateway puts it on the event itself.</summary>
    public GatewayProviderMetadata? ProviderMetadata { get; set; }

    public ResponseOutputItem? Item { get; set; }

    public int? OutputIndex { get; set; }

    public int? SummaryIndex { get; set; }

    public string? Delta { get; set; }

    public string? Arguments { get; set; }

    public string? Refusal { get; set; }

    /// <summary>Gets or sets the nested error of an <c>error</c> event (<c>{"type":"error","error":{…}}</c>).</summary>
    public ResponseError? Error { get; set; }

    /// <summary>Gets or sets the code of a flat <c>error</c> event (<c>{"type":"error","code","message","param"}</c>).</summary>
    public JsonElement? Code { get; set; }

    /// <summary>Gets or sets the message of a flat <c>error</c> event.</summary>
    public string? Message { get; set; }
}
