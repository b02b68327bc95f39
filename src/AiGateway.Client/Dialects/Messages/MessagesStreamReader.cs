using System.Text.Json;
using AiGateway.Client.Diagnostics;
using AiGateway.Client.Dialects.Json;
using AiGateway.Client.Dialects.Sse;
using AiGateway.Client.Errors;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace AiGateway.Client.Dialects.Messages;

/// <summary>
/// Reads a streamed Messages answer (https://docs.claude.com/en/docs/build-with-claude/streaming) into updates:
/// text and thinking deltas as they come, each tool call once its <c>input_json_delta</c> fragments are complete
/// (at <c>content_block_stop</c>), and a last update with the finish reason and usage at <c>message_stop</c>.
/// <c>message_start</c> yields nothing by itself, so an <c>error</c> event before any content (an overloaded model)
/// still reaches failover before the caller has seen an update. Not thread-safe: one instance per stream.
/// </summary>
internal sealed class MessagesStreamReader
{
    private const string MessageStop = "message_stop";
    private const string BlockStop = "content_block_stop";
    private const string BlockStart = "content_block_start";
    private const string TextBlock = "text";

    private readonly DialectResponseContext _context;
    private readonly ToolCallAccumulator _toolCalls = new();
    private readonly Dictionary<int, Block> _blocks = [];
    private readonly MessagesUsage _usage = new();
    private string? _messageId;
    private string? _model;
    private string? _stopReason;
    private string? _stopSequence;
    private bool _hasUsage;
    private decimal? _gatewayCost;

    private MessagesStreamReader(DialectResponseContext context) => _context = context;

    /// <summary>What the reader needs to remember about an open content block.</summary>
    private enum BlockKind
    {
        Text,
        Thinking,
        ToolUse,
        ServerToolUse,
        Other,
    }

    public static IAsyncEnumerable<ChatResponseUpdate> ReadAsync(Stream body, DialectResponseContext context, CancellationToken cancellationToken)
    {
        var reader = new MessagesStreamReader(context);
        return ServerSentEventReader.ReadAsync<ParsedEvent, ChatResponseUpdate>(body, reader.ParseEvent, reader.HandleParsed, context.Route, reader.Complete, cancellationToken);
    }

    /// <summary>A parsed event's update: a hot event's, already made, or the one <see cref="Handle"/> makes; <c>message_stop</c> ends the stream.</summary>
    private ChatResponseUpdate? HandleParsed(ParsedEvent parsed, out bool stop)
    {
        var streamEvent = parsed.Event;
        if (streamEvent is null)
        {
            stop = false;
            return parsed.Update;
        }

        var update = Handle(streamEvent);
        stop = streamEvent.Type == MessageStop;
        return update;
    }

    /// <summary>The end of the body: a stream without <c>message_stop</c> is truncated.</summary>
    private ChatResponseUpdate? Complete(bool stopped) =>
        stopped ? null : throw MalformedResponse.Truncated(_context.Route, _messageId is null ? "its message_start event" : "its message_stop event");

    /// <summary>
    /// Parses one event. The hot ones (text, thinking, signature and tool-input deltas of the blocks they belong to,
    /// pings) are read by <see cref="MessagesHotEvent"/> and handled at once; everything else, and anything the
    /// hot reader does not fully recognise, goes through <see cref="Parse"/> and <see cref="Handle"/>.
    /// </summary>
    private ParsedEvent ParseEvent(string eventType, ReadOnlySpan<byte> data)
    {
        if (!_context.IncludeRawRepresentation && MessagesHotEvent.TryRead(data, out var hot))
        {
            if (hot.IsPing)
            {
                return default;
            }

            // The stops carry nothing but their index: the event the full path would make, without the serializer.
            if (hot.IsMessageStop)
            {
                return new ParsedEvent(new MessagesStreamEvent { Type = MessageStop }, null);
            }

            if (hot.IsBlockStop)
            {
                return new ParsedEvent(new MessagesStreamEvent { Type = BlockStop, Index = hot.Index }, null);
            }

            try
            {
                if (hot.IsTextBlockStart)
                {
                    var block = new MessagesContentBlock { Type = TextBlock, Text = hot.ReadValue() };
                    return new ParsedEvent(new MessagesStreamEvent { Type = BlockStart, Index = hot.Index, ContentBlock = block }, null);
                }

                if (TryHandleHotDelta(ref hot, out var update))
                {
                    return new ParsedEvent(null, update);
                }
            }
            catch (InvalidOperationException)
            {
                // A value that is not valid UTF-8: the full path below fails on it in its own words.
            }
        }

        return new ParsedEvent(Parse(eventType, data), null);
    }

