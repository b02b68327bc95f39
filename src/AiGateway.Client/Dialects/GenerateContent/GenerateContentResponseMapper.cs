using System.Globalization;
using System.Text.Json;
using AiGateway.Client.Diagnostics;
using AiGateway.Client.Dialects.Json;
using AiGateway.Client.Errors;
using AiGateway.Client.Routing;
using Microsoft.Extensions.AI;

namespace AiGateway.Client.Dialects.GenerateContent;

/// <summary>
/// Turns Gemini response parts, finish reasons and usage into Microsoft.Extensions.AI types, the same way for a whole
/// response and for each streamed chunk, so that a stream's <c>ToChatResponse()</c> equals the unary answer.
/// </summary>
internal static class GenerateContentResponseMapper
{
    /// <summary>
    /// Appends the contents of <paramref name="parts"/> to <paramref name="contents"/>:
    /// <list type="bullet">
    /// <item><c>text</c> → <see cref="TextContent"/>; with <c>thought: true</c> → <see cref="TextReasoningContent"/>
    /// (its <c>thoughtSignature</c> in <see cref="TextReasoningContent.ProtectedData"/>).</item>
    /// <item>a <c>thoughtSignature</c> on a non-thought text part (often an empty one at the end of a stream) → an empty
    /// <see cref="TextReasoningContent"/> carrying only the signature, after the text, so the writer can send it back.</item>
    /// <item><c>functionCall</c> → <see cref="FunctionCallContent"/> with parsed arguments; its signature in
    /// <c>AdditionalProperties["thoughtSignature"]</c>; a made-up stable id when Gemini sent none.</item>
    /// <item><c>inlineData</c> → <see cref="DataContent"/> (images out); <c>fileData</c> → <see cref="UriContent"/>.</item>
    /// <item><c>executableCode</c> / <c>codeExecutionResult</c> → <see cref="CodeInterpreterToolCallContent"/> /
    /// <see cref="CodeInterpreterToolResultContent"/> (<see cref="GenerateContentHostedTools"/>).</item>
    /// </list>
    /// A stream passes its <see cref="GenerateContentChunkStrings"/>, which makes up call ids with a prefix made once and
    /// allocates each argument name once.
    /// </summary>
    /// <returns>The number of function calls added.</returns>
    public static int AddParts(List<AIContent> contents, List<GenerateContentPartDto> parts, string? responseId, int functionCallOrdinal, DialectResponseContext context, GenerateContentHostedTools.CodeCallIds? codeIds = null, GenerateContentChunkStrings? strings = null)
    {
        codeIds ??= new();
        var calls = 0;
        foreach (var part in parts)
        {
            if (part.FunctionCall is { } call)
            {
                var name = call.Name ?? string.Empty;
                var callId = !string.IsNullOrEmpty(call.Id) ? call.Id
                    : strings is not null ? strings.GenerateCallId(responseId, functionCallOrdinal + calls, name)
                    : GenerateCallId(responseId, functionCallOrdinal + calls, name);
                var content = call.Args.ValueKind == JsonValueKind.Object ? ToolArguments.CreateCallFromElements(callId, name, call.Args, strings?.ArgumentNames)
                    : ToolArguments.CreateCall(callId, name, (string?)null); // no args: an empty argument set

                content.RawRepresentation = part;
                if (!string.IsNullOrEmpty(part.ThoughtSignature))
                {
                    content.AdditionalProperties = new() { [GenerateContentPropertyNames.ThoughtSignature] = part.ThoughtSignature };
                }

                contents.Add(content);
                calls++;
            }
            else if (GenerateContentHostedTools.FromCodePart(part, responseId, codeIds) is { } code)
            {
                contents.Add(code);
            }
            else if (part.InlineData is { } blob)
            {
                var mediaType = string.IsNullOrEmpty(blob.MimeType) ? "application/octet-stream" : blob.MimeType;
                contents.Add(new DataContent(Convert.FromBase64String(blob.Data ?? string.Empty), mediaType) { RawRepresentation = part });
            }
            else if (part.FileData is { FileUri: { Length: > 0 } uri } file)
            {
                contents.Add(new UriContent(new Uri(uri, UriKind.RelativeOrAbsolute), string.IsNullOrEmpty(file.MimeType) ? "application/octet-stream" : file.MimeType) { RawRepresentation = part });
            }
            else if (part.Thought)
            {
                contents.Add(new TextReasoningContent(part.Text ?? string.Empty) { ProtectedData = NullIfEmpty(part.ThoughtSignature), RawRepresentation = part });
            }
            else if (part.Text is not null || part.ThoughtSignature is not null)
            {
                if (!string.IsNullOrEmpty(part.Text))
                {
                    contents.Add(new TextContent(part.Text) { RawRepresentation = part });
                }

                if (!string.IsNullOrEmpty(part.ThoughtSignature))
                {
                    contents.Add(new TextReasoningContent(string.Empty) { ProtectedData = part.ThoughtSignature, RawRepresentation = part });
                }
            }
            else if (part.OtherKind is { } kind)
            {
                AiGatewayLog.GenerateContentPartIgnored(context.Logger, kind, context.Route.WireModelId);
            }
        }

        return calls;
    }

