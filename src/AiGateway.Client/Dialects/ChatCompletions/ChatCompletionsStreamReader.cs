using System.Runtime.CompilerServices;
using System.Text;
using AiGateway.Client.Diagnostics;
using AiGateway.Client.Dialects.Json;
using AiGateway.Client.Dialects.Sse;
using AiGateway.Client.Errors;
using Microsoft.Extensions.AI;

namespace AiGateway.Client.Dialects.ChatCompletions;

/// <summary>
/// Reads a streamed Chat Completions body: <c>data: {chunk}</c> events (https://platform.openai.com/docs/api-reference/chat-streaming)
/// ending with <c>data: [DONE]</c>. Text and reasoning deltas become updates as they arrive; tool-call fragments are
/// assembled by index and emitted, complete, on the update that carries the finish reason; usage (and a
/// gateway-reported cost) comes on one last update, because gateways send it either with the finish reason or in a
/// separate <c>choices: []</c> chunk. A stream that ends with neither <c>[DONE]</c> nor a finish reason is cut short
/// and throws <see cref="MalformedResponseException"/>; a chunk that is not JSON does too; an <c>error</c> chunk
/// throws the mapped <see cref="AiGatewayException"/>. One instance per stream.
/// </summary>
internal sealed class ChatCompletionsStreamReader
{
    private static readonly ChatCompletion DoneMarker = new();

    private readonly DialectResponseContext _context;
    private readonly ChatCompletionsJsonReader _parser = new();
    private readonly ToolCallAccumulator _toolCalls = new();
    private StringBuilder? _refusal;
    private ChatCompletionUsage? _usage;

    // Kept apart so the gateway's own figure (provider_metadata) wins over usage.cost, as in a whole response, and so a
    // running usage.cost repeated on every chunk ends at its last (final) value, like the token counts.
    private decimal? _gatewayCost;
    private decimal? _usageCost;
    private string? _id;
    private string? _model;
    private DateTimeOffset? _createdAt;
    private int _lastToolIndex = -1;
    private string? _lastToolId;
    private bool _sentFirst;
    private bool _finished;
    private bool _ignoredOtherChoices;

    private ChatCompletionsStreamReader(DialectResponseContext context) => _context = context;

    public static async IAsyncEnumerable<ChatResponseUpdate> ReadAsync(
        Stream body,
        DialectResponseContext context,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var reader = new ChatCompletionsStreamReader(context);
        var sawDone = false;
        await foreach (var chunk in ServerSentEventReader.ReadAsync(body, reader.ParseEvent, context.Route, cancellationToken).ConfigureAwait(false))
        {
            if (chunk is null)
            {
                continue;
            }

            if (ReferenceEquals(chunk, DoneMarker))
            {
                // Stop here even if a server keeps the connection open after [DONE].
                sawDone = true;
                break;
            }

            if (reader.Translate(chunk) is { } update)
            {
                yield return update;
            }
        }

        if (reader.Complete(sawDone) is { } last)
        {
            yield return last;
        }
    }

    /// <summary>Parses one SSE event: a chunk, the [DONE] marker, or <see langword="null"/> for an event to skip.</summary>
    private ChatCompletion? ParseEvent(string eventType, ReadOnlySpan<byte> data)
    {
        data = Trim(data);
        if (data.SequenceEqual("[DONE]"u8))
        {
            return DoneMarker;
        }

        if (eventType == "error")
        {
            var error = ChatCompletionsJsonReader.ReadErrorEvent(data);
            throw ErrorResponseReader.FromStreamError(error.Code ?? error.Type, error.Message, error.Status, _context.Route);
        }

        if (data.IsEmpty)
        {
            return null;
        }

        if (eventType != "message" && data[0] != (byte)'{')
        {
            AiGatewayLog.UnknownEvent(_context.Logger, eventType, nameof(ChatDialect.ChatCompletions));
            return null;
        }

        // Not JSON → JsonException → MalformedResponseException (ServerSentEventReader).
        var chunk = _parser.Parse(data);
        if (chunk.Choices is null && chunk.Usage is null && chunk.Error is null && chunk.Id is null)
        {
            AiGatewayLog.UnknownEvent(_context.Logger, eventType, nameof(ChatDialect.ChatCompletions));
            return null;
        }

        return chunk;
    }

    private ChatResponseUpdate? Translate(ChatCompletion chunk)
    {
        if (chunk.Error is { } error)
        {
            // A server that fails after the stream started sends {"error":{…}} as a chunk.
            throw ErrorResponseReader.FromStreamError(error.Code ?? error.Type, error.Message, error.Status, _context.Route);
        }

        // Azure sends a first chunk with only prompt_filter_results, an empty id and model and created 0: skip those.
        if (string.IsNullOrEmpty(_id))
        {
            _id = chunk.Id;
        }

        if (string.IsNullOrEmpty(_model))
        {
            _model = chunk.Model;
        }

        _createdAt ??= ChatCompletionsResponseMapper.ToCreatedAt(chunk.Created);

        List<AIContent>? contents = null;
        ChatFinishReason? finishReason = null;
        string? rawFinishReason = null;
        if (chunk.Choices is { } choices)
        {
            foreach (var choice in choices)
            {
                if (choice.Index != 0)
                {
                    if (!_ignoredOtherChoices)
                    {
                        _ignoredOtherChoices = true;
                        AiGatewayLog.ChatCompletionsChoiceIgnored(_context.Logger, choice.Index, _context.Route.WireModelId);
                    }

                    continue;
                }

                if (choice.Message is { } delta)
                {
                    ReadDelta(delta, ref contents);
                }

                if (choice.FinishReason is { } wireReason)
                {
                    var (reason, exact) = ChatCompletionsFinishReasons.Map(wireReason);
                    finishReason = reason;
                    rawFinishReason = exact ? null : wireReason;
                    _finished = true;
                    FlushPending(ref contents);
                }
            }
        }

        if (chunk.Usage is { } usage)
        {
            // Kept until the end: some servers repeat a running usage on every chunk, and only the last one counts.
            _usage = usage;
            _usageCost = usage.Cost ?? _usageCost;
        }

        if (contents is null && finishReason is null && _sentFirst)
        {
            return null;
        }

        var update = CreateUpdate(contents, chunk);
        update.FinishReason = finishReason;
        if (rawFinishReason is not null)
        {
            (update.AdditionalProperties ??= [])[DialectPropertyKeys.RawFinishReason] = rawFinishReason;
        }

        return update;
    }

