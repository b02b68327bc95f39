using System.Text.Json;
using System.Text.Json.Serialization;

namespace AiGateway.Client.Dialects.Responses;

/// <summary>
/// An error as the Responses API reports it inside a body or a stream: <c>response.error</c> (<c>code</c>,
/// <c>message</c>) and the <c>error</c> event's payload (<c>type</c>, <c>code</c>, <c>message</c>, <c>param</c>).
/// </summary>
internal sealed class ResponseError
{
    public string? Type { get; set; }

    /// <summary>Gets or sets the code: a string at OpenAI, a number at some compatible gateways.</summary>
    public JsonElement? Code { get; set; }

    public string? Message { get; set; }

    /// <summary>Gets the code as text (a number's digits), or the type when there is no code.</summary>
    [JsonIgnore]
    public string? CodeText => TextOf(Code) ?? Type;

    /// <summary>Reads a code that may be a string or a number.</summary>
    public static string? TextOf(JsonElement? code) => code?.ValueKind switch
    {
        JsonValueKind.String => code.Value.GetString(),
        JsonValueKind.Number => code.Value.GetRawText(),
        _ => null,
    };
}