    /// <summary>
    /// Maps Gemini's <c>finishReason</c>: STOP → Stop (ToolCalls when the answer calls functions, since Gemini has no
    /// reason of its own for that); MAX_TOKENS → Length; the safety family → ContentFilter; anything else (OTHER,
    /// LANGUAGE, MALFORMED_FUNCTION_CALL, …) keeps its own name; a blank one is no reason. The raw value is always kept
    /// in AdditionalProperties too.
    /// Values: generative_service.proto <c>Candidate.FinishReason</c>.
    /// </summary>
    public static ChatFinishReason? MapFinishReason(string? finishReason, bool hasFunctionCalls) => finishReason switch
    {
        null or "" => null,
        "STOP" => hasFunctionCalls ? ChatFinishReason.ToolCalls : ChatFinishReason.Stop,
        "MAX_TOKENS" => ChatFinishReason.Length,
        "SAFETY" or "RECITATION" or "BLOCKLIST" or "PROHIBITED_CONTENT" or "SPII" or "IMAGE_SAFETY"
            or "IMAGE_PROHIBITED_CONTENT" or "IMAGE_RECITATION" => ChatFinishReason.ContentFilter,
        _ => FinishReasonText.ToFinishReason(finishReason),
    };

    /// <summary>
    /// Maps <c>usageMetadata</c>: prompt → input (it includes cached tokens), candidates + thoughts → output (thoughts are
    /// billed as output), thoughts → reasoning, cachedContent → cached input, total as sent; tool-use prompt tokens go
    /// to <see cref="UsageDetails.AdditionalCounts"/>.
    /// </summary>
    public static UsageDetails? MapUsage(GenerateContentUsageDto? usage)
    {
        if (usage is null)
        {
            return null;
        }

        var details = new UsageDetails
        {
            InputTokenCount = usage.PromptTokenCount,
            OutputTokenCount = usage.CandidatesTokenCount is null && usage.ThoughtsTokenCount is null
                ? null
                : (usage.CandidatesTokenCount ?? 0) + (usage.ThoughtsTokenCount ?? 0),
            TotalTokenCount = usage.TotalTokenCount,
            CachedInputTokenCount = usage.CachedContentTokenCount,
            ReasoningTokenCount = usage.ThoughtsTokenCount,
        };
        if (usage.ToolUsePromptTokenCount is { } toolUse)
        {
            details.AdditionalCounts = new() { [GenerateContentPropertyNames.ToolUsePromptTokenCount] = toolUse };
        }

        return details;
    }

