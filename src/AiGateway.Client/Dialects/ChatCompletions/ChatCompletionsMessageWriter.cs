using System.Text;
using System.Text.Json;
using AiGateway.Client.Diagnostics;
using AiGateway.Client.Dialects.Json;
using Microsoft.Extensions.AI;

namespace AiGateway.Client.Dialects.ChatCompletions;

/// <summary>
/// Writes the <c>messages</c> array of a Chat Completions body: every role, content part, assistant tool call with its
/// extra content, and tool result (https://platform.openai.com/docs/api-reference/chat/create#chat-create-messages).
/// </summary>
internal static class ChatCompletionsMessageWriter
{
    /// <summary>The <see cref="AIContent.AdditionalProperties"/> key of an image's <c>detail</c> (<c>auto</c>, <c>low</c>, <c>high</c>).</summary>
    public const string ImageDetailKey = "detail";

    public static void WriteMessages(Utf8JsonWriter writer, DialectRequest request)
    {
        writer.WriteStartArray(ChatCompletionsWireNames.Messages);
        if (request.Options?.Instructions is { Length: > 0 } instructions)
        {
            writer.WriteStartObject();
            writer.WriteString(ChatCompletionsWireNames.Role, ChatCompletionsWireNames.System);
            writer.WriteString(ChatCompletionsWireNames.Content, instructions);
            writer.WriteEndObject();
        }

        // Indexed, not foreach: enumerating an IReadOnlyList boxes its enumerator.
        var messages = request.Messages;
        for (var i = 0; i < messages.Count; i++)
        {
            WriteMessage(writer, request, messages[i]);
        }

        writer.WriteEndArray();
    }

    private static void WriteMessage(Utf8JsonWriter writer, DialectRequest request, ChatMessage message)
    {
        // Function results become their own "tool" messages, whatever role carries them.
        var hasOtherContent = false;
        foreach (var content in message.Contents.Indexed())
        {
            if (content is FunctionResultContent result)
            {
                writer.WriteStartObject();
                writer.WriteString("role", "tool");
                writer.WriteString("tool_call_id", result.CallId);
                WriteToolResultContent(writer, request, result);
                writer.WriteEndObject();
            }
            else
            {
                hasOtherContent = true;
            }
        }

        if (message.Role == ChatRole.Tool || (!hasOtherContent && message.Contents.Count > 0))
        {
            return;
        }

        if (message.Role == ChatRole.Assistant)
        {
            WriteAssistantMessage(writer, request, message);
            return;
        }

        writer.WriteStartObject();
        if (message.Role == ChatRole.User)
        {
            writer.WriteString(ChatCompletionsWireNames.Role, ChatCompletionsWireNames.User);
        }
        else if (message.Role == ChatRole.System)
        {
            writer.WriteString(ChatCompletionsWireNames.Role, ChatCompletionsWireNames.System);
        }
        else
        {
            writer.WriteString(ChatCompletionsWireNames.Role, message.Role.Value);
        }

        if (!string.IsNullOrEmpty(message.AuthorName))
        {
            writer.WriteString("name", message.AuthorName);
        }

        if (message.Role == ChatRole.User)
        {
            WriteUserContent(writer, message);
        }
        else
        {
            WriteTextContent(writer, message);
        }

        writer.WriteEndObject();
    }

    /// <summary>System (and other non-user) content is text: a string for one text, an array of text parts for several.</summary>
    private static void WriteTextContent(Utf8JsonWriter writer, ChatMessage message)
    {
        if (SingleText(message) is { } single)
        {
            writer.WriteString(ChatCompletionsWireNames.Content, single);
            return;
        }

        writer.WriteStartArray("content");
        foreach (var content in message.Contents.Indexed())
        {
            if (content is TextContent text)
            {
                WriteTextPart(writer, text.Text);
            }
        }

        writer.WriteEndArray();
    }

