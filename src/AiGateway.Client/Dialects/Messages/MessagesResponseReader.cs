using System.Text.Json;
using AiGateway.Client.Dialects.Json;
using AiGateway.Client.Errors;
using Microsoft.Extensions.AI;

namespace AiGateway.Client.Dialects.Messages;

/// <summary>Reads a non-streaming Messages answer (https://docs.claude.com/en/api/messages) into a <see cref="ChatResponse"/>.</summary>
internal static class MessagesResponseReader
{
    public static ChatResponse Read(ReadOnlySpan<byte> body, DialectResponseContext context)
    {
        var message = JsonSerializer.Deserialize(body, MessagesJsonContext.Default.MessagesResponse)
            ?? throw MalformedResponse.Create(context.Route, "the body is JSON null instead of a message object.");
        if (message.Type == "error" || (message.Error is not null && message.Content is null))
        {
            // Some proxies answer 200 with Anthropic's error envelope.
            throw ErrorResponseReader.FromStreamError(message.Error?.Type, message.Error?.Message, null, context.Route);
        }

        if (message.Content is null && message.Id is null)
        {
            throw MalformedResponse.Create(context.Route, "the body has neither 'id' nor 'content'; it is not a Messages API message.");
        }

        var contents = new List<AIContent>(message.Content?.Count ?? 0);
        foreach (var block in message.Content ?? [])
        {
            if (ToContent(block) is { } content)
            {
                contents.Add(content);
            }
        }

        var assistant = new ChatMessage(ChatRole.Assistant, contents) { MessageId = message.Id };
        var properties = MessagesResponseMapper.StopProperties(message.StopReason, message.StopSequence);
        if ((message.ProviderMetadata?.Cost ?? GatewayProviderMetadata.ReadDecimal(message.Usage?.Cost)) is { } cost)
        {
            // The gateway's own figure (Vercel's provider_metadata.gateway.cost) wins over usage.cost, as in Chat Completions.
            (properties ??= [])[AiGatewayPropertyKeys.CostUsd] = cost;
        }

        return new ChatResponse(assistant)
        {
            ResponseId = message.Id,
            ModelId = message.Model,
            FinishReason = MessagesResponseMapper.FinishReason(message.StopReason),
            Usage = MessagesResponseMapper.Usage(message.Usage),
            AdditionalProperties = properties,
            RawRepresentation = message,
        };
    }

    /// <summary>
    /// Maps one block. Web search and code execution blocks (<c>server_tool_use</c>, <c>web_search_tool_result</c>,
    /// <c>bash_code_execution_tool_result</c>, …) become MEAI hosted-tool contents (<see cref="MessagesHostedTools"/>);
    /// other server tools and block types this version does not know stay in the raw representation only.
    /// </summary>
    private static AIContent? ToContent(MessagesContentBlock block) => block.Type switch
    {
        "text" => Text(block),
        "thinking" => WithRaw(MessagesReasoning.FromThinking(block.Thinking, block.Signature), block),
        "redacted_thinking" => WithRaw(MessagesReasoning.FromRedacted(block.Data), block),
        "tool_use" => WithRaw(ToolArguments.CreateCall(block.Id ?? string.Empty, block.Name ?? string.Empty, block.Input), block),
        "server_tool_use" => MessagesHostedTools.FromServerToolUse(block.Id ?? string.Empty, block.Name, block.Input) is { } call ? WithRaw(call, block) : null,
        _ when MessagesHostedTools.IsToolResult(block.Type) => MessagesHostedTools.FromToolResult(block) is { } result ? WithRaw(result, block) : null,
        _ => null,
    };

    private static TextContent Text(MessagesContentBlock block)
    {
        var text = new TextContent(block.Text) { RawRepresentation = block };
        if (block.Citations is { Count: > 0 } citations)
        {
            text.Annotations = [.. citations.Select(MessagesResponseMapper.Citation)];
        }

        return text;
    }

    private static AIContent WithRaw(AIContent content, MessagesContentBlock block)
    {
        content.RawRepresentation = block;
        return content;
    }
}
