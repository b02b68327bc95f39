using System.Text.Json;
using AiGateway.Client.Diagnostics;
using AiGateway.Client.Dialects.Json;
using Microsoft.Extensions.AI;

namespace AiGateway.Client.Dialects.Responses;

/// <summary>
/// Writes the <c>input</c> array: the whole conversation as items, in order. Message contents become <c>message</c>
/// items (user parts <c>input_text</c>/<c>input_image</c>/<c>input_file</c>, assistant parts <c>output_text</c>/
/// <c>refusal</c>); function calls, function results and replayable reasoning become their own items between them.
/// See https://platform.openai.com/docs/api-reference/responses/create#responses-create-input.
/// </summary>
internal static class ResponsesInputWriter
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
            foreach (var content in message.Contents)
            {
                switch (content)
                {
                    case FunctionCallContent call:
                        Flush(writer, request, parts, isAssistant);
                        WriteFunctionCall(writer, call);
                        break;
                    case FunctionResultContent result:
                        Flush(writer, request, parts, isAssistant);
                        WriteFunctionResult(writer, result);
                        break;
                    case TextReasoningContent reasoning:
                        Flush(writer, request, parts, isAssistant);
                        wroteReasoning |= WriteReasoning(writer, request, reasoning);
                        break;
                    case TextContent or DataContent or UriContent or HostedFileContent or ErrorContent:
                        parts.Add(content);
                        break;
                    case UsageContent:
                        break;
                    default:
                        AiGatewayLog.ResponsesContentNotSent(request.Logger, content.GetType().Name, message.Role.Value);
                        break;
                }
            }

            Flush(writer, request, parts, isAssistant);
        }

        writer.WriteEndArray();
        return wroteReasoning;
    }

    /// <summary>System and developer messages go to <c>instructions</c>, not <c>input</c>.</summary>
    public static bool IsInstructionRole(ChatRole role) =>
        role == ChatRole.System || string.Equals(role.Value, "developer", StringComparison.OrdinalIgnoreCase);

    private static void Flush(Utf8JsonWriter writer, DialectRequest request, List<AIContent> parts, bool isAssistant)
    {
        if (parts.Count == 0)
        {
            return;
        }

        var started = false;
        foreach (var part in parts)
        {
            if (isAssistant ? !IsAssistantPart(part) : !IsUserPart(part))
            {
                AiGatewayLog.ResponsesContentNotSent(request.Logger, part.GetType().Name, isAssistant ? "assistant" : "user");
                continue;
            }

            if (!started)
            {
                writer.WriteStartObject();
                writer.WriteString("type", "message");
                writer.WriteString("role", isAssistant ? "assistant" : "user");
                writer.WriteStartArray("content");
                started = true;
            }

            if (isAssistant)
            {
                WriteAssistantPart(writer, part);
            }
            else
            {
                WriteUserPart(writer, part);
            }
        }

        if (started)
        {
            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        parts.Clear();
    }

    private static bool IsAssistantPart(AIContent part) =>
        part is TextContent { Text.Length: > 0 } or ErrorContent { ErrorCode: ResponsesOutputMapper.RefusalErrorCode };

    private static bool IsUserPart(AIContent part) =>
        part is TextContent { Text.Length: > 0 } or DataContent or UriContent or HostedFileContent;

    /// <summary>Assistant history is <c>output_text</c> (and <c>refusal</c>), as the model produced it.</summary>
    private static void WriteAssistantPart(Utf8JsonWriter writer, AIContent part)
    {
        writer.WriteStartObject();
        if (part is ErrorContent refusal)
        {
            writer.WriteString("type", "refusal");
            writer.WriteString("refusal", refusal.Message);
        }
        else
        {
            writer.WriteString("type", "output_text");
            writer.WriteString("text", ((TextContent)part).Text);
            writer.WriteStartArray("annotations");
            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }

    private static void WriteUserPart(Utf8JsonWriter writer, AIContent part)
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
            case HostedFileContent file:
                writer.WriteString("type", file.HasTopLevelMediaType("image") ? "input_image" : "input_file");
                writer.WriteString("file_id", file.FileId);
                break;
        }

        writer.WriteEndObject();
    }

    /// <summary>The image <c>detail</c> level: the content's own <c>detail</c> property, else <c>auto</c>.</summary>
    private static string DetailOf(AIContent content) =>
        content.AdditionalProperties?.TryGetValue("detail", out var detail) == true && detail is string { Length: > 0 } value ? value : "auto";

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

    private static void WriteFunctionResult(Utf8JsonWriter writer, FunctionResultContent result)
    {
        writer.WriteStartObject();
        writer.WriteString("type", "function_call_output");
        writer.WriteString("call_id", result.CallId);
        writer.WriteString("output", ToolArguments.ResultToString(result.Result));
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
        if (string.IsNullOrEmpty(reasoning.ProtectedData)
            || reasoning.AdditionalProperties?.TryGetValue(ResponsesPropertyKeys.ItemId, out var id) != true
            || id is not string { Length: > 0 } itemId)
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
