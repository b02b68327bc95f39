using System.Text.Json;
using AiGateway.Client.Diagnostics;
using AiGateway.Client.Dialects.HostedTools;
using AiGateway.Client.Dialects.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace AiGateway.Client.Dialects.Messages;

/// <summary>
/// Writes the <c>system</c> prompt and the <c>messages</c> turns of a Messages body (https://docs.claude.com/en/api/messages):
/// adjacent turns of one role merged, every block kind (text, thinking, images, documents, tool use and tool results)
/// with the cache breakpoints the <see cref="MessagesCachePlan"/> placed.
/// </summary>
internal static class MessagesMessageWriter
{
    /// <summary>
    /// Writes <c>system</c>: <see cref="ChatOptions.Instructions"/> then the text of every system message (wherever it
    /// sits in the history; Messages has no system role inside <c>messages</c>). One piece is sent as a string, unless
    /// it carries a cache breakpoint (only a block can).
    /// </summary>
    public static void WriteSystem(Utf8JsonWriter writer, DialectRequest request, CacheMark mark)
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

        if (pieces.Count == 1 && !mark.IsSet)
        {
            writer.WriteString("system", pieces[0]);
            return;
        }

        writer.WriteStartArray("system");
        for (var i = 0; i < pieces.Count; i++)
        {
            WriteTextBlock(writer, pieces[i], i == pieces.Count - 1 ? mark : default);
        }

        writer.WriteEndArray();
    }

    /// <summary>
    /// Writes <c>messages</c>. User and assistant turns must alternate, so consecutive messages that map to the same
    /// role are merged into one turn; tool results travel in a user turn, before any other block of that turn
    /// (https://docs.claude.com/en/docs/agents-and-tools/tool-use/implement-tool-use#handling-tool-use-and-tool-result-content-blocks).
    /// </summary>
    public static void WriteMessages(Utf8JsonWriter writer, DialectRequest request, MessagesCachePlan? cache)
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
                WriteTurn(writer, request, turnRole, turn, cache, isLast: false);
                turn.Clear();
            }

            turnRole = role;
            turn.AddRange(message.Contents);
        }

        if (turnRole is not null)
        {
            WriteTurn(writer, request, turnRole, turn, cache, isLast: true);
        }

        writer.WriteEndArray();
    }

    /// <summary>
    /// Writes one turn. With caching, the automatic breakpoint of the last turn goes on the block written last (tool
    /// results come first in a user turn), unless that is a thinking block, which cannot carry one.
    /// </summary>
    private static void WriteTurn(Utf8JsonWriter writer, DialectRequest request, string role, List<AIContent> contents, MessagesCachePlan? cache, bool isLast)
    {
        var isAssistant = role == "assistant";
        var writable = 0;
        TextContent? onlyText = null;
        AIContent? lastResult = null;
        AIContent? lastOther = null;
        foreach (var content in contents)
        {
            if (IsWritable(content, isAssistant))
            {
                writable++;
                onlyText = content as TextContent;
                if (content is FunctionResultContent)
                {
                    lastResult = content;
                }
                else
                {
                    lastOther = content;
                }
            }
        }

        AIContent? autoTarget = null;
        if (cache is not null && isLast && cache.LastTurn.IsSet && (lastOther ?? lastResult) is { } target && MessagesCachePlan.IsCacheable(target))
        {
            autoTarget = target;
        }

        LogIgnored(request, contents, role);
        writer.WriteStartObject();
        writer.WriteString("role", role);
        if (writable == 1 && onlyText is not null && (cache is null || (autoTarget is null && !cache.For(onlyText).IsSet)))
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
                        WriteToolResult(writer, result, request.Logger, MarkOf(cache, content, autoTarget));
                    }
                }
            }

            foreach (var content in contents)
            {
                if (content is not FunctionResultContent && IsWritable(content, isAssistant))
                {
                    WriteBlock(writer, content, MarkOf(cache, content, autoTarget));
                }
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }

    private static CacheMark MarkOf(MessagesCachePlan? cache, AIContent content, AIContent? autoTarget)
    {
        if (cache is null)
        {
            return default;
        }

        var mark = cache.For(content);
        return !mark.IsSet && ReferenceEquals(content, autoTarget) ? cache.LastTurn : mark;
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

        // Server-tool blocks go back as Anthropic wrote them (the search results' encrypted_content is needed for
        // their citations); hosted-tool contents from another dialect have no Messages block and are left out.
        _ => isAssistant && HostedToolWire.Get(content, HostedToolWire.MessagesBlockKey) is not null,
    };

    private static void WriteBlock(Utf8JsonWriter writer, AIContent content, CacheMark mark = default)
    {
        switch (content)
        {
            case TextContent text:
                WriteTextBlock(writer, text.Text, mark);
                break;
            case DataContent data:
                WriteDataBlock(writer, data, mark);
                break;
            case UriContent uri:
                WriteUriBlock(writer, uri, mark);
                break;
            case FunctionCallContent call:
                writer.WriteStartObject();
                writer.WriteString("type", "tool_use");
                writer.WriteString("id", call.CallId);
                writer.WriteString("name", call.Name);
                writer.WritePropertyName("input");
                ToolArguments.WriteObject(writer, call.Arguments);
                MessagesCachePlan.Write(writer, mark);
                writer.WriteEndObject();
                break;
            case TextReasoningContent reasoning:
                WriteReasoningBlock(writer, reasoning);
                break;
            default:
                HostedToolWire.TryWrite(writer, content, HostedToolWire.MessagesBlockKey);
                break;
        }
    }

    private static void WriteTextBlock(Utf8JsonWriter writer, string text, CacheMark mark = default)
    {
        writer.WriteStartObject();
        writer.WriteString("type", "text");
        writer.WriteString("text", text);
        MessagesCachePlan.Write(writer, mark);
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
    private static void WriteDataBlock(Utf8JsonWriter writer, DataContent data, CacheMark mark)
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

        MessagesCachePlan.Write(writer, mark);
        writer.WriteEndObject();
    }

    private static void WriteUriBlock(Utf8JsonWriter writer, UriContent uri, CacheMark mark)
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
        MessagesCachePlan.Write(writer, mark);
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
    private static void WriteToolResult(Utf8JsonWriter writer, FunctionResultContent result, ILogger logger, CacheMark mark)
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

        MessagesCachePlan.Write(writer, mark);
        writer.WriteEndObject();
    }

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
}