    private static void WriteUserContent(Utf8JsonWriter writer, ChatMessage message)
    {
        if (SingleText(message) is { } single)
        {
            writer.WriteString(ChatCompletionsWireNames.Content, single);
            return;
        }

        writer.WriteStartArray("content");
        foreach (var content in message.Contents.Indexed())
        {
            switch (content)
            {
                case TextContent text:
                    WriteTextPart(writer, text.Text);
                    break;
                case DataContent data:
                    WriteDataPart(writer, data);
                    break;
                case UriContent uri:
                    WriteUriPart(writer, uri);
                    break;
                case HostedFileContent file:
                    writer.WriteStartObject();
                    writer.WriteString("type", "file");
                    writer.WriteStartObject("file");
                    writer.WriteString("file_id", file.FileId);
                    writer.WriteEndObject();
                    writer.WriteEndObject();
                    break;
            }
        }

        writer.WriteEndArray();
    }

    private static void WriteDataPart(Utf8JsonWriter writer, DataContent data)
    {
        if (data.HasTopLevelMediaType("image"))
        {
            WriteImagePart(writer, data.Uri, data.AdditionalProperties);
            return;
        }

        if (data.MediaType.Equals("application/pdf", StringComparison.OrdinalIgnoreCase))
        {
            // https://platform.openai.com/docs/guides/pdf-files (file_data is a data URI)
            writer.WriteStartObject();
            writer.WriteString("type", "file");
            writer.WriteStartObject("file");
            writer.WriteString("filename", data.Name ?? "document.pdf");
            writer.WriteString("file_data", data.Uri);
            writer.WriteEndObject();
            writer.WriteEndObject();
            return;
        }

        if (AudioFormat(data.MediaType) is { } format)
        {
            writer.WriteStartObject();
            writer.WriteString("type", "input_audio");
            writer.WriteStartObject("input_audio");
            writer.WritePropertyName("data");
            writer.WriteStringValue(data.Base64Data.Span);
            writer.WriteString("format", format);
            writer.WriteEndObject();
            writer.WriteEndObject();
            return;
        }

        throw new NotSupportedException(
            $"Chat Completions cannot send a '{data.MediaType}' attachment: it takes images (image/*), PDFs (application/pdf) and WAV or MP3 audio. Convert the content (for example put text files in a TextContent) or use a dialect that accepts it.");
    }

    private static void WriteUriPart(Utf8JsonWriter writer, UriContent uri)
    {
        if (!uri.HasTopLevelMediaType("image"))
        {
            throw new NotSupportedException(
                $"Chat Completions can only take images by URL; '{uri.Uri}' is '{uri.MediaType}'. Download it and send it as a DataContent (PDFs are accepted inline) instead.");
        }

        WriteImagePart(writer, uri.Uri.ToString(), uri.AdditionalProperties);
    }

