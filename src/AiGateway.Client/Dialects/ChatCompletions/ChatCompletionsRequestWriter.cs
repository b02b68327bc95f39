// Why this file is long: the whole Chat Completions body (messages with every content part, assistant tool calls and extra content, sampling, response format, tools, reasoning) is written in one Utf8JsonWriter pass.
using System.Text;
using System.Text.Json;
using AiGateway.Client.Catalog;
using AiGateway.Client.Diagnostics;
using AiGateway.Client.Dialects.Json;
using Microsoft.Extensions.AI;

namespace AiGateway.Client.Dialects.ChatCompletions;

/// <summary>
/// Writes a <c>POST chat/completions</c> body (https://platform.openai.com/docs/api-reference/chat/create) from
/// messages and <see cref="ChatOptions"/>, straight to a <see cref="Utf8JsonWriter"/>.
/// </summary>
internal static class ChatCompletionsRequestWriter
{
    /// <summary>The <see cref="AIContent.AdditionalProperties"/> key of an image's <c>detail</c> (<c>auto</c>, <c>low</c>, <c>high</c>).</summary>
    public const string ImageDetailKey = "detail";

    public static void Write(Utf8JsonWriter writer, DialectRequest request)
    {
        var options = request.Options;
        var route = request.Route;
        writer.WriteStartObject();
        writer.WriteString("model", route.WireModelId);
        WriteMessages(writer, request);

        if (options is not null)
        {
            WriteSampling(writer, request, options);
            WriteResponseFormat(writer, options);
            WriteTools(writer, request, options);
            WriteReasoning(writer, request, options);
        }

        if (request.GatewayContext.User is { Length: > 0 } user)
        {
            writer.WriteString("user", user);
        }

        if (request.Stream)
        {
            writer.WriteBoolean("stream", true);

            // Without this the stream carries no usage at all (https://platform.openai.com/docs/api-reference/chat/create#chat-create-stream_options).
            writer.WriteStartObject("stream_options");
            writer.WriteBoolean("include_usage", true);
            writer.WriteEndObject();
        }

        request.WriteGatewayExtensions(writer);
        writer.WriteEndObject();
    }

    /// <summary>
    /// Picks the output-limit field. OpenAI deprecated <c>max_tokens</c> for <c>max_completion_tokens</c>, and its
    /// reasoning models (o-series, gpt-5) reject <c>max_tokens</c>
    /// (https://platform.openai.com/docs/api-reference/chat/create#chat-create-max_tokens), so OpenAI's own models get
    /// <c>max_completion_tokens</c>. Every other model gets <c>max_tokens</c>, including OpenAI's open-weight gpt-oss
    /// (always hosted by someone else): the OpenAI-compatible servers behind the gateways (Databricks on Neon, Workers AI
    /// on Cloudflare, vLLM-style hosts, Vercel's translations to Anthropic and Gemini) all accept it, while support for
    /// <c>max_completion_tokens</c> among them is uneven.
    /// </summary>
    internal static string MaxTokensField(CatalogModel model) =>
        string.Equals(model.Creator, "openai", StringComparison.OrdinalIgnoreCase) && !model.Name.StartsWith("gpt-oss", StringComparison.OrdinalIgnoreCase)
            ? "max_completion_tokens"
            : "max_tokens";

    /// <summary>
    /// Maps <see cref="ReasoningEffort"/> to <c>reasoning_effort</c>. Values are limited to those every Chat Completions
    /// reasoning model accepts (<c>low</c>, <c>medium</c>, <c>high</c>; https://platform.openai.com/docs/api-reference/chat/create#chat-create-reasoning_effort):
    /// <see cref="ReasoningEffort.None"/> becomes <c>low</c>, the lowest value all of them take (<c>none</c> is refused by
    /// models before gpt-5.1, <c>minimal</c> by the o-series and gpt-5.1), and <see cref="ReasoningEffort.ExtraHigh"/>
    /// becomes <c>high</c> (<c>xhigh</c> exists only on models after gpt-5.1-codex-max).
    /// </summary>
    internal static string? ReasoningEffortValue(ReasoningEffort? effort) => effort switch
    {
        null => null,
        ReasoningEffort.None or ReasoningEffort.Low => "low",
        ReasoningEffort.Medium => "medium",
        _ => "high",
    };

