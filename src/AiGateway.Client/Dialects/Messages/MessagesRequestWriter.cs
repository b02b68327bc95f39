// Why this file is long: the whole Messages body (system, turns, every block kind, tool results, sampling, tools, tool choice, thinking) is written in one Utf8JsonWriter pass; each block kind is one small method.
using System.Text.Json;
using AiGateway.Client.Diagnostics;
using AiGateway.Client.Dialects.Json;
using AiGateway.Client.Errors;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace AiGateway.Client.Dialects.Messages;

/// <summary>
/// Writes a <c>POST /v1/messages</c> body from Microsoft.Extensions.AI messages and options.
/// Reference: https://docs.claude.com/en/api/messages
/// </summary>
internal static class MessagesRequestWriter
{
    public static void Write(Utf8JsonWriter writer, DialectRequest request)
    {
        var options = request.Options;
        var functions = FunctionTools(request);
        var toolChoice = functions.Count > 0 ? ToolChoiceOf(options) : default;
        var plan = MessagesThinkingPlan.Create(request, toolChoice.ForcesToolUse);

        writer.WriteStartObject();
        writer.WriteString("model", request.Route.WireModelId);
        writer.WriteNumber("max_tokens", plan.MaxTokens);
        WriteSystem(writer, request);
        WriteMessages(writer, request);
        WriteSampling(writer, request, plan);
        if (functions.Count > 0)
        {
            WriteTools(writer, functions);
            WriteToolChoice(writer, toolChoice);
        }

        WriteThinking(writer, plan);
        WriteOutputConfig(writer, request, plan);
        if (!string.IsNullOrEmpty(request.GatewayContext.User))
        {
            // https://docs.claude.com/en/api/messages#body-metadata: an opaque id of the end user, for abuse detection.
            writer.WriteStartObject("metadata");
            writer.WriteString("user_id", request.GatewayContext.User);
            writer.WriteEndObject();
        }

        if (request.Stream)
        {
            writer.WriteBoolean("stream", true);
        }

        request.WriteGatewayExtensions(writer);
        writer.WriteEndObject();
    }

    /// <summary>
    /// Writes <c>system</c>: <see cref="ChatOptions.Instructions"/> then the text of every system message (wherever it
    /// sits in the history; Messages has no system role inside <c>messages</c>). One piece is sent as a string.
    /// </summary>
    private static void WriteSystem(Utf8JsonWriter writer, DialectRequest request)
    {
        List<string>? pieces = null;
        if (request.Options?.Instructions is { Length: > 0 } instructions)
        {
            (pieces ??= []).Add(instructions);
        }

        foreach (var message in request.Messages)
        {
            if (!IsSystem(message.Role))
            {
                continue;
            }

            foreach (var content in message.Contents)
            {
                if (content is TextContent { Text.Length: > 0 } text)
                {
                    (pieces ??= []).Add(text.Text);
                }
            }
        }

        if (pieces is null)
        {
            return;
        }

        if (pieces.Count == 1)
        {
            writer.WriteString("system", pieces[0]);
            return;
        }

        writer.WriteStartArray("system");
        foreach (var piece in pieces)
        {
            WriteTextBlock(writer, piece);
        }

        writer.WriteEndArray();
    }

    /// <summary>
    /// Writes <c>messages</c>. User and assistant turns must alternate, so consecutive messages that map to the same
    /// role are merged into one turn; tool results travel in a user turn, before any other block of that turn
    /// (https://docs.claude.com/en/docs/agents-and-tools/tool-use/implement-tool-use#handling-tool-use-and-tool-result-content-blocks).
    /// </summary>
    private static void WriteMessages(Utf8JsonWriter writer, DialectRequest request)
    {
        writer.WriteStartArray("messages");
        var turn = new List<AIContent>();
        string? turnRole = null;
        foreach (var message in request.Messages)
        {
            if (IsSystem(message.Role))
            {
                continue;
            }

            var role = WireRole(message.Role);
            if (!message.Contents.Any(c => IsWritable(c, role == "assistant")))
            {
                // Left out before grouping, so the turns around it still merge and keep alternating.
                LogIgnored(request, message.Contents, role);
                continue;
            }

            if (turnRole is not null && role != turnRole)
            {
                WriteTurn(writer, request, turnRole, turn);
                turn.Clear();
            }

            turnRole = role;
            turn.AddRange(message.Contents);
        }

        if (turnRole is not null)
        {
            WriteTurn(writer, request, turnRole, turn);
        }

        writer.WriteEndArray();
    }