    /// <summary>
    /// Handles a hot delta as <see cref="OnBlockDelta"/> would, when it belongs to a block of its own kind (a tool
    /// input delta to a tool_use block, and so on); <see langword="false"/> otherwise, leaving the event to the full path.
    /// </summary>
    private bool TryHandleHotDelta(ref MessagesHotEvent hot, out ChatResponseUpdate? update)
    {
        update = null;
        _blocks.TryGetValue(hot.Index, out var block);
        switch (hot.Kind)
        {
            case MessagesHotEvent.DeltaKind.Text when block?.Kind == BlockKind.Text:
                var text = hot.ReadValue();
                update = string.IsNullOrEmpty(text) ? null : Update(new TextContent(text));
                return true;
            case MessagesHotEvent.DeltaKind.Thinking when block?.Kind == BlockKind.Thinking:
                var thinking = hot.ReadValue();
                if (!string.IsNullOrEmpty(thinking))
                {
                    block.HasText = true;
                    update = Update(new TextReasoningContent(thinking));
                }

                return true;
            case MessagesHotEvent.DeltaKind.Signature when block?.Kind == BlockKind.Thinking:
                var signature = hot.ReadValue();
                if (!string.IsNullOrEmpty(signature))
                {
                    update = Update(block.HasText
                        ? new TextReasoningContent(string.Empty) { ProtectedData = signature }
                        : MessagesReasoning.FromThinking(string.Empty, signature));
                }

                return true;
            case MessagesHotEvent.DeltaKind.InputJson when block?.Kind == BlockKind.ToolUse:
                if (block.HasText)
                {
                    // Fragments after a complete start input replace it.
                    _toolCalls.SetArguments(hot.Index, string.Empty);
                    block.HasText = false;
                }

                hot.AppendValueTo(_toolCalls);
                return true;
            default:
                return false;
        }
    }

    /// <summary>Parses one event; its kind comes from the JSON <c>type</c>, else from the SSE event name.</summary>
    private static MessagesStreamEvent Parse(string eventType, ReadOnlySpan<byte> data)
    {
        var streamEvent = JsonSerializer.Deserialize(data, MessagesJsonContext.Default.MessagesStreamEvent)
            ?? throw new JsonException("The event data is JSON null.");
        streamEvent.Type ??= eventType;
        return streamEvent;
    }

    private ChatResponseUpdate? Handle(MessagesStreamEvent streamEvent)
    {
        switch (streamEvent.Type)
        {
            case "message_start":
                OnMessageStart(streamEvent.Message);
                return null;
            case "content_block_start":
                return OnBlockStart(streamEvent);
            case "content_block_delta":
                return OnBlockDelta(streamEvent);
            case "content_block_stop":
                return OnBlockStop(streamEvent);
            case "message_delta":
                _stopReason = streamEvent.Delta?.StopReason ?? _stopReason;
                _stopSequence = streamEvent.Delta?.StopSequence ?? _stopSequence;
                MergeUsage(streamEvent.Usage);
                _gatewayCost = streamEvent.ProviderMetadata?.Cost ?? _gatewayCost;
                return null;
            case "message_stop":
                return OnMessageStop(streamEvent);
            case "ping":
                return null;
            case "error":
                throw ErrorResponseReader.FromStreamError(streamEvent.Error?.Type, streamEvent.Error?.Message, null, _context.Route);
            default:
                LogUnknown(streamEvent.Type ?? "(none)");
                return null;
        }
    }

    private void OnMessageStart(MessagesResponse? message)
    {
        if (message is null)
        {
            return;
        }

        _messageId = message.Id ?? _messageId;
        _model = message.Model ?? _model;
        MergeUsage(message.Usage);
        _gatewayCost = message.ProviderMetadata?.Cost ?? _gatewayCost;
    }

