using System.Text;
using System.Text.Json;
using AiGateway.Client.Diagnostics;
using AiGateway.Client.Dialects.HostedTools;
using AiGateway.Client.Dialects.Json;
using Microsoft.Extensions.AI;

namespace AiGateway.Client.Dialects.Responses;

/// <summary>
/// Writes the <c>input</c> array: the whole conversation as items, in order. Message contents become <c>message</c>
/// items (user parts <c>input_text</c>/<c>input_image</c>/<c>input_file</c>, assistant text as a string);
/// function calls, function results and replayable reasoning become their own items between them.
/// See https://platform.openai.com/docs/api-reference/responses/create#responses-create-input.
/// </summary>
internal static class ResponsesMessageWriter
{
    /// <summary>Writes the array; returns whether it carried a reasoning item (so the request must ask for encrypted reasoning again).</summary>
    public static bool Write(Utf8JsonWriter writer, DialectRequest request)
    {
        var wroteReasoning = false;
        var parts = new List<AIContent>();
        writer.WriteStartArray();
        foreach (var message in request.Messages)
        {
            if (IsInstructionRole(message.Role))
            {
                continue;
            }

            var isAssistant = message.Role == ChatRole.Assistant;
            var wrote = false;
            foreach (var content in message.Contents)
            {
                switch (content)
                {
                    case FunctionCallContent call:
                        wrote |= Flush(writer, request, parts, isAssistant);
                        WriteFunctionCall(writer, call);
                        wrote = true;
                        break;
                    case FunctionResultContent result:
                        wrote |= Flush(writer, request, parts, isAssistant);
                        WriteFunctionResult(writer, request, result);
                        wrote = true;
                        break;
                    case TextReasoningContent reasoning:
                        wrote |= Flush(writer, request, parts, isAssistant);
                        var replayed = WriteReasoning(writer, request, reasoning);
                        wroteReasoning |= replayed;
                        wrote |= replayed;
                        break;
                    case TextContent or DataContent or UriContent or HostedFileContent or ErrorContent:
                        parts.Add(content);
                        break;
                    case UsageContent:
                        break;
                    case WebSearchToolCallContent or CodeInterpreterToolCallContent when isAssistant && HostedToolWire.Get(content, HostedToolWire.ResponsesItemKey) is { } item:
                        // The item the call came from goes back whole (a Responses input Item); its result content
                        // is the same item, so it writes nothing. Calls from other dialects are left out (logged).
                        wrote |= Flush(writer, request, parts, isAssistant);
                        writer.WriteRawValue(item);
                        wrote = true;
                        break;
                    case WebSearchToolResultContent or CodeInterpreterToolResultContent when isAssistant && HasResponsesCall(message, content):
                        break;
                    default:
                        AiGatewayLog.ResponsesContentNotSent(request.Logger, content.GetType().Name, message.Role.Value);
                        break;
                }
            }

            wrote |= Flush(writer, request, parts, isAssistant);
            if (!wrote && !isAssistant && message.Contents.Any(c => c is TextContent))
            {
                // A user message whose text is empty is still a turn: dropping it could leave `input: []`, which the
                // API rejects, or merge two assistant turns. The spec's EasyInputMessage takes content as a string.
                writer.WriteStartObject();
                writer.WriteString("type", "message");
                writer.WriteString("role", "user");
                writer.WriteString("content", string.Empty);
                writer.WriteEndObject();
            }
        }

        writer.WriteEndArray();
        return wroteReasoning;
    }

    /// <summary>Tells whether a result's call, in the same message, carries its Responses item (so the result is already written).</summary>
    private static bool HasResponsesCall(ChatMessage message, AIContent result)
    {
        var callId = (result as ToolResultContent)?.CallId;
        return message.Contents.Any(c => c is ToolCallContent call && call.CallId == callId && HostedToolWire.Get(c, HostedToolWire.ResponsesItemKey) is not null);
    }

    /// <summary>System and developer messages go to <c>instructions</c>, not <c>input</c>.</summary>
    public static bool IsInstructionRole(ChatRole role) =>
        role == ChatRole.System || string.Equals(role.Value, "developer", StringComparison.OrdinalIgnoreCase);

