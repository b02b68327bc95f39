using AiGateway.Client.Diagnostics;
using AiGateway.Client.Dialects.Json;
using AiGateway.Client.Dialects.Sse;
using AiGateway.Client.Errors;
using Microsoft.Extensions.AI;

namespace AiGateway.Client.Dialects.Responses;

/// <summary>
/// Turns a Responses event stream into <see cref="ChatResponseUpdate"/>s whose <c>ToChatResponse()</c> matches what
/// <see cref="ResponsesResponseReader"/> reads from the same answer whole: text and reasoning deltas as they come,
/// each function call once its arguments are complete, encrypted reasoning when its item is done, and usage and the
/// finish reason on the last update. The terminal events are <c>response.completed</c>, <c>response.incomplete</c> and
/// <c>response.failed</c>; a stream without one is truncated. Event reference:
/// https://platform.openai.com/docs/api-reference/responses-streaming. One instance per stream.
/// </summary>
internal sealed class ResponsesStreamReader
{
    private const string TerminalEvents = "its terminal event (response.completed, response.incomplete or response.failed)";

    private readonly DialectResponseContext _context;
    private readonly ToolCallAccumulator _toolCalls = new();
    private readonly Dictionary<int, StreamedItem> _items = [];

    // The item the last delta went to (deltas come in runs for one item): looked up without the dictionary.
    private int _lastIndex = -1;
    private StreamedItem? _lastItem;
    private string? _responseId;
    private string? _modelId;
    private DateTimeOffset? _createdAt;
    private bool _hasFunctionCall;
    private bool _emittedContent;

    private ResponsesStreamReader(DialectResponseContext context) => _context = context;

    public static IAsyncEnumerable<ChatResponseUpdate> ReadAsync(Stream body, DialectResponseContext context, CancellationToken cancellationToken)
    {
        var reader = new ResponsesStreamReader(context);
        return ServerSentEventReader.ReadAsync<ParsedEvent, ChatResponseUpdate>(body, reader.ParseEvent, reader.HandleParsed, context.Route, reader.Complete, cancellationToken);
    }

    /// <summary>A parsed event's update: a hot delta's, already made, or the one <see cref="Handle"/> makes; a terminal event ends the stream.</summary>
    private ChatResponseUpdate? HandleParsed(ParsedEvent parsed, out bool terminal)
    {
        if (parsed.Event is null)
        {
            terminal = false;
            return parsed.Update;
        }

        return Handle(parsed.Event, out terminal);
    }

    /// <summary>The end of the body: a stream without its terminal event is truncated.</summary>
    private ChatResponseUpdate? Complete(bool terminated) =>
        terminated ? null : throw MalformedResponse.Truncated(_context.Route, TerminalEvents);

    /// <summary>
    /// Parses one event. The hot deltas are read by <see cref="ResponsesHotEvent"/> and handled at once (no event
    /// object); everything else goes through <see cref="ResponseStreamEventParser"/> and <see cref="Handle"/>.
    /// </summary>
    private ParsedEvent ParseEvent(string sseEventType, ReadOnlySpan<byte> data)
    {
        if (!_context.IncludeRawRepresentation && ResponsesHotEvent.TryRead(data, out var hot))
        {
            try
            {
                return new ParsedEvent(null, HandleHot(ref hot));
            }
            catch (InvalidOperationException)
            {
                // A delta that is not valid UTF-8: the full path below fails on it in its own words.
            }
        }

        return new ParsedEvent(ResponseStreamEventParser.Parse(sseEventType, data), null);
    }

    /// <summary>A hot delta, handled as <see cref="Handle"/> handles the same event.</summary>
    private ChatResponseUpdate? HandleHot(ref ResponsesHotEvent hot)
    {
        switch (hot.Kind)
        {
            case ResponseStreamEventKind.FunctionCallArgumentsDelta:
                hot.AppendDeltaTo(_toolCalls);
                return null;
            case ResponseStreamEventKind.OutputTextDelta:
                var text = hot.ReadDelta();
                if (string.IsNullOrEmpty(text))
                {
                    return null;
                }

                ItemAt(hot.OutputIndex).StreamedContent = true;
                return Update(null, new TextContent(text));
            default:
                return OnReasoningDelta(hot.Kind, hot.ReadDelta(), hot.OutputIndex, hot.SummaryIndex, null);
        }
    }