    private void ReadDelta(ChatCompletionMessage delta, ref List<AIContent>? contents)
    {
        if (ChatCompletionsResponseMapper.AddContents(delta, ref contents) is { } refusal)
        {
            (_refusal ??= new StringBuilder()).Append(refusal);
        }

        if (delta.ToolCalls is { } calls)
        {
            foreach (var call in calls)
            {
                var index = ToolIndex(call);
                _toolCalls.Append(index, call.Arguments, call.Id, call.Name);
                if (call.ExtraContent is { } extraContent)
                {
                    _toolCalls.SetPropertyIfAbsent(index, ChatCompletionsPropertyKeys.ExtraContent, extraContent);
                }

                _lastToolIndex = Math.Max(_lastToolIndex, index);
                _lastToolId = call.Id ?? _lastToolId;
            }
        }

        if (delta.GatewayCost is { } cost)
        {
            _gatewayCost = cost;
        }
    }

    /// <summary>
    /// The accumulator slot of a tool-call fragment. OpenAI always sends <c>index</c>; Gemini's OpenAI-compatible
    /// endpoint (and proxies in front of it) leave it out and send each parallel call whole with its own id
    /// (recorded chunks in https://github.com/open-webui/computer/issues/224 and
    /// https://github.com/AstrBotDevs/AstrBot/issues/6661). Without an index, a new id
    /// opens the next slot and a fragment without an id continues the last call, so parallel calls are not merged
    /// into one call with concatenated arguments.
    /// </summary>
    private int ToolIndex(ChatCompletionToolCall call)
    {
        if (call.Index is { } index)
        {
            return index;
        }

        if (_lastToolIndex < 0)
        {
            return 0;
        }

        return call.Id is { Length: > 0 } id && id != _lastToolId ? _lastToolIndex + 1 : _lastToolIndex;
    }

    /// <summary>Emits the refusal and the assembled tool calls (at the finish reason, or at the end of the stream).</summary>
    private void FlushPending(ref List<AIContent>? contents)
    {
        if (_refusal is { Length: > 0 })
        {
            (contents ??= []).Add(ChatCompletionsResponseMapper.Refusal(_refusal.ToString()));
            _refusal.Clear();
        }

        if (_toolCalls.HasPending)
        {
            (contents ??= []).AddRange(_toolCalls.CompleteAll());
        }
    }

    /// <summary>Checks that the stream really ended, and builds the last update (pending calls, usage, cost).</summary>
    private ChatResponseUpdate? Complete(bool sawDone)
    {
        var route = _context.Route;
        if (!sawDone && !_finished)
        {
            throw MalformedResponse.Truncated(route, "a finish_reason or 'data: [DONE]' arrived");
        }

        if (!sawDone)
        {
            AiGatewayLog.ChatCompletionsStreamEndedWithoutDone(_context.Logger, route.WireModelId);
        }

        List<AIContent>? contents = null;
        var hadPendingCalls = _toolCalls.HasPending;
        FlushPending(ref contents);
        if (_usage is { } usage)
        {
            (contents ??= []).Add(new UsageContent(ChatCompletionsResponseMapper.ToUsageDetails(usage)));
        }

        var reportedCost = _gatewayCost ?? _usageCost;
        if (contents is null && reportedCost is null)
        {
            if (_parser.HadUnreadableCost)
            {
                AiGatewayLog.ChatCompletionsCostUnreadable(_context.Logger, route.Gateway.Name);
            }

            return null;
        }

        var update = CreateUpdate(contents, rawRepresentation: null);
        if (hadPendingCalls && !_finished)
        {
            update.FinishReason = ChatFinishReason.ToolCalls;
        }

        if (reportedCost is { } reported)
        {
            (update.AdditionalProperties ??= [])[AiGatewayPropertyKeys.CostUsd] = reported;
        }

        return update;
    }

    private ChatResponseUpdate CreateUpdate(List<AIContent>? contents, ChatCompletion? rawRepresentation)
    {
        _sentFirst = true;
        return new ChatResponseUpdate(ChatRole.Assistant, contents)
        {
            ResponseId = string.IsNullOrEmpty(_id) ? null : _id,
            MessageId = string.IsNullOrEmpty(_id) ? null : _id,
            ModelId = string.IsNullOrEmpty(_model) ? null : _model,
            CreatedAt = _createdAt,
            RawRepresentation = rawRepresentation,
        };
    }

    private static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> data)
    {
        var start = 0;
        while (start < data.Length && IsWhiteSpace(data[start]))
        {
            start++;
        }

        var end = data.Length;
        while (end > start && IsWhiteSpace(data[end - 1]))
        {
            end--;
        }

        return data[start..end];

        static bool IsWhiteSpace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n';
    }
}
