using AiGateway.Client.Diagnostics;
using AiGateway.Client.Dialects.Sse;
using AiGateway.Client.Errors;
using Microsoft.Extensions.AI;

namespace AiGateway.Client.Dialects.GenerateContent;

/// <summary>
/// Reads <c>streamGenerateContent?alt=sse</c>: every <c>data:</c> is a whole <c>GenerateContentResponse</c> chunk
/// (https://ai.google.dev/api/generate-content#method:-models.streamgeneratecontent). Each chunk's parts become one
/// update as they arrive (function calls arrive whole, so no argument assembly is needed). There is no terminal event:
/// the stream is complete once a chunk carried <c>finishReason</c> (or a prompt block); one that ends without it was
/// cut short and throws. <c>usageMetadata</c> is cumulative, so one <see cref="UsageContent"/> with the last numbers
/// is sent after the stream ends.
/// </summary>
internal sealed class GenerateContentStreamReader
{
    private const string MessageEvent = "message";

    private readonly DialectResponseContext _context;

    // The answer's text parts (the strings the contents already hold, no copies), joined only at the finish and
    // only when grounding came: its segment offsets count in the whole answer text.
    private readonly List<string> _textParts = [];
    private readonly GenerateContentHostedTools.CodeCallIds _codeIds = new();
    private readonly GenerateContentChunkStrings _strings = new();
    private string? _responseId;
    private string? _modelId;
    private DateTimeOffset? _createdAt;
    private GenerateContentUsageDto? _usage;
    private int _functionCalls;
    private bool _finished;
    private System.Text.Json.JsonElement _grounding;

    private GenerateContentStreamReader(DialectResponseContext context)
    {
        _context = context;

        // Chunks kept as raw representations must stay as read; otherwise each chunk's objects are read into again.
        _strings.Pool = context.IncludeRawRepresentation ? null : new();
    }

    public static IAsyncEnumerable<ChatResponseUpdate> ReadAsync(Stream body, DialectResponseContext context, CancellationToken cancellationToken)
    {
        var reader = new GenerateContentStreamReader(context);
        return ServerSentEventReader.ReadAsync<GenerateContentResponseDto?, ChatResponseUpdate>(body, reader.Parse, reader.Handle, context.Route, reader.Complete, cancellationToken);
    }

    /// <summary>Reads one SSE event; events other than the default "message" are not part of the dialect and are skipped.</summary>
    private GenerateContentResponseDto? Parse(string eventType, ReadOnlySpan<byte> data)
    {
        if (eventType != MessageEvent)
        {
            AiGatewayLog.UnknownEvent(_context.Logger, eventType, nameof(ChatDialect.GenerateContent));
            return null;
        }

        return GenerateContentJsonReader.Read(data, _strings);
    }

    /// <summary>One chunk's update (none when it adds nothing). Gemini has no terminal event, so no chunk stops the stream.</summary>
    private ChatResponseUpdate? Handle(GenerateContentResponseDto? chunk, out bool stop)
    {
        stop = false;
        if (chunk is null)
        {
            return null;
        }

        var route = _context.Route;
        GenerateContentResponseMapper.ThrowIfError(chunk, route);
        _responseId ??= chunk.ResponseId;
        _modelId = chunk.ModelVersion ?? _modelId;
        _createdAt ??= chunk.CreateTime;
        if (chunk.UsageMetadata is { } usage)
        {
            // Each chunk's usage replaces the last (running totals); the one let go of is read into again.
            if (_usage is not null && !ReferenceEquals(_usage, usage))
            {
                _strings.Pool?.ReturnUsage(_usage);
            }

            _usage = usage;
        }

        var candidate = chunk.Candidates.Count > 0 ? chunk.Candidates[0] : null;
        List<AIContent> contents;
        if (candidate?.Content is { } content)
        {
            contents = new List<AIContent>(content.Parts.Count);
            _functionCalls += GenerateContentResponseMapper.AddParts(contents, content.Parts, _responseId, _functionCalls, _context, _codeIds, _strings);
            for (var i = 0; i < contents.Count; i++)
            {
                if (contents[i] is TextContent { Text: { Length: > 0 } part })
                {
                    _textParts.Add(part);
                }
            }
        }
        else
        {
            contents = [];
        }

        if (candidate?.GroundingMetadata.ValueKind == System.Text.Json.JsonValueKind.Object)
        {
            _grounding = candidate.GroundingMetadata;
        }

        if (!string.IsNullOrEmpty(candidate?.FinishReason))
        {
            // The grounding of the whole answer (it comes with the last chunk) is mapped once, at the finish.
            if (_grounding.ValueKind == System.Text.Json.JsonValueKind.Object)
            {
                GenerateContentHostedTools.AddGrounding(contents, _grounding, _responseId, string.Concat(_textParts), streamed: true);
            }
        }

        var update = NewUpdate(contents);
        if (_context.IncludeRawRepresentation)
        {
            update.RawRepresentation = chunk;
        }
        else
        {
            // The mapper keeps each part on its content (as a whole answer does); a stream lets go of them.
            for (var i = 0; i < contents.Count; i++)
            {
                contents[i].RawRepresentation = null;
            }
        }

        if (!string.IsNullOrEmpty(candidate?.FinishReason))
        {
            _finished = true;
            update.FinishReason = GenerateContentResponseMapper.MapFinishReason(candidate.FinishReason, _functionCalls > 0);
            GenerateContentResponseMapper.AnnotateFinish(update.AdditionalProperties = [], candidate);
        }

        if (GenerateContentResponseMapper.IsBlocked(chunk, _context, out var blockReason))
        {
            _finished = true;
            update.FinishReason ??= ChatFinishReason.ContentFilter;
            GenerateContentResponseMapper.AnnotateBlock(update.AdditionalProperties ??= [], chunk.PromptFeedback!, blockReason);
        }

        // The chunk is mapped: nothing made from it refers to it (raw representations were let go above).
        _strings.Pool?.Return(chunk);

        // A blank finishReason still ends the answer: its update carries the raw value, though no reason.
        return contents.Count > 0 || update.FinishReason is not null || update.AdditionalProperties is not null ? update : null;
    }

    /// <summary>The end of the body: a stream that never finished was cut short; else the last usage, once.</summary>
    private ChatResponseUpdate? Complete(bool stopped)
    {
        if (!_finished)
        {
            throw MalformedResponse.Truncated(_context.Route, "a chunk with candidates[0].finishReason (a Gemini stream has no terminal event; the last chunk carries the finish reason)");
        }

        return GenerateContentResponseMapper.MapUsage(_usage) is { } details ? NewUpdate([new UsageContent(details)]) : null;
    }

    private ChatResponseUpdate NewUpdate(List<AIContent> contents) => new(ChatRole.Assistant, contents)
    {
        ResponseId = _responseId,
        MessageId = _responseId,
        ModelId = _modelId ?? _context.Route.WireModelId,
        CreatedAt = _createdAt,
    };
}
