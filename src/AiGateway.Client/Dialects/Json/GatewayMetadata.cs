using System.Text.Json;

namespace AiGateway.Client.Dialects.Json;

/// <summary><c>provider_metadata.gateway</c>: what the gateway itself reports about the call.</summary>
internal sealed class GatewayMetadata
{
    /// <summary>Gets or sets <c>cost</c>: USD, a decimal string (kept raw so a malformed value cannot fail the answer).</summary>
    public JsonElement? Cost { get; set; }
}
