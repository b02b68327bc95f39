using System.Globalization;
using System.Text.Json;
using AiGateway.Client.Dialects.Json;

namespace AiGateway.Client.Dialects.GenerateContent;

/// <summary>
/// Parses a <c>GenerateContentResponse</c> with <see cref="Utf8JsonReader"/> straight into
/// <see cref="GenerateContentResponseDto"/>: no JsonDocument except for function-call arguments, unknown fields skipped.
/// Responses are camelCase; snake_case names (which the API also accepts in requests, and some proxies echo) are read
/// too, since matching a second name costs nothing.
/// </summary>
internal static class GenerateContentJsonReader
{
    public static GenerateContentResponseDto Read(ReadOnlySpan<byte> json) => Read(json, null);

    /// <summary>Reads one response; <paramref name="strings"/> caches the values a stream's chunks repeat (null for a whole body).</summary>
    public static GenerateContentResponseDto Read(ReadOnlySpan<byte> json, GenerateContentChunkStrings? strings)
    {
        // Comments are skipped; data without a '/' cannot hold one, and is read on the reader's faster comment-free path.
        var reader = new Utf8JsonReader(json, json.IndexOf((byte)'/') < 0 ? default : new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        Expect(ref reader, JsonTokenType.StartObject, "a GenerateContentResponse object");
        var response = ReadResponse(ref reader, strings);

        // Anything after the object (other than whitespace) is not one response.
        if (reader.Read())
        {
            throw new JsonException($"Unexpected {reader.TokenType} after the response object.");
        }

        return response;
    }

    /// <summary>Parses <c>createTime</c> (RFC 3339) as UTC.</summary>
    public static DateTimeOffset ParseTime(string time) =>
        DateTimeOffset.Parse(time, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    private static GenerateContentResponseDto ReadResponse(ref Utf8JsonReader reader, GenerateContentChunkStrings? strings)
    {
        var response = strings?.Pool?.Response() ?? new GenerateContentResponseDto();
        while (JsonValueReader.NextProperty(ref reader))
        {
            if (Is(ref reader, "candidates"u8))
            {
                reader.Read();
                JsonValueReader.ReadArray(ref reader, response.Candidates, strings, ReadCandidate);
            }
            else if (Is(ref reader, "usageMetadata"u8, "usage_metadata"u8))
            {
                reader.Read();
                response.UsageMetadata = JsonValueReader.ReadObjectOrNull(ref reader, strings?.Pool, ReadUsage);
            }
            else if (Is(ref reader, "modelVersion"u8, "model_version"u8))
            {
                reader.Read();
                response.ModelVersion = strings is null ? JsonValueReader.ReadString(ref reader) : strings.ModelVersion.Read(ref reader);
            }
            else if (Is(ref reader, "responseId"u8, "response_id"u8))
            {
                reader.Read();
                response.ResponseId = strings is null ? JsonValueReader.ReadString(ref reader) : strings.ResponseId.Read(ref reader);
            }
            else if (Is(ref reader, "createTime"u8, "create_time"u8))
            {
                reader.Read();
                response.CreateTime = strings is not null ? strings.ReadCreateTime(ref reader)
                    : JsonValueReader.ReadString(ref reader) is { } time ? ParseTime(time) : null;
            }
            else if (Is(ref reader, "promptFeedback"u8, "prompt_feedback"u8))
            {
                reader.Read();
                response.PromptFeedback = JsonValueReader.ReadObjectOrNull(ref reader, ReadPromptFeedback);
            }
            else if (Is(ref reader, "error"u8))
            {
                reader.Read();
                response.Error = JsonValueReader.ReadObjectOrNull(ref reader, ReadError);
            }
            else
            {
                JsonValueReader.SkipPropertyValue(ref reader);
            }
        }

        return response;
    }

    private static GenerateContentCandidateDto ReadCandidate(ref Utf8JsonReader reader, GenerateContentChunkStrings? strings)
    {
        var candidate = strings?.Pool?.Candidate() ?? new GenerateContentCandidateDto();
        while (JsonValueReader.NextProperty(ref reader))
        {
            if (Is(ref reader, "content"u8))
            {
                reader.Read();
                candidate.Content = JsonValueReader.ReadObjectOrNull(ref reader, strings, ReadContent);
            }
            else if (Is(ref reader, "finishReason"u8, "finish_reason"u8))
            {
                reader.Read();
                candidate.FinishReason = JsonValueReader.ReadString(ref reader);
            }
            else if (Is(ref reader, "finishMessage"u8, "finish_message"u8))
            {
                reader.Read();
                candidate.FinishMessage = JsonValueReader.ReadString(ref reader);
            }
            else if (Is(ref reader, "index"u8))
            {
                reader.Read();
                candidate.Index = JsonValueReader.ReadInt32(ref reader);
            }
            else if (Is(ref reader, "safetyRatings"u8, "safety_ratings"u8))
            {
                reader.Read();
                JsonValueReader.ReadArray(ref reader, candidate.SafetyRatings, ReadSafetyRating);
            }
            else if (Is(ref reader, "groundingMetadata"u8, "grounding_metadata"u8))
            {
                reader.Read();
                candidate.GroundingMetadata = JsonElement.ParseValue(ref reader);
            }
            else
            {
                JsonValueReader.SkipPropertyValue(ref reader);
            }
        }

        return candidate;
    }

    private static GenerateContentContentDto ReadContent(ref Utf8JsonReader reader, GenerateContentChunkStrings? strings)
    {
        var content = strings?.Pool?.Content() ?? new GenerateContentContentDto();
        while (JsonValueReader.NextProperty(ref reader))
        {
            if (Is(ref reader, "parts"u8))
            {
                reader.Read();
                JsonValueReader.ReadArray(ref reader, content.Parts, strings, ReadPart);
            }
            else if (Is(ref reader, "role"u8))
            {
                reader.Read();
                // Every chunk says "model": no new string for it.
                content.Role = reader.TokenType == JsonTokenType.String && reader.ValueTextEquals("model"u8) ? "model" : JsonValueReader.ReadString(ref reader);
            }
            else
            {
                JsonValueReader.SkipPropertyValue(ref reader);
            }
        }

        return content;
    }

    private static GenerateContentPartDto ReadPart(ref Utf8JsonReader reader, GenerateContentChunkStrings? strings)
    {
        var part = strings?.Pool?.Part() ?? new GenerateContentPartDto();
        while (JsonValueReader.NextProperty(ref reader))
        {
            if (Is(ref reader, "text"u8))
            {
                reader.Read();
                part.Text = JsonValueReader.ReadString(ref reader);
            }
            else if (Is(ref reader, "thought"u8))
            {
                reader.Read();
                part.Thought = JsonValueReader.ReadBoolean(ref reader);
            }
            else if (Is(ref reader, "thoughtSignature"u8, "thought_signature"u8))
            {
                reader.Read();
                part.ThoughtSignature = JsonValueReader.ReadString(ref reader);
            }
            else if (Is(ref reader, "functionCall"u8, "function_call"u8))
            {
                reader.Read();
                part.FunctionCall = JsonValueReader.ReadObjectOrNull(ref reader, strings, ReadFunctionCall);
            }
            else if (Is(ref reader, "inlineData"u8, "inline_data"u8))
            {
                reader.Read();
                part.InlineData = JsonValueReader.ReadObjectOrNull(ref reader, ReadBlob);
            }
            else if (Is(ref reader, "fileData"u8, "file_data"u8))
            {
                reader.Read();
                part.FileData = JsonValueReader.ReadObjectOrNull(ref reader, ReadFileData);
            }
            else if (Is(ref reader, "executableCode"u8, "executable_code"u8))
            {
                reader.Read();
                part.ExecutableCode = JsonElement.ParseValue(ref reader);
            }
            else if (Is(ref reader, "codeExecutionResult"u8, "code_execution_result"u8))
            {
                reader.Read();
                part.CodeExecutionResult = JsonElement.ParseValue(ref reader);
            }
            else
            {
                // functionResponse, videoMetadata, …: note the kind, skip the value.
                var name = reader.GetString();
                reader.Read();
                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    part.OtherKind ??= name;
                    reader.Skip();
                }
            }
        }

        return part;
    }

    private static GenerateContentFunctionCallDto ReadFunctionCall(ref Utf8JsonReader reader, GenerateContentChunkStrings? strings)
    {
        var call = strings?.Pool?.FunctionCall() ?? new GenerateContentFunctionCallDto();
        while (JsonValueReader.NextProperty(ref reader))
        {
            if (Is(ref reader, "name"u8))
            {
                reader.Read();
                call.Name = strings is null ? JsonValueReader.ReadString(ref reader) : strings.FunctionName.Read(ref reader);
            }
            else if (Is(ref reader, "args"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.Null)
                {
                    call.Args = JsonElement.ParseValue(ref reader);
                }
            }
            else if (Is(ref reader, "id"u8))
            {
                reader.Read();
                call.Id = JsonValueReader.ReadString(ref reader);
            }
            else
            {
                JsonValueReader.SkipPropertyValue(ref reader);
            }
        }

        return call;
    }

    private static GenerateContentBlobDto ReadBlob(ref Utf8JsonReader reader)
    {
        var blob = new GenerateContentBlobDto();
        while (JsonValueReader.NextProperty(ref reader))
        {
            if (Is(ref reader, "mimeType"u8, "mime_type"u8))
            {
                reader.Read();
                blob.MimeType = JsonValueReader.ReadString(ref reader);
            }
            else if (Is(ref reader, "data"u8))
            {
                reader.Read();
                blob.Data = JsonValueReader.ReadString(ref reader);
            }
            else
            {
                JsonValueReader.SkipPropertyValue(ref reader);
            }
        }

        return blob;
    }

    private static GenerateContentFileDataDto ReadFileData(ref Utf8JsonReader reader)
    {
        var file = new GenerateContentFileDataDto();
        while (JsonValueReader.NextProperty(ref reader))
        {
            if (Is(ref reader, "mimeType"u8, "mime_type"u8))
            {
                reader.Read();
                file.MimeType = JsonValueReader.ReadString(ref reader);
            }
            else if (Is(ref reader, "fileUri"u8, "file_uri"u8))
            {
                reader.Read();
                file.FileUri = JsonValueReader.ReadString(ref reader);
            }
            else
            {
                JsonValueReader.SkipPropertyValue(ref reader);
            }
        }

        return file;
    }

    private static GenerateContentSafetyRatingDto ReadSafetyRating(ref Utf8JsonReader reader)
    {
        var rating = new GenerateContentSafetyRatingDto();
        while (JsonValueReader.NextProperty(ref reader))
        {
            if (Is(ref reader, "category"u8))
            {
                reader.Read();
                rating.Category = JsonValueReader.ReadString(ref reader);
            }
            else if (Is(ref reader, "probability"u8))
            {
                reader.Read();
                rating.Probability = JsonValueReader.ReadString(ref reader);
            }
            else if (Is(ref reader, "blocked"u8))
            {
                reader.Read();
                rating.Blocked = JsonValueReader.ReadBoolean(ref reader);
            }
            else
            {
                JsonValueReader.SkipPropertyValue(ref reader);
            }
        }

        return rating;
    }

    private static GenerateContentPromptFeedbackDto ReadPromptFeedback(ref Utf8JsonReader reader)
    {
        var feedback = new GenerateContentPromptFeedbackDto();
        while (JsonValueReader.NextProperty(ref reader))
        {
            if (Is(ref reader, "blockReason"u8, "block_reason"u8))
            {
                reader.Read();
                feedback.BlockReason = JsonValueReader.ReadString(ref reader);
            }
            else if (Is(ref reader, "blockReasonMessage"u8, "block_reason_message"u8))
            {
                reader.Read();
                feedback.BlockReasonMessage = JsonValueReader.ReadString(ref reader);
            }
            else if (Is(ref reader, "safetyRatings"u8, "safety_ratings"u8))
            {
                reader.Read();
                JsonValueReader.ReadArray(ref reader, feedback.SafetyRatings, ReadSafetyRating);
            }
            else
            {
                JsonValueReader.SkipPropertyValue(ref reader);
            }
        }

        return feedback;
    }

    private static GenerateContentUsageDto ReadUsage(ref Utf8JsonReader reader, GenerateContentDtoPool? pool)
    {
        var usage = pool?.Usage() ?? new GenerateContentUsageDto();
        while (JsonValueReader.NextProperty(ref reader))
        {
            if (Is(ref reader, "promptTokenCount"u8, "prompt_token_count"u8))
            {
                reader.Read();
                usage.PromptTokenCount = JsonValueReader.ReadInt32(ref reader);
            }
            else if (Is(ref reader, "candidatesTokenCount"u8, "candidates_token_count"u8))
            {
                reader.Read();
                usage.CandidatesTokenCount = JsonValueReader.ReadInt32(ref reader);
            }
            else if (Is(ref reader, "totalTokenCount"u8, "total_token_count"u8))
            {
                reader.Read();
                usage.TotalTokenCount = JsonValueReader.ReadInt32(ref reader);
            }
            else if (Is(ref reader, "cachedContentTokenCount"u8, "cached_content_token_count"u8))
            {
                reader.Read();
                usage.CachedContentTokenCount = JsonValueReader.ReadInt32(ref reader);
            }
            else if (Is(ref reader, "thoughtsTokenCount"u8, "thoughts_token_count"u8))
            {
                reader.Read();
                usage.ThoughtsTokenCount = JsonValueReader.ReadInt32(ref reader);
            }
            else if (Is(ref reader, "toolUsePromptTokenCount"u8, "tool_use_prompt_token_count"u8))
            {
                reader.Read();
                usage.ToolUsePromptTokenCount = JsonValueReader.ReadInt32(ref reader);
            }
            else
            {
                JsonValueReader.SkipPropertyValue(ref reader);
            }
        }

        return usage;
    }

    private static GenerateContentErrorDto ReadError(ref Utf8JsonReader reader)
    {
        var error = new GenerateContentErrorDto();
        while (JsonValueReader.NextProperty(ref reader))
        {
            if (Is(ref reader, "code"u8))
            {
                reader.Read();
                error.Code = JsonValueReader.ReadInt32(ref reader);
            }
            else if (Is(ref reader, "message"u8))
            {
                reader.Read();
                error.Message = JsonValueReader.ReadString(ref reader);
            }
            else if (Is(ref reader, "status"u8))
            {
                reader.Read();
                error.Status = JsonValueReader.ReadString(ref reader);
            }
            else
            {
                JsonValueReader.SkipPropertyValue(ref reader);
            }
        }

        return error;
    }

    private static bool Is(ref Utf8JsonReader reader, ReadOnlySpan<byte> name) => reader.ValueTextEquals(name);

    // The snake_case name is compared only when the name read could be it (its length, unless escaped): responses are
    // camelCase, so nearly every comparison with a snake_case name would fail, each a call into the reader.
    private static bool Is(ref Utf8JsonReader reader, ReadOnlySpan<byte> camelCase, ReadOnlySpan<byte> snakeCase) =>
        reader.ValueTextEquals(camelCase)
        || ((reader.ValueIsEscaped || reader.HasValueSequence || reader.ValueSpan.Length == snakeCase.Length) && reader.ValueTextEquals(snakeCase));

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type, string what)
    {
        if (!reader.Read() || reader.TokenType != type)
        {
            throw new JsonException($"Expected {what}.");
        }
    }
}