    /// <summary>Writes the pending parts as one message item; returns whether one was written.</summary>
    private static bool Flush(Utf8JsonWriter writer, DialectRequest request, List<AIContent> parts, bool isAssistant)
    {
        if (parts.Count == 0)
        {
            return false;
        }

        var started = isAssistant ? WriteAssistantMessage(writer, request, parts) : WriteUserMessage(writer, request, parts);
        parts.Clear();
        return started;
    }

    private static bool WriteUserMessage(Utf8JsonWriter writer, DialectRequest request, List<AIContent> parts)
    {
        var started = false;
        foreach (var part in parts)
        {
            if (!IsUserPart(part))
            {
                AiGatewayLog.ResponsesContentNotSent(request.Logger, part.GetType().Name, "user");
                continue;
            }

            if (!started)
            {
                writer.WriteStartObject();
                writer.WriteString("type", "message");
                writer.WriteString("role", "user");
                writer.WriteStartArray("content");
                started = true;
            }

            WriteInputPart(writer, part);
        }

        if (started)
        {
            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return started;
    }

    /// <summary>
    /// Earlier assistant turns are written as the spec's <c>EasyInputMessage</c> with the text as a string
    /// (<c>{"type":"message","role":"assistant","content":"…"}</c>). The <c>output_text</c> form is an
    /// <c>OutputMessage</c>, which the spec only accepts with the <c>id</c> and <c>status</c> of a stored item, and
    /// input content lists take no <c>output_text</c>. A refusal goes back as its text.
    /// </summary>
    private static bool WriteAssistantMessage(Utf8JsonWriter writer, DialectRequest request, List<AIContent> parts)
    {
        string? single = null;
        StringBuilder? joined = null;
        foreach (var part in parts)
        {
            var text = part switch
            {
                TextContent { Text.Length: > 0 } t => t.Text,
                ErrorContent { ErrorCode: ResponsesResponseMapper.RefusalErrorCode } refusal => refusal.Message,
                _ => null,
            };
            if (text is null)
            {
                if (part is not TextContent)
                {
                    AiGatewayLog.ResponsesContentNotSent(request.Logger, part.GetType().Name, "assistant");
                }

                continue;
            }

            if (single is null)
            {
                single = text;
            }
            else
            {
                (joined ??= new StringBuilder(single)).Append(text);
            }
        }

        if (single is null)
        {
            return false;
        }

        writer.WriteStartObject();
        writer.WriteString("type", "message");
        writer.WriteString("role", "assistant");
        writer.WriteString("content", joined is null ? single : joined.ToString());
        writer.WriteEndObject();
        return true;
    }

    private static bool IsUserPart(AIContent part) =>
        part is TextContent { Text.Length: > 0 } or DataContent or UriContent or HostedFileContent;

    /// <summary>Writes one <c>input_text</c>, <c>input_image</c> or <c>input_file</c> part (user messages and tool outputs).</summary>
    private static void WriteInputPart(Utf8JsonWriter writer, AIContent part)
    {
        writer.WriteStartObject();
        switch (part)
        {
            case TextContent text:
                writer.WriteString("type", "input_text");
                writer.WriteString("text", text.Text);
                break;
            case DataContent data when data.HasTopLevelMediaType("image"):
                writer.WriteString("type", "input_image");
                writer.WriteString("image_url", data.Uri);
                writer.WriteString("detail", DetailOf(data));
                break;
            case DataContent data:
                // PDFs (and the other document types the API reads) go inline as a data URI with a file name.
                writer.WriteString("type", "input_file");
                writer.WriteString("filename", data.Name ?? DefaultFileName(data.MediaType));
                writer.WriteString("file_data", data.Uri);
                break;
            case UriContent uri when uri.HasTopLevelMediaType("image"):
                writer.WriteString("type", "input_image");
                writer.WriteString("image_url", uri.Uri.ToString());
                writer.WriteString("detail", DetailOf(uri));
                break;
            case UriContent uri:
                writer.WriteString("type", "input_file");
                writer.WriteString("file_url", uri.Uri.ToString());
                break;
            case HostedFileContent file when file.HasTopLevelMediaType("image"):
                writer.WriteString("type", "input_image");
                writer.WriteString("file_id", file.FileId);
                writer.WriteString("detail", DetailOf(file));
                break;
            case HostedFileContent file:
                writer.WriteString("type", "input_file");
                writer.WriteString("file_id", file.FileId);
                break;
        }

        writer.WriteEndObject();
    }

    /// <summary>The image <c>detail</c> level: the content's own <c>detail</c> property, else <c>auto</c>.</summary>
    private static string DetailOf(AIContent content) => AdditionalPropertyValues.GetString(content.AdditionalProperties, "detail") ?? "auto";

    private static string DefaultFileName(string mediaType) => mediaType switch
    {
        "application/pdf" => "document.pdf",
        "text/plain" => "document.txt",
        "text/csv" => "document.csv",
        "application/json" => "document.json",
        _ => "document",
    };

    private static void WriteFunctionCall(Utf8JsonWriter writer, FunctionCallContent call)
    {
        // No item id: with store=false the API would look an fc_… id up and fail; call_id is what links the result.
        writer.WriteStartObject();
        writer.WriteString("type", "function_call");
        writer.WriteString("call_id", call.CallId);
        writer.WriteString("name", call.Name);
        writer.WriteString("arguments", ToolArguments.ToJsonString(call.Arguments));
        writer.WriteEndObject();
    }

    /// <summary>
    /// A function result is a <c>function_call_output</c>. A result that is content (text, images, files) goes as the
    /// output's list of <c>input_text</c>/<c>input_image</c>/<c>input_file</c> parts, so the model sees a returned
    /// image or document; any other result goes as text (JSON for objects).
    /// </summary>
    private static void WriteFunctionResult(Utf8JsonWriter writer, DialectRequest request, FunctionResultContent result)
    {
        writer.WriteStartObject();
        writer.WriteString("type", "function_call_output");
        writer.WriteString("call_id", result.CallId);
        if (FunctionResultContents.Contents(result.Result) is { } contents)
        {
            if (FunctionResultContents.IsTextOnly(contents))
            {
                writer.WriteString("output", FunctionResultContents.Text(contents));
            }
            else
            {
                writer.WriteStartArray("output");
                foreach (var content in contents)
                {
                    if (IsUserPart(content))
                    {
                        WriteInputPart(writer, content);
                    }
                    else if (content is not TextContent)
                    {
                        AiGatewayLog.ResponsesContentNotSent(request.Logger, content.GetType().Name, "tool");
                    }
                }

                writer.WriteEndArray();
            }
        }
        else
        {
            writer.WriteString("output", ToolArguments.ResultToString(result.Result));
        }

        writer.WriteEndObject();
    }

    /// <summary>
    /// Sends a reasoning item back with its id, summary and encrypted content, which is what lets a stateless tool loop
    /// keep the model's reasoning (https://platform.openai.com/docs/guides/reasoning#encrypted-reasoning-items). Only
    /// items this dialect read (they carry <see cref="ResponsesPropertyKeys.ItemId"/>) and that have encrypted content
    /// are sent: without it the API looks the id up in storage that does not exist (404 "Items are not persisted when
    /// store is set to false"), and another provider's signature would be rejected.
    /// </summary>
    private static bool WriteReasoning(Utf8JsonWriter writer, DialectRequest request, TextReasoningContent reasoning)
    {
        // The id is a string in memory, a JsonElement after the conversation was saved as JSON and read back.
        if (string.IsNullOrEmpty(reasoning.ProtectedData)
            || AdditionalPropertyValues.GetString(reasoning.AdditionalProperties, ResponsesPropertyKeys.ItemId) is not { } itemId)
        {
            AiGatewayLog.ResponsesReasoningNotReplayed(request.Logger);
            return false;
        }

        writer.WriteStartObject();
        writer.WriteString("type", "reasoning");
        writer.WriteString("id", itemId);
        writer.WriteStartArray("summary");
        if (!string.IsNullOrEmpty(reasoning.Text))
        {
            writer.WriteStartObject();
            writer.WriteString("type", "summary_text");
            writer.WriteString("text", reasoning.Text);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteString("encrypted_content", reasoning.ProtectedData);
        writer.WriteEndObject();
        return true;
    }
}