    private static void WriteTurn(Utf8JsonWriter writer, DialectRequest request, string role, List<AIContent> contents)
    {
        var isAssistant = role == "assistant";
        var writable = 0;
        TextContent? onlyText = null;
        foreach (var content in contents)
        {
            if (IsWritable(content, isAssistant))
            {
                writable++;
                onlyText = content as TextContent;
            }
        }

        LogIgnored(request, contents, role);
        writer.WriteStartObject();
        writer.WriteString("role", role);
        if (writable == 1 && onlyText is not null)
        {
            writer.WriteString("content", onlyText.Text);
        }
        else
        {
            writer.WriteStartArray("content");
            if (!isAssistant)
            {
                foreach (var content in contents)
                {
                    if (content is FunctionResultContent result)
                    {
                        WriteToolResult(writer, result, request.Logger);
                    }
                }
            }

            foreach (var content in contents)
            {
                if (content is not FunctionResultContent && IsWritable(content, isAssistant))
                {
                    WriteBlock(writer, content);
                }
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }

    private static void LogIgnored(DialectRequest request, IEnumerable<AIContent> contents, string role)
    {
        if (!request.Logger.IsEnabled(LogLevel.Debug))
        {
            return;
        }

        foreach (var content in contents)
        {
            // Empty text is dropped silently: it carries nothing.
            if (content is not TextContent && !IsWritable(content, role == "assistant"))
            {
                AiGatewayLog.MessagesContentIgnored(request.Logger, content.GetType().Name, role);
            }
        }
    }

    /// <summary>
    /// Tells whether <paramref name="content"/> becomes a block: non-empty text, images and documents, tool calls and
    /// thinking (with the signature Claude needs to accept it back) in assistant turns, tool results in user turns.
    /// </summary>
    private static bool IsWritable(AIContent content, bool isAssistant) => content switch
    {
        TextContent text => !string.IsNullOrEmpty(text.Text),
        DataContent or UriContent => true,
        FunctionCallContent => isAssistant,
        FunctionResultContent => !isAssistant,
        TextReasoningContent reasoning => isAssistant && !string.IsNullOrEmpty(reasoning.ProtectedData),
        _ => false,
    };

    private static void WriteBlock(Utf8JsonWriter writer, AIContent content)
    {
        switch (content)
        {
            case TextContent text:
                WriteTextBlock(writer, text.Text);
                break;
            case DataContent data:
                WriteDataBlock(writer, data);
                break;
            case UriContent uri:
                WriteUriBlock(writer, uri);
                break;
            case FunctionCallContent call:
                writer.WriteStartObject();
                writer.WriteString("type", "tool_use");
                writer.WriteString("id", call.CallId);
                writer.WriteString("name", call.Name);
                writer.WritePropertyName("input");
                ToolArguments.WriteObject(writer, call.Arguments);
                writer.WriteEndObject();
                break;
            case TextReasoningContent reasoning:
                WriteReasoningBlock(writer, reasoning);
                break;
        }
    }

    private static void WriteTextBlock(Utf8JsonWriter writer, string text)
    {
        writer.WriteStartObject();
        writer.WriteString("type", "text");
        writer.WriteString("text", text);
        writer.WriteEndObject();
    }

    /// <summary>
    /// Sends thinking back as Claude produced it, which a tool loop with thinking requires
    /// (https://docs.claude.com/en/docs/build-with-claude/extended-thinking#preserving-thinking-blocks): a
    /// <c>thinking</c> block with its <c>signature</c>, or a <c>redacted_thinking</c> block with its <c>data</c>.
    /// </summary>
    private static void WriteReasoningBlock(Utf8JsonWriter writer, TextReasoningContent reasoning)
    {
        writer.WriteStartObject();
        if (MessagesReasoning.IsRedacted(reasoning))
        {
            writer.WriteString("type", "redacted_thinking");
            writer.WriteString("data", reasoning.ProtectedData);
        }
        else
        {
            writer.WriteString("type", "thinking");
            writer.WriteString("thinking", reasoning.Text);
            writer.WriteString("signature", reasoning.ProtectedData);
        }

        writer.WriteEndObject();
    }

    /// <summary>
    /// Images become <c>image</c> blocks, PDFs and plain text <c>document</c> blocks, both with a base64 (or text) source.
    /// https://docs.claude.com/en/docs/build-with-claude/vision, https://docs.claude.com/en/docs/build-with-claude/pdf-support
    /// </summary>
    private static void WriteDataBlock(Utf8JsonWriter writer, DataContent data)
    {
        writer.WriteStartObject();
        if (data.HasTopLevelMediaType("image"))
        {
            writer.WriteString("type", "image");
            writer.WriteStartObject("source");
            writer.WriteString("type", "base64");
            writer.WriteString("media_type", data.MediaType);
            writer.WriteString("data", data.Base64Data.Span);
            writer.WriteEndObject();
        }
        else if (IsPdf(data.MediaType))
        {
            writer.WriteString("type", "document");
            writer.WriteStartObject("source");
            writer.WriteString("type", "base64");
            writer.WriteString("media_type", "application/pdf");
            writer.WriteString("data", data.Base64Data.Span);
            writer.WriteEndObject();
            WriteTitle(writer, data.Name);
        }
        else if (data.MediaType.StartsWith("text/plain", StringComparison.OrdinalIgnoreCase))
        {
            writer.WriteString("type", "document");
            writer.WriteStartObject("source");
            writer.WriteString("type", "text");
            writer.WriteString("media_type", "text/plain");
            writer.WriteString("data", data.Data.Span);
            writer.WriteEndObject();
            WriteTitle(writer, data.Name);
        }
        else
        {
            throw Unsupported(data.MediaType, "DataContent");
        }

        writer.WriteEndObject();
    }

    private static void WriteUriBlock(Utf8JsonWriter writer, UriContent uri)
    {
        writer.WriteStartObject();
        if (uri.HasTopLevelMediaType("image"))
        {
            writer.WriteString("type", "image");
        }
        else if (IsPdf(uri.MediaType))
        {
            writer.WriteString("type", "document");
        }
        else
        {
            throw Unsupported(uri.MediaType, "UriContent");
        }

        writer.WriteStartObject("source");
        writer.WriteString("type", "url");
        writer.WriteString("url", uri.Uri.AbsoluteUri);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteTitle(Utf8JsonWriter writer, string? name)
    {
        if (!string.IsNullOrEmpty(name))
        {
            writer.WriteString("title", name);
        }
    }

    private static bool IsPdf(string mediaType) => mediaType.StartsWith("application/pdf", StringComparison.OrdinalIgnoreCase);

    private static NotSupportedException Unsupported(string mediaType, string kind) => new(
        $"The Anthropic Messages dialect cannot send a {kind} of media type '{mediaType}': Claude accepts images (image/jpeg, image/png, image/gif, image/webp), PDFs (application/pdf) and plain-text documents. Convert the content, or send its text as a TextContent.");

    /// <summary>
    /// Writes a <c>tool_result</c>: the result as text (or as text/image blocks when it is AI content), with
    /// <c>is_error</c> when the function threw so Claude knows the call failed.
    /// </summary>
    private static void WriteToolResult(Utf8JsonWriter writer, FunctionResultContent result, ILogger logger)
    {
        writer.WriteStartObject();
        writer.WriteString("type", "tool_result");
        writer.WriteString("tool_use_id", result.CallId);
        switch (FunctionResultContents.Contents(result.Result))
        {
            // Content results become the tool_result's own text, image and document blocks
            // (https://docs.claude.com/en/docs/agents-and-tools/tool-use/implement-tool-use#handling-tool-use-and-tool-result-content-blocks);
            // hosted files have no block without the Files API beta and are left out (logged).
            case { } contents:
                writer.WriteStartArray("content");
                foreach (var item in contents)
                {
                    if (item is TextContent or DataContent or UriContent && IsWritable(item, isAssistant: false))
                    {
                        WriteBlock(writer, item);
                    }
                    else if (item is not TextContent)
                    {
                        AiGatewayLog.MessagesToolResultContentNotSent(logger, item.GetType().Name);
                    }
                }

                writer.WriteEndArray();
                break;
            default:
                var text = ToolArguments.ResultToString(result.Result);
                if (text.Length == 0 && result.Exception is { } failure)
                {
                    text = "Error: " + failure.Message;
                }

                if (text.Length > 0)
                {
                    writer.WriteString("content", text);
                }

                break;
        }

        if (result.Exception is not null)
        {
            writer.WriteBoolean("is_error", true);
        }

        writer.WriteEndObject();
    }

    private static void WriteSampling(Utf8JsonWriter writer, DialectRequest request, MessagesThinkingPlan plan)
    {
        if (request.Options is not { } options)
        {
            return;
        }

        var model = request.Route.WireModelId;

        // With thinking on, Anthropic allows only temperature 1, top_p from 0.95 to 1, and no top_k:
        // https://docs.claude.com/en/docs/build-with-claude/extended-thinking#feature-compatibility
        if (options.Temperature is { } temperature)
        {
            if (plan.IsThinking && temperature != 1f)
            {
                AiGatewayLog.MessagesThinkingParameterDropped(request.Logger, "temperature", model);
            }
            else if (request.Accepts("temperature"))
            {
                writer.WriteNumber("temperature", temperature);
            }
        }

        if (options.TopP is { } topP)
        {
            if (options.Temperature is not null && TakesOneSampler(model) && request.Accepts("temperature"))
            {
                // Sonnet/Haiku 4.5 and later, and Opus 4.1 and later, reject a request with both (400 "temperature and
                // top_p cannot both be specified for this model"):
                // https://platform.claude.com/docs/en/about-claude/models/migration-guide. Temperature is kept.
                AiGatewayLog.MessagesTopPDroppedForTemperature(request.Logger, model);
            }
            else if (plan.IsThinking && topP < 0.95f)
            {
                AiGatewayLog.MessagesThinkingParameterDropped(request.Logger, "top_p", model);
            }
            else if (request.Accepts("top_p"))
            {
                writer.WriteNumber("top_p", topP);
            }
        }

        if (options.TopK is { } topK)
        {
            if (plan.IsThinking)
            {
                AiGatewayLog.MessagesThinkingParameterDropped(request.Logger, "top_k", model);
            }
            else if (request.Accepts("top_k"))
            {
                writer.WriteNumber("top_k", topK);
            }
        }

        if (options.StopSequences is { Count: > 0 } stops)
        {
            writer.WriteStartArray("stop_sequences");
            foreach (var stop in stops)
            {
                writer.WriteStringValue(stop);
            }

            writer.WriteEndArray();
        }

        if (options.Seed is not null)
        {
            AiGatewayLog.MessagesParameterUnsupported(request.Logger, "seed", model);
        }

        if (options.FrequencyPenalty is not null)
        {
            AiGatewayLog.MessagesParameterUnsupported(request.Logger, "frequency_penalty", model);
        }

        if (options.PresencePenalty is not null)
        {
            AiGatewayLog.MessagesParameterUnsupported(request.Logger, "presence_penalty", model);
        }
    }

    private static List<AIFunctionDeclaration> FunctionTools(DialectRequest request)
    {
        var functions = new List<AIFunctionDeclaration>();
        if (request.Options?.Tools is not { Count: > 0 } tools)
        {
            return functions;
        }

        foreach (var tool in tools)
        {
            if (tool is AIFunctionDeclaration function)
            {
                functions.Add(function);
            }
            else
            {
                AiGatewayLog.MessagesToolIgnored(request.Logger, tool.Name, tool.GetType().Name);
            }
        }

        return functions;
    }

    /// <summary>https://docs.claude.com/en/docs/agents-and-tools/tool-use/implement-tool-use#specifying-client-tools</summary>
    private static void WriteTools(Utf8JsonWriter writer, List<AIFunctionDeclaration> functions)
    {
        writer.WriteStartArray("tools");
        foreach (var function in functions)
        {
            writer.WriteStartObject();
            writer.WriteString("name", function.Name);
            if (!string.IsNullOrEmpty(function.Description))
            {
                writer.WriteString("description", function.Description);
            }

            writer.WritePropertyName("input_schema");
            JsonSchemaWriter.WriteParameters(writer, function);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    /// <summary>
    /// Maps the tool mode: auto → <c>auto</c>, none → <c>none</c>, required → <c>any</c>, required with a name →
    /// <c>tool</c>; <see cref="ChatOptions.AllowMultipleToolCalls"/> = false → <c>disable_parallel_tool_use</c>.
    /// https://docs.claude.com/en/docs/agents-and-tools/tool-use/implement-tool-use#forcing-tool-use
    /// </summary>
    private static ToolChoice ToolChoiceOf(ChatOptions? options)
    {
        var disableParallel = options?.AllowMultipleToolCalls == false;
        return options?.ToolMode switch
        {
            NoneChatToolMode => new ToolChoice("none", null, false),
            RequiredChatToolMode { RequiredFunctionName: { } name } => new ToolChoice("tool", name, disableParallel),
            RequiredChatToolMode => new ToolChoice("any", null, disableParallel),
            AutoChatToolMode => new ToolChoice("auto", null, disableParallel),
            _ => disableParallel ? new ToolChoice("auto", null, true) : default,
        };
    }

    private static void WriteToolChoice(Utf8JsonWriter writer, ToolChoice choice)
    {
        if (choice.Type is null)
        {
            return;
        }

        writer.WriteStartObject("tool_choice");
        writer.WriteString("type", choice.Type);
        if (choice.Name is not null)
        {
            writer.WriteString("name", choice.Name);
        }

        if (choice.DisableParallel)
        {
            writer.WriteBoolean("disable_parallel_tool_use", true);
        }

        writer.WriteEndObject();
    }

    private static void WriteThinking(Utf8JsonWriter writer, MessagesThinkingPlan plan)
    {
        if (!plan.IsThinking)
        {
            return;
        }

        writer.WriteStartObject("thinking");
        if (plan.Mode == MessagesThinkingMode.Adaptive)
        {
            writer.WriteString("type", "adaptive");
        }
        else
        {
            writer.WriteString("type", "enabled");
            writer.WriteNumber("budget_tokens", plan.BudgetTokens);
        }

        if (plan.Display is not null)
        {
            writer.WriteString("display", plan.Display);
        }

        writer.WriteEndObject();
    }

    /// <summary>
    /// Writes <c>output_config</c>: the adaptive-thinking effort, and the JSON schema the answer must follow
    /// (<c>format: {type: "json_schema", schema}</c>, https://platform.claude.com/docs/en/build-with-claude/structured-outputs).
    /// </summary>
    private static void WriteOutputConfig(Utf8JsonWriter writer, DialectRequest request, MessagesThinkingPlan plan)
    {
        JsonElement? schema = null;
        if (request.Options?.ResponseFormat is ChatResponseFormatJson json)
        {
            if (json.Schema is { } s)
            {
                schema = s;
            }
            else
            {
                // Claude's structured outputs take a JSON schema only
                // (https://platform.claude.com/docs/en/build-with-claude/structured-outputs): there is no schema-less
                // JSON mode to send, and dropping the format would return prose where the caller expects JSON.
                throw new InvalidRequestException(
                    $"ChatResponseFormat.Json without a schema cannot be sent to '{request.Route.WireModelId}' over the Anthropic Messages API, which constrains output only to a JSON schema. " +
                    "Pass ChatResponseFormat.ForJsonSchema(...) (or use GetResponseAsync<T>), or ask for JSON in the instructions and leave ResponseFormat unset.");
            }
        }

        if (schema is null && plan.Effort is null)
        {
            return;
        }

        writer.WriteStartObject("output_config");
        if (plan.Effort is not null)
        {
            writer.WriteString("effort", plan.Effort);
        }

        if (schema is { } value)
        {
            writer.WriteStartObject("format");
            writer.WriteString("type", "json_schema");
            writer.WritePropertyName("schema");
            JsonSchemaWriter.Write(writer, value);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    /// <summary>Tells whether the model takes only one of temperature and top_p: Claude 4.5 and later, Opus 4.1 and later.</summary>
    private static bool TakesOneSampler(string model) => ClaudeModelVersion.Parse(model) is { } version
        && (version.Major > 4 || (version.Major == 4 && (version.Minor >= 5 || (version.Family == "opus" && version.Minor >= 1))));

    private static bool IsSystem(ChatRole role) => role == ChatRole.System || role.Value == "developer";

    private static string WireRole(ChatRole role)
    {
        if (role == ChatRole.Assistant)
        {
            return "assistant";
        }

        if (role == ChatRole.User || role == ChatRole.Tool)
        {
            return "user";
        }

        throw new ArgumentException(
            $"The Anthropic Messages dialect has no '{role.Value}' role: use ChatRole.System, ChatRole.User, ChatRole.Assistant or ChatRole.Tool.",
            nameof(role));
    }

    /// <summary>The resolved <c>tool_choice</c>; a null <see cref="Type"/> means none is sent.</summary>
    private readonly record struct ToolChoice(string? Type, string? Name, bool DisableParallel)
    {
        public bool ForcesToolUse => Type is "any" or "tool";
    }
}