    /// <summary>Builds the whole answer of a unary call.</summary>
    public static ChatResponse ToChatResponse(GenerateContentResponseDto dto, DialectResponseContext context)
    {
        ThrowIfError(dto, context.Route);
        var contents = new List<AIContent>();
        var candidate = dto.Candidates.Count > 0 ? dto.Candidates[0] : null;
        var calls = candidate?.Content is { } content ? AddParts(contents, content.Parts, dto.ResponseId, 0, context) : 0;
        if (candidate is not null)
        {
            GenerateContentHostedTools.AddGrounding(contents, candidate.GroundingMetadata, dto.ResponseId, GenerateContentHostedTools.AnswerText(contents));
        }

        var message = new ChatMessage(ChatRole.Assistant, contents) { MessageId = dto.ResponseId, RawRepresentation = candidate?.Content };
        var response = new ChatResponse(message)
        {
            ResponseId = dto.ResponseId,
            ModelId = dto.ModelVersion ?? context.Route.WireModelId,
            CreatedAt = dto.CreateTime,
            FinishReason = MapFinishReason(candidate?.FinishReason, calls > 0),
            Usage = MapUsage(dto.UsageMetadata),
            RawRepresentation = dto,
        };
        var properties = new AdditionalPropertiesDictionary();
        AnnotateFinish(properties, candidate);
        if (IsBlocked(dto, context, out var blockReason))
        {
            response.FinishReason ??= ChatFinishReason.ContentFilter;
            AnnotateBlock(properties, dto.PromptFeedback!, blockReason);
        }

        if (properties.Count > 0)
        {
            // On the response, and on the message where a stream's ToChatResponse() puts its updates' properties.
            response.AdditionalProperties = properties;
            message.AdditionalProperties = new(properties);
        }

        return response;
    }

    /// <summary>Throws the mapped exception when <paramref name="dto"/> is an error envelope (a mid-stream error).</summary>
    public static void ThrowIfError(GenerateContentResponseDto dto, Route route)
    {
        if (dto.Error is { } error)
        {
            throw ErrorResponseReader.FromStreamError(error.Status, error.Message, error.Code is > 0 ? error.Code : null, route);
        }
    }

    /// <summary>Puts the raw finish reason and message on <paramref name="properties"/>.</summary>
    public static void AnnotateFinish(AdditionalPropertiesDictionary properties, GenerateContentCandidateDto? candidate)
    {
        if (!string.IsNullOrEmpty(candidate?.FinishReason))
        {
            properties[GenerateContentPropertyNames.FinishReason] = candidate.FinishReason;
            if (candidate.FinishReason is not ("STOP" or "MAX_TOKENS"))
            {
                // The cross-dialect key carries the reasons ChatFinishReason cannot say exactly.
                properties[DialectPropertyKeys.RawFinishReason] = candidate.FinishReason;
            }
        }

        if (!string.IsNullOrEmpty(candidate?.FinishMessage))
        {
            properties[GenerateContentPropertyNames.FinishMessage] = candidate.FinishMessage;
        }
    }

    /// <summary>
    /// A blocked prompt (<c>promptFeedback.blockReason</c>, no candidates) becomes an empty answer with finish reason
    /// ContentFilter rather than an exception, the same as a candidate stopped for SAFETY: the call itself succeeded.
    /// </summary>
    public static bool IsBlocked(GenerateContentResponseDto dto, DialectResponseContext context, out string blockReason)
    {
        blockReason = dto.PromptFeedback?.BlockReason ?? string.Empty;
        if (blockReason.Length == 0 || blockReason == "BLOCK_REASON_UNSPECIFIED")
        {
            return false;
        }

        AiGatewayLog.GenerateContentPromptBlocked(context.Logger, context.Route.WireModelId, blockReason);
        return true;
    }

    /// <summary>Puts the block reason (and its message) on <paramref name="properties"/>.</summary>
    public static void AnnotateBlock(AdditionalPropertiesDictionary properties, GenerateContentPromptFeedbackDto feedback, string blockReason)
    {
        properties[GenerateContentPropertyNames.BlockReason] = blockReason;
        if (!string.IsNullOrEmpty(feedback.BlockReasonMessage))
        {
            properties[GenerateContentPropertyNames.BlockReasonMessage] = feedback.BlockReasonMessage;
        }
    }

    /// <summary>
    /// Makes up a call id for a <c>functionCall</c> without one: stable for the same response (its id and the call's
    /// position), unique within a conversation as long as response ids are, and marked with
    /// <see cref="GenerateContentPropertyNames.GeneratedCallIdPrefix"/> so it is never sent back as Gemini's own id.
    /// </summary>
    public static string GenerateCallId(string? responseId, int ordinal, string name) =>
        string.IsNullOrEmpty(responseId)
            ? string.Create(CultureInfo.InvariantCulture, $"{GenerateContentPropertyNames.GeneratedCallIdPrefix}{name}_{ordinal}")
            : string.Create(CultureInfo.InvariantCulture, $"{GenerateContentPropertyNames.GeneratedCallIdPrefix}{responseId}_{ordinal}");

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
