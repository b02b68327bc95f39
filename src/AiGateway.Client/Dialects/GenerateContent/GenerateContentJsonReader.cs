using System.Globalization;
using System.Text.Json;

namespace AiGateway.Client.Dialects.GenerateContent;

/// <summary>
/// Parses a <c>GenerateContentResponse</c> with <see cref="Utf8JsonReader"/> straight into
/// <see cref="GenerateContentResponseDto"/>: no JsonDocument except for function-call arguments, unknown fields skipped.
/// Responses are camelCase; snake_case names (which the API also accepts in requests, and some proxies echo) are read
/// too, since matching a second name costs nothing.
/// </summary>
internal static class GenerateContentJsonReader
{
    public static GenerateContentResponseDto Read(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        Expect(ref reader, JsonTokenType.StartObject, "a GenerateContentResponse object");
        var response = ReadResponse(ref reader);

        // Anything after the object (other than whitespace) is not one response.
        if (reader.Read())
        {
            throw new JsonException($"Unexpected {reader.TokenType} after the response object.");
        }

        return response;
    }

    private static GenerateContentResponseDto ReadResponse(ref Utf8JsonReader reader)
    {
        var response = new GenerateContentResponseDto();
        while (NextProperty(ref reader))
        {
            if (Is(ref reader, "candidates"u8))
            {
                ReadArray(ref reader, response.Candidates, ReadCandidate);
            }
            else if (Is(ref reader, "usageMetadata"u8, "usage_metadata"u8))
            {
                response.UsageMetadata = ReadObjectOrNull(ref reader, ReadUsage);
            }
            else if (Is(ref reader, "modelVersion"u8, "model_version"u8))
            {
                response.ModelVersion = ReadString(ref reader);
            }
            else if (Is(ref reader, "responseId"u8, "response_id"u8))
            {
                response.ResponseId = ReadString(ref reader);
            }
            else if (Is(ref reader, "createTime"u8, "create_time"u8))
            {
                response.CreateTime = ReadString(ref reader) is { } time
                    ? DateTimeOffset.Parse(time, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal)
                    : null;
            }
            else if (Is(ref reader, "promptFeedback"u8, "prompt_feedback"u8))
            {
                response.PromptFeedback = ReadObjectOrNull(ref reader, ReadPromptFeedback);
            }
            else if (Is(ref reader, "error"u8))
            {
                response.Error = ReadObjectOrNull(ref reader, ReadError);
            }
            else
            {
                SkipValue(ref reader);
            }
        }

        return response;
    }

    private static GenerateContentCandidateDto ReadCandidate(ref Utf8JsonReader reader)
    {
        var candidate = new GenerateContentCandidateDto();
        while (NextProperty(ref reader))
        {
            if (Is(ref reader, "content"u8))
            {
                candidate.Content = ReadObjectOrNull(ref reader, ReadContent);
            }
            else if (Is(ref reader, "finishReason"u8, "finish_reason"u8))
            {
                candidate.FinishReason = ReadString(ref reader);
            }
            else if (Is(ref reader, "finishMessage"u8, "finish_message"u8))
            {
                candidate.FinishMessage = ReadString(ref reader);
            }
            else if (Is(ref reader, "index"u8))
            {
                candidate.Index = ReadInt(ref reader);
            }
            else if (Is(ref reader, "safetyRatings"u8, "safety_ratings"u8))
            {
                ReadArray(ref reader, candidate.SafetyRatings, ReadSafetyRating);
            }
            else
            {
                SkipValue(ref reader);
            }
        }

        return candidate;
    }

    private static GenerateContentContentDto ReadContent(ref Utf8JsonReader reader)
    {
        var content = new GenerateContentContentDto();
        while (NextProperty(ref reader))
        {
            if (Is(ref reader, "parts"u8))
            {
                ReadArray(ref reader, content.Parts, ReadPart);
            }
            else if (Is(ref reader, "role"u8))
            {
                content.Role = ReadString(ref reader);
            }
            else
            {
                SkipValue(ref reader);
            }
        }

        return content;
    }