    private static void WriteSampling(Utf8JsonWriter writer, DialectRequest request, ChatOptions options)
    {
        if (options.Temperature is { } temperature && request.Accepts("temperature"))
        {
            writer.WriteNumber("temperature", temperature);
        }

        if (options.TopP is { } topP && request.Accepts("top_p"))
        {
            writer.WriteNumber("top_p", topP);
        }

        if (options.TopK is not null)
        {
            AiGatewayLog.ChatCompletionsOptionIgnored(request.Logger, "TopK", request.Route.WireModelId);
        }

        if (options.MaxOutputTokens is { } maxTokens)
        {
            var field = MaxTokensField(request.Route.Model);
            if (request.Accepts(field))
            {
                writer.WriteNumber(field, maxTokens);
            }
        }

        if (options.StopSequences is { Count: > 0 } stop && request.Accepts("stop"))
        {
            writer.WriteStartArray("stop");
            foreach (var sequence in stop)
            {
                writer.WriteStringValue(sequence);
            }

            writer.WriteEndArray();
        }

        if (options.Seed is { } seed && request.Accepts("seed"))
        {
            writer.WriteNumber("seed", seed);
        }

        if (options.FrequencyPenalty is { } frequencyPenalty && request.Accepts("frequency_penalty"))
        {
            writer.WriteNumber("frequency_penalty", frequencyPenalty);
        }

        if (options.PresencePenalty is { } presencePenalty && request.Accepts("presence_penalty"))
        {
            writer.WriteNumber("presence_penalty", presencePenalty);
        }
    }