    private static void WriteImagePart(Utf8JsonWriter writer, string url, AdditionalPropertiesDictionary? properties)
    {
        writer.WriteStartObject();
        writer.WriteString("type", "image_url");
        writer.WriteStartObject("image_url");
        writer.WriteString("url", url);
        if (properties?.TryGetValue(ImageDetailKey, out var detail) == true && detail?.ToString() is { Length: > 0 } value)
        {
            writer.WriteString("detail", value);
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteAssistantMessage(Utf8JsonWriter writer, DialectRequest request, ChatMessage message)
    {
        List<(TextReasoningContent Content, JsonDocument Item, ChatCompletionsReasoning.Shape Shape)>? reasoning = null;
        var hasText = false;
        var hasToolCalls = false;
        string? refusal = null;
        foreach (var content in message.Contents.Indexed())
        {
            switch (content)
            {
                case TextContent:
                    hasText = true;
                    break;
                case FunctionCallContent:
                    hasToolCalls = true;
                    break;
                case ErrorContent { ErrorCode: ChatCompletionsResponseMapper.RefusalErrorCode } error:
                    refusal += error.Message;
                    break;
                case TextReasoningContent thinking:
                    var shape = ChatCompletionsReasoning.Classify(thinking.ProtectedData, out var item);
                    if (shape == ChatCompletionsReasoning.Shape.None)
                    {
                        AiGatewayLog.ChatCompletionsReasoningNotSent(request.Logger, request.Route.WireModelId);
                    }
                    else
                    {
                        (reasoning ??= []).Add((thinking, item!, shape));
                    }

                    break;
            }
        }

        if (!hasText && !hasToolCalls && refusal is null && reasoning is null)
        {
            // Nothing a Chat Completions assistant turn can carry (for example reasoning from another dialect only).
            return;
        }

        try
        {
            writer.WriteStartObject();
            writer.WriteString(ChatCompletionsWireNames.Role, ChatCompletionsWireNames.Assistant);
            if (!string.IsNullOrEmpty(message.AuthorName))
            {
                writer.WriteString("name", message.AuthorName);
            }

            var hasReasoningParts = reasoning?.Exists(r => r.Shape == ChatCompletionsReasoning.Shape.ContentPart) == true;
            if (hasReasoningParts)
            {
                // Databricks wants the thinking (with its signature) back as content parts before the text.
                writer.WriteStartArray("content");
                foreach (var (content, item, shape) in reasoning!)
                {
                    if (shape == ChatCompletionsReasoning.Shape.ContentPart)
                    {
                        ChatCompletionsReasoning.WriteContentPart(writer, item.RootElement, content.Text);
                    }
                }

                foreach (var content in message.Contents.Indexed())
                {
                    if (content is TextContent text)
                    {
                        WriteTextPart(writer, text.Text);
                    }
                }

                writer.WriteEndArray();
            }
            else if (hasText)
            {
                if (SingleText(message) is { } single)
                {
                    writer.WriteString("content", single);
                }
                else
                {
                    writer.WriteStartArray("content");
                    foreach (var content in message.Contents.Indexed())
                    {
                        if (content is TextContent text)
                        {
                            WriteTextPart(writer, text.Text);
                        }
                    }

                    writer.WriteEndArray();
                }
            }
            else if (!hasToolCalls)
            {
                writer.WriteNull("content");
            }

            if (refusal is not null)
            {
                writer.WriteString("refusal", refusal);
            }

            if (hasToolCalls)
            {
                writer.WriteStartArray("tool_calls");
                foreach (var content in message.Contents.Indexed())
                {
                    if (content is FunctionCallContent call)
                    {
                        writer.WriteStartObject();
                        writer.WriteString("id", call.CallId);
                        writer.WriteString("type", "function");
                        writer.WriteStartObject("function");
                        writer.WriteString("name", call.Name);
                        writer.WriteString("arguments", ToolArguments.ToJsonString(call.Arguments));
                        writer.WriteEndObject();
                        WriteExtraContent(writer, call);
                        writer.WriteEndObject();
                    }
                }

                writer.WriteEndArray();
            }

            if (reasoning?.Exists(r => r.Shape == ChatCompletionsReasoning.Shape.ReasoningDetail) == true)
            {
                writer.WriteStartArray("reasoning_details");
                foreach (var (content, item, shape) in reasoning)
                {
                    if (shape == ChatCompletionsReasoning.Shape.ReasoningDetail)
                    {
                        ChatCompletionsReasoning.WriteReasoningDetail(writer, item.RootElement, content.Text);
                    }
                }

                writer.WriteEndArray();
            }

            writer.WriteEndObject();
        }
        finally
        {
            if (reasoning is not null)
            {
                foreach (var (_, item, _) in reasoning)
                {
                    item.Dispose();
                }
            }
        }
    }

    /// <summary>
    /// Sends a tool call's <c>extra_content</c> back exactly as it was received (see
    /// <see cref="ChatCompletionsPropertyKeys.ExtraContent"/>): Gemini 3 answers 400 when the thought signature in it is
    /// missing or altered (https://ai.google.dev/gemini-api/docs/thought-signatures).
    /// </summary>
    private static void WriteExtraContent(Utf8JsonWriter writer, FunctionCallContent call)
    {
        if (call.AdditionalProperties is null || !call.AdditionalProperties.TryGetValue(ChatCompletionsPropertyKeys.ExtraContent, out var value) || value is null)
        {
            return;
        }

        switch (value)
        {
            // As read from a response: the raw object text.
            case string raw:
                WriteRawObject(writer, call, raw);
                break;

            // A history that went through JSON serialization holds a JsonElement: the object itself, or the text as a string.
            case JsonElement { ValueKind: JsonValueKind.Object } element:
                writer.WritePropertyName("extra_content");
                element.WriteTo(writer);
                break;
            case JsonElement { ValueKind: JsonValueKind.String } element:
                WriteRawObject(writer, call, element.GetString()!);
                break;
            default:
                throw InvalidExtraContent(call);
        }

        static void WriteRawObject(Utf8JsonWriter writer, FunctionCallContent call, string raw)
        {
            var utf8 = Encoding.UTF8.GetBytes(raw);
            if (!IsSingleJsonObject(utf8))
            {
                throw InvalidExtraContent(call);
            }

            writer.WritePropertyName("extra_content");
            writer.WriteRawValue(utf8, skipInputValidation: true);
        }
    }

    private static bool IsSingleJsonObject(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            reader.Skip();
            return !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static ArgumentException InvalidExtraContent(FunctionCallContent call) => new(
        $"Function call '{call.CallId}' ('{call.Name}') has an AdditionalProperties['{ChatCompletionsPropertyKeys.ExtraContent}'] that is not a JSON object. " +
        "It must hold the tool call's 'extra_content' exactly as the response carried it (the JSON object text, or a JsonElement of it); remove the entry or put back the value that was read.",
        "messages");

    private static void WriteTextPart(Utf8JsonWriter writer, string text)
    {
        writer.WriteStartObject();
        writer.WriteString("type", "text");
        writer.WriteString("text", text);
        writer.WriteEndObject();
    }

    /// <summary>Gets the text when the message's only content is one <see cref="TextContent"/> (sent as a plain string).</summary>
    private static string? SingleText(ChatMessage message)
    {
        string? single = null;
        foreach (var content in message.Contents.Indexed())
        {
            switch (content)
            {
                case TextContent text when single is null:
                    single = text.Text;
                    break;
                case TextContent:
                case DataContent:
                case UriContent:
                case HostedFileContent:
                    return null;
            }
        }

        return single ?? string.Empty;
    }

    /// <summary>
    /// A tool message's content is a string or a list of <c>text</c> parts
    /// (https://platform.openai.com/docs/api-reference/chat/create, ChatCompletionRequestToolMessage): a result that is
    /// content sends its text; images and files cannot be carried in a tool message and are left out (logged).
    /// </summary>
    private static void WriteToolResultContent(Utf8JsonWriter writer, DialectRequest request, FunctionResultContent result)
    {
        if (FunctionResultContents.Contents(result.Result) is not { } contents)
        {
            writer.WriteString("content", ToolArguments.ResultToString(result.Result));
            return;
        }

        foreach (var content in contents)
        {
            if (content is not TextContent)
            {
                AiGatewayLog.ChatCompletionsToolResultContentNotSent(request.Logger, content.GetType().Name);
            }
        }

        writer.WriteString("content", FunctionResultContents.Text(contents));
    }

    private static string? AudioFormat(string mediaType) => mediaType.ToLowerInvariant() switch
    {
        "audio/wav" or "audio/x-wav" or "audio/wave" => "wav",
        "audio/mpeg" or "audio/mp3" => "mp3",
        _ => null,
    };
}