    private ChatResponseUpdate? Handle(ResponseStreamEvent e, out bool terminal)
    {
        terminal = false;
        switch (e.Kind)
        {
            case ResponseStreamEventKind.ResponseStarted:
                Remember(e.Response);
                return null;
            case ResponseStreamEventKind.OutputItemAdded:
                OnItemAdded(e);
                return null;
            case ResponseStreamEventKind.OutputTextDelta when !string.IsNullOrEmpty(e.Delta):
                ItemAt(e.OutputIndex).StreamedContent = true;
                return Update(e, new TextContent(e.Delta));
            case ResponseStreamEventKind.ReasoningSummaryTextDelta or ResponseStreamEventKind.ReasoningTextDelta:
                return OnReasoningDelta(e.Kind, e.Delta, e.OutputIndex, e.SummaryIndex, e);
            case ResponseStreamEventKind.RefusalDone when !string.IsNullOrEmpty(e.Refusal):
                ItemAt(e.OutputIndex).StreamedContent = true;
                return Update(e, ResponsesResponseMapper.CreateRefusal(e.Refusal));
            case ResponseStreamEventKind.FunctionCallArgumentsDelta:
                _toolCalls.Append(e.OutputIndex ?? 0, e.Delta);
                return null;
            case ResponseStreamEventKind.FunctionCallArgumentsDone when e.Arguments is not null:
                _toolCalls.SetArguments(e.OutputIndex ?? 0, e.Arguments);
                return null;
            case ResponseStreamEventKind.OutputItemDone:
                return OnItemDone(e);
            case ResponseStreamEventKind.Completed or ResponseStreamEventKind.Incomplete:
                terminal = true;
                return OnFinished(e);
            case ResponseStreamEventKind.Failed:
                throw ErrorResponseReader.FromStreamError(
                    e.Response?.Error?.CodeText,
                    e.Response?.Error?.Message ?? "The response failed without an error message.",
                    status: null,
                    _context.Route);
            case ResponseStreamEventKind.Error:
                throw ErrorResponseReader.FromStreamError(
                    e.Error?.CodeText ?? ResponseError.TextOf(e.Code),
                    e.Error?.Message ?? e.Message ?? "The stream reported an error without a message.",
                    status: null,
                    _context.Route);
            case ResponseStreamEventKind.Unknown:
                AiGatewayLog.UnknownEvent(_context.Logger, e.Type ?? string.Empty, "Responses");
                return null;
            default:
                return null;
        }
    }

    private void Remember(ResponseObject? response)
    {
        if (response is null)
        {
            return;
        }

        _responseId ??= response.Id;
        _modelId = response.Model ?? _modelId;
        _createdAt ??= ResponsesResponseMapper.ToCreatedAt(response.CreatedAt);
    }

    private void OnItemAdded(ResponseStreamEvent e)
    {
        if (e.Item is not { } item)
        {
            return;
        }

        var index = e.OutputIndex ?? 0;
        _items[index] = new StreamedItem(item.Id);
        _lastItem = null;
        if (item.Type == "function_call")
        {
            _toolCalls.Start(index, item.CallId, item.Name);
            if (!string.IsNullOrEmpty(item.Arguments))
            {
                _toolCalls.Append(index, item.Arguments);
            }
        }
    }

    /// <summary>
    /// A reasoning delta. Summary parts are joined with <see cref="ResponsesResponseMapper.SummarySeparator"/> as the
    /// whole-body reader joins them; the first delta of an item carries its id, because
    /// <c>ToChatResponse()</c> keeps the properties of the first of the reasoning contents it merges.
    /// </summary>
    private ChatResponseUpdate? OnReasoningDelta(ResponseStreamEventKind kind, string? delta, int? outputIndex, int? summaryIndex, ResponseStreamEvent? e)
    {
        if (string.IsNullOrEmpty(delta))
        {
            return null;
        }

        var item = ItemAt(outputIndex);
        var isSummary = kind == ResponseStreamEventKind.ReasoningSummaryTextDelta;

        // An item reports summary or full reasoning text; if both come, the summary wins, as in the whole-body reader.
        item.ReasoningKind ??= kind;
        if (item.ReasoningKind != kind)
        {
            return null;
        }

        var text = delta;
        if (isSummary && item.SummaryIndex is { } last && summaryIndex is { } current && current != last)
        {
            text = ResponsesResponseMapper.SummarySeparator + text;
        }

        if (isSummary)
        {
            item.SummaryIndex = summaryIndex ?? item.SummaryIndex;
        }

        var first = !item.StreamedContent;
        item.StreamedContent = true;
        return Update(e, new TextReasoningContent(text) { AdditionalProperties = first ? ResponsesResponseMapper.ItemIdProperties(item.Id) : null });
    }