    private ChatResponseUpdate? OnBlockStart(MessagesStreamEvent streamEvent)
    {
        var index = streamEvent.Index ?? 0;
        var block = streamEvent.ContentBlock;
        switch (block?.Type)
        {
            case "text":
                _blocks[index] = new Block(BlockKind.Text);
                return string.IsNullOrEmpty(block.Text) ? null : Update(new TextContent(block.Text) { RawRepresentation = Raw(streamEvent) });
            case "thinking":
                _blocks[index] = new Block(BlockKind.Thinking) { HasText = !string.IsNullOrEmpty(block.Thinking) };
                return string.IsNullOrEmpty(block.Thinking) && string.IsNullOrEmpty(block.Signature)
                    ? null
                    : Update(WithRaw(MessagesReasoning.FromThinking(block.Thinking, block.Signature), streamEvent));
            case "redacted_thinking":
                _blocks[index] = new Block(BlockKind.Other);
                return Update(WithRaw(MessagesReasoning.FromRedacted(block.Data), streamEvent));
            case "tool_use":
                _blocks[index] = new Block(BlockKind.ToolUse);
                _toolCalls.Start(index, block.Id, block.Name);
                if (block.Input.ValueKind == JsonValueKind.Object && block.Input.EnumerateObject().Any())
                {
                    // A proxy may send the whole input here instead of as input_json_delta fragments.
                    _toolCalls.SetArguments(index, block.Input.GetRawText());
                    _blocks[index] = new Block(BlockKind.ToolUse) { HasText = true };
                }

                return null;
            case "server_tool_use":
                // Its input arrives as input_json_delta fragments (or whole here); the call is surfaced at content_block_stop.
                _blocks[index] = new Block(BlockKind.ServerToolUse) { Id = block.Id, Name = block.Name, StartInput = block.Input };
                return null;
            case { } type when MessagesHostedTools.IsToolResult(type):
                // Result blocks arrive whole in content_block_start.
                _blocks[index] = new Block(BlockKind.Other);
                return MessagesHostedTools.FromToolResult(block) is { } result ? Update(WithRaw(result, streamEvent)) : null;
            default:
                // Other server tools and unknown blocks: executed or produced by Anthropic, nothing to surface.
                _blocks[index] = new Block(BlockKind.Other);
                return null;
        }
    }

    private ChatResponseUpdate? OnBlockDelta(MessagesStreamEvent streamEvent)
    {
        var index = streamEvent.Index ?? 0;
        var delta = streamEvent.Delta;
        var kind = _blocks.TryGetValue(index, out var block) ? block.Kind : BlockKind.Other;
        switch (delta?.Type)
        {
            case "text_delta":
                return string.IsNullOrEmpty(delta.Text) ? null : Update(new TextContent(delta.Text) { RawRepresentation = Raw(streamEvent) });
            case "thinking_delta":
                if (string.IsNullOrEmpty(delta.Thinking))
                {
                    return null;
                }

                if (block is not null)
                {
                    block.HasText = true;
                }

                return Update(new TextReasoningContent(delta.Thinking) { RawRepresentation = Raw(streamEvent) });
            case "signature_delta":
                if (string.IsNullOrEmpty(delta.Signature))
                {
                    return null;
                }

                // The signature closes the thinking block; MEAI coalescing puts it on the merged reasoning content.
                var signed = block is { HasText: true }
                    ? new TextReasoningContent(string.Empty) { ProtectedData = delta.Signature }
                    : MessagesReasoning.FromThinking(string.Empty, delta.Signature);
                signed.RawRepresentation = Raw(streamEvent);
                return Update(signed);
            case "input_json_delta":
                if (kind == BlockKind.ToolUse)
                {
                    if (block!.HasText)
                    {
                        // Fragments after a complete start input replace it.
                        _toolCalls.SetArguments(index, string.Empty);
                        block.HasText = false;
                    }

                    _toolCalls.Append(index, delta.PartialJson);
                }
                else if (kind == BlockKind.ServerToolUse)
                {
                    block!.Input.Append(delta.PartialJson);
                }

                return null;
            case "citations_delta":
                return delta.Citation is null
                    ? null
                    : Update(new TextContent(string.Empty) { Annotations = [MessagesResponseMapper.Citation(delta.Citation)], RawRepresentation = Raw(streamEvent) });
            default:
                LogUnknown("content_block_delta/" + (delta?.Type ?? "(none)"));
                return null;
        }
    }

