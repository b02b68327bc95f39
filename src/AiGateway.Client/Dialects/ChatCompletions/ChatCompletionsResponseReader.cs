using AiGateway.Client.Diagnostics;
using AiGateway.Client.Dialects.Json;
using AiGateway.Client.Errors;
using Microsoft.Extensions.AI;

namespace AiGateway.Client.Dialects.ChatCompletions;

/// <summary>Reads a whole (non-streamed) <c>chat.completion</c> body into a <see cref="ChatResponse"/>.</summary>
internal static class ChatCompletionsResponseReader
{
    // The model name of the last response read (any thread): calls to one model repeat it, so it is compared with
    // the next body's instead of allocated again. A stale or racing value only costs that saving.
    private static string? s_lastModel;

    public static ChatResponse Read(ReadOnlySpan<byte> body, DialectResponseContext context)
    {
        var parser = new ChatCompletionsJsonReader(Volatile.Read(ref s_lastModel));
        var completion = parser.Parse(body);
        if (completion.Model is { } model)
        {
            Volatile.Write(ref s_lastModel, model);
        }
        var route = context.Route;
        if (completion.Error is { } error)
        {
            // Some gateways answer 200 with an error object instead of a completion.
            throw ErrorResponseReader.FromStreamError(error.Code ?? error.Type, error.Message, error.Status, route);
        }

        var choice = completion.FirstChoice
            ?? throw MalformedResponse.Create(route, "the response has no choices, so there is no answer in it.");
        if (completion.Choices!.Count > 1)
        {
            AiGatewayLog.ChatCompletionsChoiceIgnored(context.Logger, completion.Choices[1].Index, route.WireModelId);
        }

        List<AIContent>? contents = null;
        decimal? cost = null;
        if (choice.Message is { } message)
        {
            if (ChatCompletionsResponseMapper.AddContents(message, ref contents) is { } refusal)
            {
                (contents ??= []).Add(ChatCompletionsResponseMapper.Refusal(refusal));
            }

            if (message.ToolCalls is { } calls)
            {
                for (var i = 0; i < calls.Count; i++)
                {
                    var call = calls[i];
                    var content = ToolArguments.CreateCall(call.Id ?? $"call_{i}", call.Name ?? string.Empty, call.Arguments);
                    if (call.ExtraContent is { } extraContent)
                    {
                        (content.AdditionalProperties ??= [])[ChatCompletionsPropertyKeys.ExtraContent] = extraContent;
                    }

                    (contents ??= []).Add(content);
                }
            }

            cost = message.GatewayCost;
        }

        var createdAt = ChatCompletionsResponseMapper.ToCreatedAt(completion.Created);
        var response = new ChatResponse(new ChatMessage(ChatRole.Assistant, contents ?? [])
        {
            MessageId = completion.Id,
            CreatedAt = createdAt,
            RawRepresentation = choice,
        })
        {
            ResponseId = completion.Id,
            ModelId = completion.Model,
            CreatedAt = createdAt,
            RawRepresentation = completion,
        };

        if (choice.FinishReason is { } finishReason)
        {
            var (reason, exact) = ChatCompletionsFinishReasons.Map(finishReason);
            response.FinishReason = reason;
            if (!exact)
            {
                (response.AdditionalProperties ??= [])[DialectPropertyKeys.RawFinishReason] = finishReason;
            }
        }

        if (completion.Usage is { } usage)
        {
            response.Usage = ChatCompletionsResponseMapper.ToUsageDetails(usage);
            cost ??= usage.Cost;
        }

        if (cost is { } reported)
        {
            (response.AdditionalProperties ??= [])[AiGatewayPropertyKeys.CostUsd] = reported;
        }
        else if (parser.HadUnreadableCost)
        {
            AiGatewayLog.ChatCompletionsCostUnreadable(context.Logger, route.Gateway.Name);
        }

        return response;
    }
}
