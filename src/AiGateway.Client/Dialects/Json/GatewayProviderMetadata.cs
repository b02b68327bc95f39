using System.Globalization;
using System.Text.Json;

namespace AiGateway.Client.Dialects.Json;

/// <summary>
/// <c>provider_metadata</c>, which Vercel's AI Gateway adds to an answer: <c>gateway.cost</c> is the cost of the call
/// in USD as a decimal string. Read on the Responses and Messages answers (whole, and on the stream's final events)
/// as the Chat Completions parser reads it on the message; where a gateway puts it is not documented, so it is read
/// defensively: an unreadable value is ignored and the catalog prices are used instead.
/// </summary>
internal sealed class GatewayProviderMetadata
{
    /// <summary>Gets or sets the gateway's own block.</summary>
    public GatewayMetadata? Gateway { get; set; }

    /// <summary>Gets the reported cost in USD, or <see langword="null"/> when absent or unreadable.</summary>
    public decimal? Cost => ReadDecimal(Gateway?.Cost);

    /// <summary>Reads a cost given as a decimal string (Vercel) or a JSON number (OpenRouter-style <c>usage.cost</c>).</summary>
    public static decimal? ReadDecimal(JsonElement? value) => value switch
    {
        { ValueKind: JsonValueKind.String } s when decimal.TryParse(s.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) && parsed >= 0 => parsed,
        { ValueKind: JsonValueKind.Number } n when n.TryGetDecimal(out var number) && number >= 0 => number,
        _ => null,
    };
}