    private static void WriteResponseFormat(Utf8JsonWriter writer, ChatOptions options)
    {
        // ChatResponseFormatText is the default: nothing to send.
        if (options.ResponseFormat is not ChatResponseFormatJson json)
        {
            return;
        }

        writer.WriteStartObject("response_format");
        if (json.Schema is not { } schema)
        {
            writer.WriteString("type", "json_object");
        }
        else
        {
            // https://platform.openai.com/docs/guides/structured-outputs
            writer.WriteString("type", "json_schema");
            writer.WriteStartObject("json_schema");
            writer.WriteString("name", SchemaName(json.SchemaName));
            if (!string.IsNullOrEmpty(json.SchemaDescription))
            {
                writer.WriteString("description", json.SchemaDescription);
            }

            var strict = StrictJsonSchema.ForResponseFormat(options);
            writer.WritePropertyName("schema");
            JsonSchemaWriter.Write(writer, strict is true ? StrictJsonSchemaTransform.For(json, schema) : schema);
            if (strict is { } flag)
            {
                writer.WriteBoolean("strict", flag);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    private static void WriteTools(Utf8JsonWriter writer, DialectRequest request, ChatOptions options)
    {
        var wroteTools = false;
        if (options.Tools is { Count: > 0 } tools)
        {
            foreach (var tool in tools)
            {
                if (tool is not AIFunctionDeclaration function)
                {
                    AiGatewayLog.ChatCompletionsToolIgnored(request.Logger, tool.Name, tool.GetType().Name);
                    continue;
                }

                if (!wroteTools)
                {
                    writer.WriteStartArray("tools");
                    wroteTools = true;
                }

                writer.WriteStartObject();
                writer.WriteString("type", "function");
                writer.WriteStartObject("function");
                writer.WriteString("name", function.Name);
                if (!string.IsNullOrEmpty(function.Description))
                {
                    writer.WriteString("description", function.Description);
                }

                // strict: true is only accepted with a schema that follows the strict rules, so the schema is transformed.
                var strict = StrictJsonSchema.ForTool(function, options);
                writer.WritePropertyName("parameters");
                if (strict is true)
                {
                    JsonSchemaWriter.Write(writer, StrictJsonSchemaTransform.For(function));
                }
                else
                {
                    JsonSchemaWriter.WriteParameters(writer, function);
                }

                // Omitted when undecided: Chat Completions is not strict unless asked to be.
                if (strict is { } flag)
                {
                    writer.WriteBoolean("strict", flag);
                }

                writer.WriteEndObject();
                writer.WriteEndObject();
            }

            if (wroteTools)
            {
                writer.WriteEndArray();
            }
        }

        // tool_choice and parallel_tool_calls are refused without tools.
        if (!wroteTools)
        {
            return;
        }

        switch (options.ToolMode)
        {
            case NoneChatToolMode:
                writer.WriteString("tool_choice", "none");
                break;
            case AutoChatToolMode:
                writer.WriteString("tool_choice", "auto");
                break;
            case RequiredChatToolMode { RequiredFunctionName: { } name }:
                writer.WriteStartObject("tool_choice");
                writer.WriteString("type", "function");
                writer.WriteStartObject("function");
                writer.WriteString("name", name);
                writer.WriteEndObject();
                writer.WriteEndObject();
                break;
            case RequiredChatToolMode:
                writer.WriteString("tool_choice", "required");
                break;
        }

        if (options.AllowMultipleToolCalls is { } parallel && request.Accepts("parallel_tool_calls"))
        {
            writer.WriteBoolean("parallel_tool_calls", parallel);
        }
    }

    private static void WriteReasoning(Utf8JsonWriter writer, DialectRequest request, ChatOptions options)
    {
        // ReasoningOptions.Output has no Chat Completions field: whatever reasoning a gateway returns is read.
        if (ReasoningEffortValue(options.Reasoning?.Effort) is { } effort && request.Accepts("reasoning_effort"))
        {
            writer.WriteString("reasoning_effort", effort);
        }
    }

    private static void WriteMessages(Utf8JsonWriter writer, DialectRequest request)
    {
        writer.WriteStartArray("messages");
        if (request.Options?.Instructions is { Length: > 0 } instructions)
        {
            writer.WriteStartObject();
            writer.WriteString("role", "system");
            writer.WriteString("content", instructions);
            writer.WriteEndObject();
        }

        foreach (var message in request.Messages)
        {
            WriteMessage(writer, request, message);
        }

        writer.WriteEndArray();
    }

    private static void WriteMessage(Utf8JsonWriter writer, DialectRequest request, ChatMessage message)
    {
        // Function results become their own "tool" messages, whatever role carries them.
        var hasOtherContent = false;
        foreach (var content in message.Contents)
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
        writer.WriteString("role", message.Role == ChatRole.User ? "user" : message.Role == ChatRole.System ? "system" : message.Role.Value);
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
            writer.WriteString("content", single);
            return;
        }

        writer.WriteStartArray("content");
        foreach (var content in message.Contents)
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
            writer.WriteString("content", single);
            return;
        }

        writer.WriteStartArray("content");
        foreach (var content in message.Contents)
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
        foreach (var content in message.Contents)
        {
            switch (content)
            {
                case TextContent:
                    hasText = true;
                    break;
                case FunctionCallContent:
                    hasToolCalls = true;
                    break;
                case ErrorContent { ErrorCode: ChatCompletionsContentMapper.RefusalErrorCode } error:
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
            writer.WriteString("role", "assistant");
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

                foreach (var content in message.Contents)
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
                    foreach (var content in message.Contents)
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
                foreach (var content in message.Contents)
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
        foreach (var content in message.Contents)
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

    private static string SchemaName(string? name)
    {
        // OpenAI requires ^[a-zA-Z0-9_-]{1,64}$.
        if (string.IsNullOrEmpty(name))
        {
            return "response";
        }

        Span<char> buffer = stackalloc char[Math.Min(name.Length, 64)];
        for (var i = 0; i < buffer.Length; i++)
        {
            var c = name[i];
            buffer[i] = char.IsAsciiLetterOrDigit(c) || c is '_' or '-' ? c : '_';
        }

        return buffer.ToString();
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