    private ChatResponseUpdate? OnItemDone(ResponseStreamEvent e)
    {
        if (e.Item is not { } item)
        {
            return null;
        }

        var index = e.OutputIndex ?? 0;
        _items.Remove(index, out var streamed);
        _lastItem = null;
        var contents = new List<AIContent>(1);
        switch (item.Type)
        {
            case "function_call":
                _toolCalls.Start(index, item.CallId, item.Name);
                if (item.Arguments is not null)
                {
                    _toolCalls.SetArguments(index, item.Arguments);
                }

                if (_toolCalls.Complete(index) is { } call)
                {
                    call.RawRepresentation = _context.IncludeRawRepresentation ? item : null;
                    contents.Add(call);
                    _hasFunctionCall = true;
                }

                break;
            case "reasoning" when streamed?.StreamedContent == true:
                // The text already went out as deltas; what remains is the encrypted state for the next turn.
                if (!string.IsNullOrEmpty(item.EncryptedContent))
                {
                    contents.Add(new TextReasoningContent(string.Empty) { ProtectedData = item.EncryptedContent, RawRepresentation = _context.IncludeRawRepresentation ? item : null });
                }

                break;
            case "message" when streamed?.StreamedContent == true:
                // The text went out as deltas; its citations come whole with the finished item.
                foreach (var part in item.Content ?? [])
                {
                    if (ResponsesHostedTools.Citations(part) is { } citations)
                    {
                        contents.Add(new TextContent(string.Empty) { Annotations = citations, RawRepresentation = part });
                    }
                }

                break;
            default:
                // Nothing was streamed for this item (images, or a gateway that only sends finished items): map it whole.
                _hasFunctionCall |= ResponsesResponseMapper.AddContents(item, contents);
                break;
        }

        return contents.Count == 0 ? null : Update(e, contents);
    }

    private ChatResponseUpdate OnFinished(ResponseStreamEvent e)
    {
        var response = e.Response ?? new ResponseObject();
        Remember(response);
        response.Status ??= e.Kind == ResponseStreamEventKind.Incomplete ? "incomplete" : "completed";

        var contents = new List<AIContent>();
        foreach (var call in _toolCalls.CompleteAll())
        {
            contents.Add(call);
            _hasFunctionCall = true;
        }

        if (!_emittedContent && contents.Count == 0 && response.Output is { Count: > 0 } output)
        {
            // A gateway that sent only the final response: its output is the whole answer.
            foreach (var item in output)
            {
                _hasFunctionCall |= ResponsesResponseMapper.AddContents(item, contents);
            }
        }

        if (ResponsesResponseMapper.ToUsage(response.Usage) is { } usage)
        {
            contents.Add(new UsageContent(usage));
        }

        var (finishReason, rawReason) = ResponsesResponseMapper.ToFinishReason(response, _hasFunctionCall);
        var update = Update(e, contents);
        update.FinishReason = finishReason;
        if (rawReason is not null)
        {
            update.AdditionalProperties = new() { [DialectPropertyKeys.RawFinishReason] = rawReason };
        }

        if (ResponsesResponseMapper.ToReportedCost(response, e.ProviderMetadata) is { } cost)
        {
            (update.AdditionalProperties ??= [])[AiGatewayPropertyKeys.CostUsd] = cost;
        }

        return update;
    }

    private ChatResponseUpdate Update(ResponseStreamEvent? e, AIContent content) => Update(e, [content]);

    /// <summary>An update of the response; it carries <paramref name="e"/> only when the caller asked for raw representations.</summary>
    private ChatResponseUpdate Update(ResponseStreamEvent? e, List<AIContent> contents)
    {
        _emittedContent |= contents.Count > 0;

        // One message per response, identified by the response id (as in the whole-body reader).
        return new ChatResponseUpdate(ChatRole.Assistant, contents)
        {
            ResponseId = _responseId,
            MessageId = _responseId,
            ModelId = _modelId,
            CreatedAt = _createdAt,
            RawRepresentation = _context.IncludeRawRepresentation ? e : null,
        };
    }

    private StreamedItem ItemAt(int? outputIndex)
    {
        var index = outputIndex ?? 0;
        if (_lastItem is not null && index == _lastIndex)
        {
            return _lastItem;
        }

        if (!_items.TryGetValue(index, out var item))
        {
            item = new StreamedItem(null);
            _items[index] = item;
        }

        _lastIndex = index;
        _lastItem = item;
        return item;
    }

    /// <summary>One parsed SSE event: an event for <see cref="Handle"/>, or a hot delta already handled into its update (if any).</summary>
    private readonly record struct ParsedEvent(ResponseStreamEvent? Event, ChatResponseUpdate? Update);

    /// <summary>What the reader tracks about an output item between its <c>added</c> and <c>done</c> events.</summary>
    private sealed class StreamedItem(string? id)
    {
        public string? Id { get; } = id;

        /// <summary>Gets or sets a value indicating whether text of this item already went out as deltas.</summary>
        public bool StreamedContent { get; set; }

        public ResponseStreamEventKind? ReasoningKind { get; set; }

        public int? SummaryIndex { get; set; }
    }
}