    private ChatResponseUpdate? OnBlockStop(MessagesStreamEvent streamEvent)
    {
        var index = streamEvent.Index ?? 0;
        if (!_blocks.Remove(index, out var block))
        {
            return null;
        }

        if (block.Kind == BlockKind.ServerToolUse)
        {
            return MessagesHostedTools.FromServerToolUse(block.Id ?? string.Empty, block.Name, block.CompleteInput()) is { } hosted
                ? Update(WithRaw(hosted, streamEvent))
                : null;
        }

        if (block.Kind != BlockKind.ToolUse)
        {
            return null;
        }

        return _toolCalls.Complete(index) is { } call ? Update(WithRaw(call, streamEvent)) : null;
    }

    private ChatResponseUpdate OnMessageStop(MessagesStreamEvent streamEvent)
    {
        var contents = new List<AIContent>(2);

        // A well-formed stream closed every tool block; complete any that a proxy left open rather than drop them.
        foreach (var call in _toolCalls.CompleteAll())
        {
            contents.Add(call);
        }

        if (_hasUsage && MessagesResponseMapper.Usage(_usage) is { } usage)
        {
            contents.Add(new UsageContent(usage));
        }

        var properties = MessagesResponseMapper.StopProperties(_stopReason, _stopSequence);
        if ((streamEvent.ProviderMetadata?.Cost ?? _gatewayCost ?? GatewayProviderMetadata.ReadDecimal(_usage.Cost)) is { } cost)
        {
            (properties ??= [])[AiGatewayPropertyKeys.CostUsd] = cost;
        }

        // No MessageId: its properties then belong to the response, as in a non-streamed answer.
        return new ChatResponseUpdate(ChatRole.Assistant, contents)
        {
            ResponseId = _messageId,
            ModelId = _model,
            FinishReason = MessagesResponseMapper.FinishReason(_stopReason),
            AdditionalProperties = properties,
            RawRepresentation = Raw(streamEvent),
        };
    }

    private void MergeUsage(MessagesUsage? usage)
    {
        if (usage is not null)
        {
            _usage.Merge(usage);
            _hasUsage = true;
        }
    }

    private ChatResponseUpdate Update(AIContent content) => new(ChatRole.Assistant, [content])
    {
        ResponseId = _messageId,
        MessageId = _messageId,
        ModelId = _model,
        RawRepresentation = content.RawRepresentation,
    };

    private AIContent WithRaw(AIContent content, MessagesStreamEvent streamEvent)
    {
        content.RawRepresentation = Raw(streamEvent);
        return content;
    }

    /// <summary>The event as a streamed update's raw representation, when the caller asked for it.</summary>
    private MessagesStreamEvent? Raw(MessagesStreamEvent streamEvent) => _context.IncludeRawRepresentation ? streamEvent : null;

    private void LogUnknown(string eventType)
    {
        if (_context.Logger.IsEnabled(LogLevel.Debug))
        {
            AiGatewayLog.UnknownEvent(_context.Logger, eventType, "Messages");
        }
    }

    /// <summary>One parsed SSE event: an event for <see cref="Handle"/>, or a hot event already handled into its update (if any).</summary>
    private readonly record struct ParsedEvent(MessagesStreamEvent? Event, ChatResponseUpdate? Update);

    private sealed class Block(BlockKind kind)
    {
        public BlockKind Kind { get; } = kind;

        /// <summary>Gets or sets whether a thinking block has shown text, or a tool block holds a complete start input.</summary>
        public bool HasText { get; set; }

        /// <summary>Gets the server tool call's id and name.</summary>
        public string? Id { get; init; }

        public string? Name { get; init; }

        /// <summary>Gets the server tool call's input as given in <c>content_block_start</c>.</summary>
        public JsonElement StartInput { get; init; }

        /// <summary>Gets the server tool call's <c>input_json_delta</c> fragments.</summary>
        public System.Text.StringBuilder Input { get; } = new();

        /// <summary>The input: the fragments when there are any, else the start input; unparseable fragments are reported.</summary>
        public JsonElement CompleteInput()
        {
            if (Input.Length == 0)
            {
                return StartInput;
            }

            using var document = JsonDocument.Parse(Input.ToString());
            return document.RootElement.Clone();
        }
    }
}
