using System.Runtime.CompilerServices;
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
internal static class GenerateContentStreamReader
{
    private const string MessageEvent = "message";

    public static async IAsyncEnumerable<ChatResponseUpdate> ReadAsync(Stream body, DialectResponseContext context, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var route = context.Route;
        string? responseId = null, modelId = null;
        DateTimeOffset? createdAt = null;
        GenerateContentUsageDto? usage = null;
        var functionCalls = 0;
        var finished = false;
        // The answer's text parts (the strings the contents already hold, no copies), joined only at the finish and
        // only when grounding came: its segment offsets count in the whole answer text.
        var textParts = new List<string>();
        var codeIds = new GenerateContentHostedTools.CodeCallIds();
        System.Text.Json.JsonElement grounding = default;
        var strings = new GenerateContentChunkStrings();

        await foreach (var chunk in ServerSentEventReader.ReadAsync(body, Parse, route, cancellationToken).ConfigureAwait(false))
        {
            if (chunk is null)
            {
                continue;
            }

            GenerateContentResponseMapper.ThrowIfError(chunk, route);
            responseId ??= chunk.ResponseId;
            modelId = chunk.ModelVersion ?? modelId;
            createdAt ??= chunk.CreateTime;
            usage = chunk.UsageMetadata ?? usage;

            var candidate = chunk.Candidates.Count > 0 ? chunk.Candidates[0] : null;
            List<AIContent> contents;
            if (candidate?.Content is { } content)
            {
                contents = new List<AIContent>(content.Parts.Count);
                functionCalls += GenerateContentResponseMapper.AddParts(contents, content.Parts, responseId, functionCalls, context, codeIds);
                for (var i = 0; i < contents.Count; i++)
                {
                    if (contents[i] is TextContent { Text: { Length: > 0 } part })
                    {
                        textParts.Add(part);
                    }
                }
            }
            else
            {
                contents = [];
            }

            if (candidate?.GroundingMetadata.ValueKind == System.Text.Json.JsonValueKind.Object)
            {
                grounding = candidate.GroundingMetadata;
            }

            if (!string.IsNullOrEmpty(candidate?.FinishReason))
            {
                // The grounding of the whole answer (it comes with the last chunk) is mapped once, at the finish.
                if (grounding.ValueKind == System.Text.Json.JsonValueKind.Object)
                {
                    GenerateContentHostedTools.AddGrounding(contents, grounding, responseId, string.Concat(textParts), streamed: true);
                }
            }

            var update = NewUpdate(contents, responseId, modelId ?? route.WireModelId, createdAt);
            if (context.IncludeRawRepresentation)
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
                finished = true;
                update.FinishReason = GenerateContentResponseMapper.MapFinishReason(candidate.FinishReason, functionCalls > 0);
                GenerateContentResponseMapper.AnnotateFinish(update.AdditionalProperties = [], candidate);
            }

            if (GenerateContentResponseMapper.IsBlocked(chunk, context, out var blockReason))
            {
                finished = true;
                update.FinishReason ??= ChatFinishReason.ContentFilter;
                GenerateContentResponseMapper.AnnotateBlock(update.AdditionalProperties ??= [], chunk.PromptFeedback!, blockReason);
            }

            // A blank finishReason still ends the answer: its update carries the raw value, though no reason.
            if (contents.Count > 0 || update.FinishReason is not null || update.AdditionalProperties is not null)
            {
                yield return update;
            }
        }

        if (!finished)
        {
            throw MalformedResponse.Truncated(route, "a chunk with candidates[0].finishReason (a Gemini stream has no terminal event; the last chunk carries the finish reason)");
        }

        if (GenerateContentResponseMapper.MapUsage(usage) is { } details)
        {
            yield return NewUpdate([new UsageContent(details)], responseId, modelId ?? route.WireModelId, createdAt);
        }

        // Reads one SSE event; events other than the default "message" are not part of the dialect and are skipped.
        GenerateContentResponseDto? Parse(string eventType, ReadOnlySpan<byte> data)
        {
            if (eventType != MessageEvent)
            {
                AiGatewayLog.UnknownEvent(context.Logger, eventType, nameof(ChatDialect.GenerateContent));
                return null;
            }

            return GenerateContentJsonReader.Read(data, strings);
        }
    }

    private static ChatResponseUpdate NewUpdate(List<AIContent> contents, string? responseId, string modelId, DateTimeOffset? createdAt) => new(ChatRole.Assistant, contents)
    {
        ResponseId = responseId,
        MessageId = responseId,
        ModelId = modelId,
        CreatedAt = createdAt,
    };
}
