using System.Text.Json;
using AiGateway.Client.Errors;
using Microsoft.Extensions.AI;

namespace AiGateway.Client.Dialects.Responses;

/// <summary>Reads a whole (non-streaming) Responses body into a <see cref="ChatResponse"/> with one assistant message.</summary>
internal static class ResponsesResponseReader
{
    public static ChatResponse Read(ReadOnlySpan<byte> body, DialectResponseContext context)
    {
        var response = JsonSerializer.Deserialize(body, ResponsesJsonContext.Default.ResponseObject)
            ?? throw MalformedResponse.Create(context.Route, "the body is JSON null.");

        // A 200 can still carry a failed response (or a gateway's bare error object): report it as the error it is.
        if (response.Status == "failed" || (response.Output is null && response.Error is not null))
        {
            throw ErrorResponseReader.FromStreamError(
                response.Error?.CodeText,
                response.Error?.Message ?? "The response failed without an error message.",
                status: null,
                context.Route);
        }

        if (response.Output is null && response.Id is null)
        {
            throw MalformedResponse.Create(context.Route, "the body has neither 'id' nor 'output'; it is not a Responses API response.");
        }

        var contents = new List<AIContent>();
        var hasFunctionCall = false;
        foreach (var item in response.Output ?? [])
        {
            hasFunctionCall |= ResponsesResponseMapper.AddContents(item, contents);
        }

        var createdAt = ResponsesResponseMapper.ToCreatedAt(response.CreatedAt);
        var (finishReason, rawReason) = ResponsesResponseMapper.ToFinishReason(response, hasFunctionCall);

        // One assistant message per response; its id is the response id, as in the streamed updates.
        var message = new ChatMessage(ChatRole.Assistant, contents)
        {
            MessageId = response.Id,
            CreatedAt = createdAt,
        };
        var properties = rawReason is null ? null : new AdditionalPropertiesDictionary { [DialectPropertyKeys.RawFinishReason] = rawReason };
        if (ResponsesResponseMapper.ToReportedCost(response) is { } cost)
        {
            (properties ??= [])[AiGatewayPropertyKeys.CostUsd] = cost;
        }

        return new ChatResponse(message)
        {
            ResponseId = response.Id,
            ModelId = response.Model,
            CreatedAt = createdAt,
            FinishReason = finishReason,
            Usage = ResponsesResponseMapper.ToUsage(response.Usage),
            RawRepresentation = response,
            AdditionalProperties = properties,
        };
    }
}
