using System.Text.Json;
using AiGateway.Client.Diagnostics;
using AiGateway.Client.Dialects.HostedTools;
using AiGateway.Client.Dialects.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace AiGateway.Client.Dialects.GenerateContent;

/// <summary>
/// Writes the <c>contents</c> and <c>systemInstruction</c> of a generateContent body
/// (https://ai.google.dev/api/generate-content#request-body): user → <c>user</c>, assistant → <c>model</c>, tool →
/// <c>user</c> turns, adjacent turns of one role merged, function results named from the earlier call with the same id.
/// </summary>
internal static class GenerateContentMessageWriter
{
    private const string UserRole = "user";
    private const string ModelRole = "model";

    private static Dictionary<string, string> CollectCallNames(IReadOnlyList<ChatMessage> messages)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var message in messages)
        {
            foreach (var content in message.Contents)
            {
                if (content is FunctionCallContent call && !string.IsNullOrEmpty(call.CallId))
                {
                    names[call.CallId] = call.Name;
                }
            }
        }

        return names;
    }

    public static void WriteContents(Utf8JsonWriter writer, DialectRequest request)
    {
        var callNames = CollectCallNames(request.Messages);
        writer.WriteStartArray("contents");
        string? openRole = null;
        var turn = new TurnState();
        foreach (var message in request.Messages)
        {
            if (message.Role == ChatRole.System)
            {
                continue;
            }

            var role = message.Role == ChatRole.Assistant ? ModelRole : UserRole;
            if (!HasParts(message, role))
            {
                continue;
            }

            if (openRole != role)
            {
                if (openRole is not null)
                {
                    writer.WriteEndArray();
                    writer.WriteEndObject();
                }

                writer.WriteStartObject();
                writer.WriteString("role", role);
                writer.WriteStartArray("parts");
                openRole = role;
                turn = new TurnState();
            }

            foreach (var content in message.Contents)
            {
                WritePart(writer, content, role, message.Role, callNames, request, ref turn);
            }
        }

        if (openRole is not null)
        {
            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static bool HasParts(ChatMessage message, string role)
    {
        foreach (var content in message.Contents)
        {
            if (ProducesPart(content, role))
            {
                return true;
            }
        }

        return false;
    }

    private static bool ProducesPart(AIContent content, string role) => content switch
    {
        TextContent text => !string.IsNullOrEmpty(text.Text),
        TextReasoningContent reasoning => role == ModelRole && (!string.IsNullOrEmpty(reasoning.Text) || !string.IsNullOrEmpty(reasoning.ProtectedData)),
        DataContent or UriContent or FunctionCallContent or FunctionResultContent => true,

        // executableCode/codeExecutionResult parts go back as Gemini wrote them. The web-search contents made from
        // groundingMetadata are response metadata, not parts, so they (and hosted-tool contents from other dialects)
        // are left out.
        _ => role == ModelRole && HostedToolWire.Get(content, HostedToolWire.GenerateContentPartKey) is not null,
    };

    private static void WritePart(Utf8JsonWriter writer, AIContent content, string role, ChatRole messageRole, Dictionary<string, string> callNames, DialectRequest request, ref TurnState turn)
    {
        if (!ProducesPart(content, role))
        {
            if (content is not (TextContent or TextReasoningContent or UsageContent))
            {
                AiGatewayLog.GenerateContentContentIgnored(request.Logger, content.GetType().Name, messageRole.Value);
            }

            return;
        }

        if (HostedToolWire.TryWrite(writer, content, HostedToolWire.GenerateContentPartKey))
        {
            return;
        }

        writer.WriteStartObject();
        switch (content)
        {
            case TextContent text:
                writer.WriteString("text", text.Text);
                break;
            case TextReasoningContent reasoning:
                // A thought (summary) part goes back flagged; an empty one carries only a signature, as Gemini sent it.
                writer.WriteString("text", reasoning.Text);
                if (!string.IsNullOrEmpty(reasoning.Text))
                {
                    writer.WriteBoolean("thought", true);
                }

                if (!string.IsNullOrEmpty(reasoning.ProtectedData))
                {
                    writer.WriteString("thoughtSignature", reasoning.ProtectedData);
                }

                break;
            case DataContent data:
                writer.WriteStartObject("inlineData");
                writer.WriteString("mimeType", data.MediaType);
                writer.WriteString("data", data.Base64Data.Span);
                writer.WriteEndObject();
                break;
            case UriContent uri:
                writer.WriteStartObject("fileData");
                writer.WriteString("mimeType", uri.MediaType);
                writer.WriteString("fileUri", uri.Uri.ToString());
                writer.WriteEndObject();
                break;
            case FunctionCallContent call:
                WriteFunctionCall(writer, call, request, ref turn);
                break;
            case FunctionResultContent result:
                WriteFunctionResponse(writer, result, callNames, request.Logger);
                break;
        }

        writer.WriteEndObject();
    }

    private static void WriteFunctionCall(Utf8JsonWriter writer, FunctionCallContent call, DialectRequest request, ref TurnState turn)
    {
        writer.WriteStartObject("functionCall");
        if (IsGeminiCallId(call.CallId))
        {
            writer.WriteString("id", call.CallId);
        }

        writer.WriteString("name", call.Name);
        writer.WritePropertyName("args");
        ToolArguments.WriteObject(writer, call.Arguments);
        writer.WriteEndObject();

        var signature = call.AdditionalProperties?.TryGetValue(GenerateContentPropertyNames.ThoughtSignature, out var value) == true ? value as string : null;
        if (string.IsNullOrEmpty(signature) && turn.FunctionCalls == 0 && GenerateContentThinking.RequiresFunctionCallSignatures(request.Route.Model))
        {
            // Gemini 3 rejects (400) a model turn whose first function call has no signature. One the model did not
            // produce (another model's history, or built by hand) gets the documented placeholder instead.
            AiGatewayLog.GenerateContentSignaturePlaceholder(request.Logger, call.Name, request.Route.Model.Id);
            signature = GenerateContentPropertyNames.SkipThoughtSignatureValidator;
        }

        if (!string.IsNullOrEmpty(signature))
        {
            writer.WriteString("thoughtSignature", signature);
        }

        turn.FunctionCalls++;
    }

    private static void WriteFunctionResponse(Utf8JsonWriter writer, FunctionResultContent result, Dictionary<string, string> callNames, ILogger logger)
    {
        if (!callNames.TryGetValue(result.CallId ?? string.Empty, out var name))
        {
            throw new ArgumentException(
                $"A FunctionResultContent answers call id '{result.CallId}', but no FunctionCallContent with that id is in the conversation. " +
                "Gemini's functionResponse needs the function name, which only the call carries: keep the assistant message with the FunctionCallContent in the history you send.",
                "messages");
        }

        writer.WriteStartObject("functionResponse");
        if (IsGeminiCallId(result.CallId))
        {
            writer.WriteString("id", result.CallId);
        }

        writer.WriteString("name", name);

        // response must be a JSON object: Gemini reads "output" as the result and "error" as a failure
        // (https://ai.google.dev/api/caching#FunctionResponse).
        writer.WriteStartObject("response");
        if (result.Exception is not null)
        {
            writer.WriteString("error", result.Result is string text && text.Length > 0 ? text : result.Exception.Message);
        }
        else if (FunctionResultContents.Contents(result.Result) is { } contents)
        {
            // A result that is content: its text is the output, its images and documents go as the response's
            // inline-data parts (https://ai.google.dev/gemini-api/docs/function-calling#multimodal), so the model sees them.
            writer.WriteString("output", FunctionResultContents.Text(contents));
            writer.WriteEndObject();
            WriteFunctionResponseParts(writer, contents, logger);
            writer.WriteEndObject();
            return;
        }
        else
        {
            writer.WritePropertyName("output");
            ToolArguments.WriteResultValue(writer, result.Result);
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>
    /// Writes <c>functionResponse.parts</c>: <see cref="DataContent"/> as <c>inlineData</c>. The proto's
    /// FunctionResponsePart has nothing else, so URLs and hosted files cannot be carried (logged).
    /// </summary>
    private static void WriteFunctionResponseParts(Utf8JsonWriter writer, IReadOnlyList<AIContent> contents, ILogger logger)
    {
        var started = false;
        foreach (var content in contents)
        {
            if (content is TextContent)
            {
                continue;
            }

            if (content is not DataContent data)
            {
                AiGatewayLog.GenerateContentToolResultContentNotSent(logger, content.GetType().Name);
                continue;
            }

            if (!started)
            {
                writer.WriteStartArray("parts");
                started = true;
            }

            writer.WriteStartObject();
            writer.WriteStartObject("inlineData");
            writer.WriteString("mimeType", data.MediaType);
            writer.WriteString("data", data.Base64Data.Span);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        if (started)
        {
            writer.WriteEndArray();
        }
    }

    /// <summary>Tells whether a call id came from Gemini (send it back) rather than from this client's generator (do not).</summary>
    private static bool IsGeminiCallId(string? callId) =>
        !string.IsNullOrEmpty(callId) && !callId.StartsWith(GenerateContentPropertyNames.GeneratedCallIdPrefix, StringComparison.Ordinal);

    public static void WriteSystemInstruction(Utf8JsonWriter writer, DialectRequest request)
    {
        var started = false;
        if (!string.IsNullOrEmpty(request.Options?.Instructions))
        {
            Start(writer, ref started);
            writer.WriteStartObject();
            writer.WriteString("text", request.Options.Instructions);
            writer.WriteEndObject();
        }

        foreach (var message in request.Messages)
        {
            if (message.Role != ChatRole.System)
            {
                continue;
            }

            foreach (var content in message.Contents)
            {
                if (content is TextContent { Text.Length: > 0 } text)
                {
                    Start(writer, ref started);
                    writer.WriteStartObject();
                    writer.WriteString("text", text.Text);
                    writer.WriteEndObject();
                }
            }
        }

        if (started)
        {
            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        static void Start(Utf8JsonWriter writer, ref bool started)
        {
            if (!started)
            {
                writer.WriteStartObject("systemInstruction");
                writer.WriteStartArray("parts");
                started = true;
            }
        }
    }

    /// <summary>Per model turn: how many function calls were written (only the first needs a signature).</summary>
    private struct TurnState
    {
        public int FunctionCalls;
    }
}
