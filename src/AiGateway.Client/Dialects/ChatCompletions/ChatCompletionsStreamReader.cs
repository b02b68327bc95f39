// Why this file is long: one stream's whole state machine (deltas read straight into updates, tool-call assembly by index, refusal, usage and cost held to the end, truncation and in-stream errors) shares its fields; the hot-path delta reading is in ChatCompletionsDeltaReader.
using System.Text;
using System.Text.Json;
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
    private static readonly ChatResponseUpdate DoneMarker = new();

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

    public static IAsyncEnumerable<ChatResponseUpdate> ReadAsync(Stream body, DialectResponseContext context, CancellationToken cancellationToken)
    {
        // [DONE] stops the stream even if a server keeps the connection open after it.
        var reader = new ChatCompletionsStreamReader(context);
        return ServerSentEventReader.ReadAsync(body, reader.ParseEvent, context.Route, DoneMarker, reader.Complete, cancellationToken);
    }

    /// <summary>
    /// Reads one SSE event straight into its update (while its bytes are at hand: no intermediate object graph per
    /// chunk): an update, the [DONE] marker, or <see langword="null"/> for an event that adds nothing.
    /// </summary>
    private ChatResponseUpdate? ParseEvent(string eventType, ReadOnlySpan<byte> data)
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
        return ReadChunk(eventType, data);
    }

    private ChatResponseUpdate? ReadChunk(string eventType, ReadOnlySpan<byte> data)
    {
        var reader = new Utf8JsonReader(data);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"Expected a JSON object but found {reader.TokenType}.");
        }

        var chunk = default(ChunkState);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var property = Classify(ref reader);
            reader.Read();
            switch (property)
            {
                case ChunkProperty.Choices:
                    ReadChoices(ref reader, data, ref chunk);
                    break;
                case ChunkProperty.Id:
                    // Every chunk repeats the id and model: only the first non-empty one is kept, so later ones are
                    // not transcoded at all.
                    chunk.HasId = reader.TokenType == JsonTokenType.String;
                    chunk.Id = chunk.HasId && string.IsNullOrEmpty(_id) ? reader.GetString() : null;
                    reader.Skip();
                    break;
                case ChunkProperty.Model:
                    chunk.Model = reader.TokenType == JsonTokenType.String && string.IsNullOrEmpty(_model) ? reader.GetString() : null;
                    reader.Skip();
                    break;
                case ChunkProperty.Created:
                    chunk.Created = _createdAt is null ? JsonValueReader.ReadInt64OrSkip(ref reader) : SkipToNull(ref reader);
                    break;
                case ChunkProperty.Usage:
                    chunk.Usage = _parser.ReadUsage(ref reader);
                    break;
                case ChunkProperty.Error:
                    chunk.Error = ChatCompletionsJsonReader.ReadError(ref reader);
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        if (!chunk.HasChoices && chunk.Usage is null && chunk.Error is null && !chunk.HasId)
        {
            AiGatewayLog.UnknownEvent(_context.Logger, eventType, nameof(ChatDialect.ChatCompletions));
            return null;
        }

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
        if (chunk.Usage is { } usage)
        {
            // Kept until the end: some servers repeat a running usage on every chunk, and only the last one counts.
            _usage = usage;
            _usageCost = usage.Cost ?? _usageCost;
        }

        if (chunk.Contents is null && chunk.FinishReason is null && _sentFirst)
        {
            return null;
        }

        var update = CreateUpdate(chunk.Contents, _context.IncludeRawRepresentation ? _parser.Parse(data) : null);
        update.FinishReason = chunk.FinishReason;
        if (chunk.RawFinishReason is not null)
        {
            (update.AdditionalProperties ??= [])[DialectPropertyKeys.RawFinishReason] = chunk.RawFinishReason;
        }

        return update;
    }

    private void ReadChoices(ref Utf8JsonReader reader, ReadOnlySpan<byte> data, ref ChunkState chunk)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return;
        }

        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                continue;
            }

            chunk.HasChoices = true;
            ReadChoice(ref reader, data, ref chunk);
        }
    }

    /// <summary>Reads one choice: its delta as soon as its index is known to be 0, then its finish reason.</summary>
    private void ReadChoice(ref Utf8JsonReader reader, ReadOnlySpan<byte> data, ref ChunkState chunk)
    {
        int? index = null;
        var deferredDelta = -1;
        string? finishReason = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("delta"u8) || reader.ValueTextEquals("message"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    reader.Skip();
                }
                else if (index is { } known)
                {
                    if (known == 0)
                    {
                        ReadDelta(ref reader, data, ref chunk.Contents);
                    }
                    else
                    {
                        reader.Skip();
                    }
                }
                else
                {
                    // The index comes after the delta (or not at all, meaning 0): read the delta once it is known.
                    deferredDelta = (int)reader.TokenStartIndex;
                    reader.Skip();
                }
            }
            else if (reader.ValueTextEquals("finish_reason"u8))
            {
                reader.Read();
                finishReason = JsonValueReader.ReadStringOrSkip(ref reader);
            }
            else if (reader.ValueTextEquals("index"u8))
            {
                reader.Read();
                index = (int)(JsonValueReader.ReadInt64OrSkip(ref reader) ?? 0);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (index is { } other && other != 0)
        {
            if (!_ignoredOtherChoices)
            {
                _ignoredOtherChoices = true;
                AiGatewayLog.ChatCompletionsChoiceIgnored(_context.Logger, other, _context.Route.WireModelId);
            }

            return;
        }

        if (deferredDelta >= 0)
        {
            var delta = data[deferredDelta..];
            var deltaReader = new Utf8JsonReader(delta);
            deltaReader.Read();
            ReadDelta(ref deltaReader, delta, ref chunk.Contents);
        }

        if (finishReason is not null)
        {
            var (reason, exact) = ChatCompletionsFinishReasons.Map(finishReason);
            chunk.FinishReason = reason;
            chunk.RawFinishReason = exact ? null : finishReason;
            _finished = true;
            FlushPending(ref chunk.Contents);
        }
    }

    /// <summary>
    /// Reads a delta object (the reader on its <c>{</c>, <paramref name="json"/> the span it reads): text, reasoning and
    /// refusal directly; a delta with tool calls or richer content through <see cref="ChatCompletionsJsonReader"/>.
    /// </summary>
    private void ReadDelta(ref Utf8JsonReader reader, ReadOnlySpan<byte> json, ref List<AIContent>? contents)
    {
        var start = reader;
        if (!ChatCompletionsDeltaReader.TryRead(ref reader, out var text, out var reasoning, out var refusal))
        {
            reader = start;
            ReadDelta(_parser.ReadMessage(ref reader, json), ref contents);
            return;
        }

        // The order ChatCompletionsResponseMapper.AddContents gives: reasoning, then text.
        if (!string.IsNullOrEmpty(reasoning))
        {
            (contents ??= new List<AIContent>(2)).Add(new TextReasoningContent(reasoning));
        }

        if (!string.IsNullOrEmpty(text))
        {
            (contents ??= new List<AIContent>(2)).Add(new TextContent(text));
        }

        if (!string.IsNullOrEmpty(refusal))
        {
            (_refusal ??= new StringBuilder()).Append(refusal);
        }
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

    /// <summary>
    /// Which top-level chunk field the reader's property name is: by length first, so the fields every chunk carries
    /// and nobody reads (object, system_fingerprint, service_tier, obfuscation) cost one comparison.
    /// </summary>
    private static ChunkProperty Classify(ref Utf8JsonReader reader)
    {
        if (reader.ValueIsEscaped)
        {
            return reader.ValueTextEquals("choices"u8) ? ChunkProperty.Choices
                : reader.ValueTextEquals("id"u8) ? ChunkProperty.Id
                : reader.ValueTextEquals("model"u8) ? ChunkProperty.Model
                : reader.ValueTextEquals("created"u8) ? ChunkProperty.Created
                : reader.ValueTextEquals("usage"u8) ? ChunkProperty.Usage
                : reader.ValueTextEquals("error"u8) ? ChunkProperty.Error
                : ChunkProperty.Other;
        }

        var name = reader.ValueSpan;
        return name.Length switch
        {
            2 when name.SequenceEqual("id"u8) => ChunkProperty.Id,
            5 when name.SequenceEqual("model"u8) => ChunkProperty.Model,
            5 when name.SequenceEqual("usage"u8) => ChunkProperty.Usage,
            5 when name.SequenceEqual("error"u8) => ChunkProperty.Error,
            7 when name.SequenceEqual("choices"u8) => ChunkProperty.Choices,
            7 when name.SequenceEqual("created"u8) => ChunkProperty.Created,
            _ => ChunkProperty.Other,
        };
    }

    private static long? SkipToNull(ref Utf8JsonReader reader)
    {
        reader.Skip();
        return null;
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

    /// <summary>What one chunk said, gathered while reading it and applied once it is read whole.</summary>
    private struct ChunkState
    {
        public List<AIContent>? Contents;
        public ChatFinishReason? FinishReason;
        public string? RawFinishReason;
        public ChatCompletionUsage? Usage;
        public ChatCompletionError? Error;
        public string? Id;
        public string? Model;
        public long? Created;
        public bool HasId;
        public bool HasChoices;
    }

    private enum ChunkProperty
    {
        Other,
        Choices,
        Id,
        Model,
        Created,
        Usage,
        Error,
    }
}