    private static GenerateContentPartDto ReadPart(ref Utf8JsonReader reader)
    {
        var part = new GenerateContentPartDto();
        while (NextProperty(ref reader))
        {
            if (Is(ref reader, "text"u8))
            {
                part.Text = ReadString(ref reader);
            }
            else if (Is(ref reader, "thought"u8))
            {
                part.Thought = ReadBool(ref reader);
            }
            else if (Is(ref reader, "thoughtSignature"u8, "thought_signature"u8))
            {
                part.ThoughtSignature = ReadString(ref reader);
            }
            else if (Is(ref reader, "functionCall"u8, "function_call"u8))
            {
                part.FunctionCall = ReadObjectOrNull(ref reader, ReadFunctionCall);
            }
            else if (Is(ref reader, "inlineData"u8, "inline_data"u8))
            {
                part.InlineData = ReadObjectOrNull(ref reader, ReadBlob);
            }
            else if (Is(ref reader, "fileData"u8, "file_data"u8))
            {
                part.FileData = ReadObjectOrNull(ref reader, ReadFileData);
            }
            else
            {
                // executableCode, codeExecutionResult, functionResponse, videoMetadata, …: note the kind, skip the value.
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

    private static GenerateContentFunctionCallDto ReadFunctionCall(ref Utf8JsonReader reader)
    {
        var call = new GenerateContentFunctionCallDto();
        while (NextProperty(ref reader))
        {
            if (Is(ref reader, "name"u8))
            {
                call.Name = ReadString(ref reader);
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
                call.Id = ReadString(ref reader);
            }
            else
            {
                SkipValue(ref reader);
            }
        }

        return call;
    }

    private static GenerateContentBlobDto ReadBlob(ref Utf8JsonReader reader)
    {
        var blob = new GenerateContentBlobDto();
        while (NextProperty(ref reader))
        {
            if (Is(ref reader, "mimeType"u8, "mime_type"u8))
            {
                blob.MimeType = ReadString(ref reader);
            }
            else if (Is(ref reader, "data"u8))
            {
                blob.Data = ReadString(ref reader);
            }
            else
            {
                SkipValue(ref reader);
            }
        }

        return blob;
    }

    private static GenerateContentFileDataDto ReadFileData(ref Utf8JsonReader reader)
    {
        var file = new GenerateContentFileDataDto();
        while (NextProperty(ref reader))
        {
            if (Is(ref reader, "mimeType"u8, "mime_type"u8))
            {
                file.MimeType = ReadString(ref reader);
            }
            else if (Is(ref reader, "fileUri"u8, "file_uri"u8))
            {
                file.FileUri = ReadString(ref reader);
            }
            else
            {
                SkipValue(ref reader);
            }
        }

        return file;
    }

    private static GenerateContentSafetyRatingDto ReadSafetyRating(ref Utf8JsonReader reader)
    {
        var rating = new GenerateContentSafetyRatingDto();
        while (NextProperty(ref reader))
        {
            if (Is(ref reader, "category"u8))
            {
                rating.Category = ReadString(ref reader);
            }
            else if (Is(ref reader, "probability"u8))
            {
                rating.Probability = ReadString(ref reader);
            }
            else if (Is(ref reader, "blocked"u8))
            {
                rating.Blocked = ReadBool(ref reader);
            }
            else
            {
                SkipValue(ref reader);
            }
        }

        return rating;
    }

    private static GenerateContentPromptFeedbackDto ReadPromptFeedback(ref Utf8JsonReader reader)
    {
        var feedback = new GenerateContentPromptFeedbackDto();
        while (NextProperty(ref reader))
        {
            if (Is(ref reader, "blockReason"u8, "block_reason"u8))
            {
                feedback.BlockReason = ReadString(ref reader);
            }
            else if (Is(ref reader, "blockReasonMessage"u8, "block_reason_message"u8))
            {
                feedback.BlockReasonMessage = ReadString(ref reader);
            }
            else if (Is(ref reader, "safetyRatings"u8, "safety_ratings"u8))
            {
                ReadArray(ref reader, feedback.SafetyRatings, ReadSafetyRating);
            }
            else
            {
                SkipValue(ref reader);
            }
        }

        return feedback;
    }

    private static GenerateContentUsageDto ReadUsage(ref Utf8JsonReader reader)
    {
        var usage = new GenerateContentUsageDto();
        while (NextProperty(ref reader))
        {
            if (Is(ref reader, "promptTokenCount"u8, "prompt_token_count"u8))
            {
                usage.PromptTokenCount = ReadInt(ref reader);
            }
            else if (Is(ref reader, "candidatesTokenCount"u8, "candidates_token_count"u8))
            {
                usage.CandidatesTokenCount = ReadInt(ref reader);
            }
            else if (Is(ref reader, "totalTokenCount"u8, "total_token_count"u8))
            {
                usage.TotalTokenCount = ReadInt(ref reader);
            }
            else if (Is(ref reader, "cachedContentTokenCount"u8, "cached_content_token_count"u8))
            {
                usage.CachedContentTokenCount = ReadInt(ref reader);
            }
            else if (Is(ref reader, "thoughtsTokenCount"u8, "thoughts_token_count"u8))
            {
                usage.ThoughtsTokenCount = ReadInt(ref reader);
            }
            else if (Is(ref reader, "toolUsePromptTokenCount"u8, "tool_use_prompt_token_count"u8))
            {
                usage.ToolUsePromptTokenCount = ReadInt(ref reader);
            }
            else
            {
                SkipValue(ref reader);
            }
        }

        return usage;
    }

    private static GenerateContentErrorDto ReadError(ref Utf8JsonReader reader)
    {
        var error = new GenerateContentErrorDto();
        while (NextProperty(ref reader))
        {
            if (Is(ref reader, "code"u8))
            {
                error.Code = ReadInt(ref reader);
            }
            else if (Is(ref reader, "message"u8))
            {
                error.Message = ReadString(ref reader);
            }
            else if (Is(ref reader, "status"u8))
            {
                error.Status = ReadString(ref reader);
            }
            else
            {
                SkipValue(ref reader);
            }
        }

        return error;
    }

    private delegate T ObjectReader<out T>(ref Utf8JsonReader reader);

    /// <summary>Advances to the next property name of the current object; false at its end.</summary>
    private static bool NextProperty(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.EndObject)
        {
            return false;
        }

        if (reader.TokenType != JsonTokenType.PropertyName)
        {
            throw new JsonException($"Expected a property name but found {reader.TokenType}.");
        }

        return true;
    }

    private static bool Is(ref Utf8JsonReader reader, ReadOnlySpan<byte> name) => reader.ValueTextEquals(name);

    private static bool Is(ref Utf8JsonReader reader, ReadOnlySpan<byte> camelCase, ReadOnlySpan<byte> snakeCase) =>
        reader.ValueTextEquals(camelCase) || reader.ValueTextEquals(snakeCase);

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type, string what)
    {
        if (!reader.Read() || reader.TokenType != type)
        {
            throw new JsonException($"Expected {what}.");
        }
    }

    /// <summary>Skips the value of the current property.</summary>
    private static void SkipValue(ref Utf8JsonReader reader)
    {
        reader.Read();
        reader.Skip();
    }

    private static string? ReadString(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.TokenType switch
        {
            JsonTokenType.Null => null,
            JsonTokenType.String => reader.GetString(),
            _ => throw new JsonException($"Expected a string but found {reader.TokenType}."),
        };
    }

    private static bool ReadBool(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.TokenType switch
        {
            JsonTokenType.True => true,
            JsonTokenType.False or JsonTokenType.Null => false,
            _ => throw new JsonException($"Expected true or false but found {reader.TokenType}."),
        };
    }

    private static int? ReadInt(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.TokenType switch
        {
            JsonTokenType.Null => null,
            JsonTokenType.Number => reader.GetInt32(),

            // proto3 JSON may write int64 values as strings.
            JsonTokenType.String => int.TryParse(reader.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
                ? value
                : throw new JsonException("Expected a 32-bit integer in a string but found something else or a larger number."),
            _ => throw new JsonException($"Expected a number but found {reader.TokenType}."),
        };
    }

    private static T? ReadObjectOrNull<T>(ref Utf8JsonReader reader, ObjectReader<T> read)
        where T : class
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"Expected an object but found {reader.TokenType}.");
        }

        return read(ref reader);
    }

    private static void ReadArray<T>(ref Utf8JsonReader reader, List<T> into, ObjectReader<T> read)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null)
        {
            return;
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException($"Expected an array but found {reader.TokenType}.");
        }

        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw new JsonException($"Expected an object in the array but found {reader.TokenType}.");
            }

            into.Add(read(ref reader));
        }
    }
}
