using AiGateway.Client.Dialects.Json;

namespace AiGateway.Client.Dialects.Responses;

/// <summary>
/// The Responses API <c>response</c> object: the body of a non-streaming call and the <c>response</c> of the
/// <c>response.created</c>/<c>.completed</c>/<c>.incomplete</c>/<c>.failed</c> stream events. Only the fields the
/// reader maps are declared; everything else is ignored.
/// See https://platform.openai.com/docs/api-reference/responses/object.
/// </summary>
internal sealed class ResponseObject
{
    public string? Id { get; set; }

    /// <summary>Gets or sets the creation time in Unix seconds (a double: some compatible servers send fractions).</summary>
    public double? CreatedAt { get; set; }

    /// <summary>Gets or sets <c>completed</c>, <c>incomplete</c>, <c>failed</c>, <c>in_progress</c>, <c>cancelled</c> or <c>queued</c>.</summary>
    public string? Status { get; set; }

    public string? Model { get; set; }

    public ResponseError? Error { get; set; }

    public ResponseIncompleteDetails? IncompleteDetails { get; set; }

    public List<ResponseOutputItem>? Output { get; set; }

    public ResponseUsage? Usage { get; set; }

    /// <summary>Gets or sets <c>provider_metadata</c> (Vercel: <c>gateway.cost</c>).</summary>
    public GatewayProviderMetadata? ProviderMetadata { get; set; }
}
