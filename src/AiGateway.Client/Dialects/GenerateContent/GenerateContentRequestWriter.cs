// Why this file is long: the whole generateContent body (contents, parts, function calls/results, system instruction, tools, generation config, response schema) is written in one Utf8JsonWriter pass sharing one call-name map.
using System.Text.Json;
using AiGateway.Client.Catalog;
using AiGateway.Client.Diagnostics;
using AiGateway.Client.Dialects.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace AiGateway.Client.Dialects.GenerateContent;

/// <summary>
/// Writes a <c>GenerateContentRequest</c> (generative_service.proto; REST reference
/// https://ai.google.dev/api/generate-content#request-body) in camelCase. The model is in the URL, never in the body.
/// <list type="bullet">
/// <item>System messages and <see cref="ChatOptions.Instructions"/> → <c>systemInstruction</c> (Gemini has no system role).</item>
/// <item>user → <c>user</c>, assistant → <c>model</c>, tool → <c>user</c> turns; adjacent turns of the same role are
/// merged into one <c>Content</c> so parallel function results travel together.</item>
/// <item>Function results need the function NAME, which <see cref="FunctionResultContent"/> lacks: it is looked up from
/// the <see cref="FunctionCallContent"/> with the same call id earlier in the history.</item>
/// <item>Schemas (tool parameters and structured output) go in the JSON Schema fields <c>parametersJsonSchema</c> and
/// <c>responseJsonSchema</c>, not the OpenAPI-subset <c>parameters</c>/<c>responseSchema</c>: the latter reject what
/// Microsoft.Extensions.AI schemas routinely contain (<c>additionalProperties</c>, type arrays for nullables, <c>$ref</c>).
/// <c>$schema</c> is stripped (generative_service.proto, <c>GenerationConfig.response_json_schema</c>; FunctionDeclaration
/// <c>parametersJsonSchema</c> in https://ai.google.dev/api/caching#FunctionDeclaration).</item>
/// <item>Sampling parameters are asked of the catalog by their cross-dialect names (<c>temperature</c>, <c>top_p</c>,
/// <c>top_k</c>, <c>seed</c>, <c>presence_penalty</c>, <c>frequency_penalty</c>, <c>stop</c>) and left out when the model rejects them.</item>
/// <item>There is no user field in this dialect: <c>GatewayContext.User</c> is not written.</item>
/// </list>
/// </summary>
internal static class GenerateContentRequestWriter
{
    private const string UserRole = "user";
    private const string ModelRole = "model";

    public static void Write(Utf8JsonWriter writer, DialectRequest request)
    {
        var callNames = CollectCallNames(request.Messages);

        writer.WriteStartObject();
        WriteContents(writer, request, callNames);
        WriteSystemInstruction(writer, request);
        WriteTools(writer, request);
        WriteGenerationConfig(writer, request);
        request.WriteGatewayExtensions(writer);
        writer.WriteEndObject();
    }

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

    private static void WriteContents(Utf8JsonWriter writer, DialectRequest request, Dictionary<string, string> callNames)
    {
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
        _ => false,
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

    private static void WriteSystemInstruction(Utf8JsonWriter writer, DialectRequest request)
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

    private static void WriteTools(Utf8JsonWriter writer, DialectRequest request)
    {
        var options = request.Options;
        if (options?.Tools is not { Count: > 0 } tools)
        {
            return;
        }

        var declared = new List<AIFunctionDeclaration>(tools.Count);
        foreach (var tool in tools)
        {
            if (tool is AIFunctionDeclaration function)
            {
                declared.Add(function);
            }
            else
            {
                AiGatewayLog.GenerateContentToolIgnored(request.Logger, tool.Name, tool.GetType().Name);
            }
        }

        if (declared.Count == 0)
        {
            return;
        }

        writer.WriteStartArray("tools");
        writer.WriteStartObject();
        writer.WriteStartArray("functionDeclarations");
        foreach (var function in declared)
        {
            writer.WriteStartObject();
            writer.WriteString("name", function.Name);
            if (!string.IsNullOrEmpty(function.Description))
            {
                writer.WriteString("description", function.Description);
            }

            writer.WritePropertyName("parametersJsonSchema");
            JsonSchemaWriter.WriteParameters(writer, function);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteEndArray();

        // AllowMultipleToolCalls has no generateContent equivalent: Gemini decides how many calls to make.
        string? mode = options.ToolMode switch
        {
            NoneChatToolMode => "NONE",
            RequiredChatToolMode => "ANY",
            AutoChatToolMode => "AUTO",
            _ => null,
        };
        if (mode is null)
        {
            return;
        }

        writer.WriteStartObject("toolConfig");
        writer.WriteStartObject("functionCallingConfig");
        writer.WriteString("mode", mode);
        if (options.ToolMode is RequiredChatToolMode { RequiredFunctionName: { Length: > 0 } required })
        {
            writer.WriteStartArray("allowedFunctionNames");
            writer.WriteStringValue(required);
            writer.WriteEndArray();
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteGenerationConfig(Utf8JsonWriter writer, DialectRequest request)
    {
        var options = request.Options;
        var model = request.Route.Model;
        var started = false;
        void Start()
        {
            if (!started)
            {
                writer.WriteStartObject("generationConfig");
                started = true;
            }
        }

        if (options is not null)
        {
            if (options.Temperature is { } temperature && request.Accepts("temperature"))
            {
                Start();
                writer.WriteNumber("temperature", temperature);
            }

            if (options.TopP is { } topP && request.Accepts("top_p"))
            {
                Start();
                writer.WriteNumber("topP", topP);
            }

            if (options.TopK is { } topK && request.Accepts("top_k"))
            {
                Start();
                writer.WriteNumber("topK", topK);
            }

            if (options.MaxOutputTokens is { } maxOutputTokens)
            {
                Start();
                writer.WriteNumber("maxOutputTokens", maxOutputTokens);
            }

            if (options.StopSequences is { Count: > 0 } stops && request.Accepts("stop"))
            {
                Start();
                writer.WriteStartArray("stopSequences");
                foreach (var stop in stops)
                {
                    writer.WriteStringValue(stop);
                }

                writer.WriteEndArray();
            }

            if (options.Seed is { } seed && request.Accepts("seed"))
            {
                if (seed is < int.MinValue or > int.MaxValue)
                {
                    throw new ArgumentException($"ChatOptions.Seed is {seed}, but Gemini's seed is a 32-bit integer; pass a value between {int.MinValue} and {int.MaxValue}.", "options");
                }

                Start();
                writer.WriteNumber("seed", seed);
            }

            if (options.PresencePenalty is { } presencePenalty && request.Accepts("presence_penalty"))
            {
                Start();
                writer.WriteNumber("presencePenalty", presencePenalty);
            }

            if (options.FrequencyPenalty is { } frequencyPenalty && request.Accepts("frequency_penalty"))
            {
                Start();
                writer.WriteNumber("frequencyPenalty", frequencyPenalty);
            }

            if (options.ResponseFormat is ChatResponseFormatJson json)
            {
                Start();
                writer.WriteString("responseMimeType", "application/json");
                if (json.Schema is { ValueKind: JsonValueKind.Object } schema)
                {
                    writer.WritePropertyName("responseJsonSchema");
                    WriteResponseSchema(writer, schema, json.SchemaName, json.SchemaDescription);
                }
            }

            GenerateContentThinking.TryWrite(writer, Start, options.Reasoning, model, request.Logger, options.MaxOutputTokens);
        }

        if (WantsImages(model))
        {
            // Image models answer text-only unless asked for both modalities.
            // https://ai.google.dev/gemini-api/docs/image-generation
            Start();
            writer.WriteStartArray("responseModalities");
            writer.WriteStringValue("TEXT");
            writer.WriteStringValue("IMAGE");
            writer.WriteEndArray();
        }

        if (started)
        {
            writer.WriteEndObject();
        }
    }

    /// <summary>
    /// Writes the structured-output schema without <c>$schema</c>, adding the format's name and description as the
    /// schema's <c>title</c>/<c>description</c> when it has none (Gemini has no separate fields for them).
    /// </summary>
    private static void WriteResponseSchema(Utf8JsonWriter writer, JsonElement schema, string? name, string? description)
    {
        writer.WriteStartObject();
        if (!string.IsNullOrEmpty(name) && !schema.TryGetProperty("title", out _))
        {
            writer.WriteString("title", name);
        }

        if (!string.IsNullOrEmpty(description) && !schema.TryGetProperty("description", out _))
        {
            writer.WriteString("description", description);
        }

        foreach (var property in schema.EnumerateObject())
        {
            if (property.NameEquals("$schema"))
            {
                continue;
            }

            writer.WritePropertyName(property.Name);
            JsonSchemaWriter.Write(writer, property.Value);
        }

        writer.WriteEndObject();
    }

    /// <summary>
    /// Image output is requested for models the catalog marks <see cref="ModelCapabilities.ImageOutput"/>, and for
    /// unknown Gemini ids with <c>-image</c> in the name (the catalog cannot flag a model it does not know).
    /// </summary>
    private static bool WantsImages(CatalogModel model) =>
        (model.Capabilities & ModelCapabilities.ImageOutput) != 0
        || (!model.IsKnown && model.Name.Contains("-image", StringComparison.OrdinalIgnoreCase));

    /// <summary>Per model turn: how many function calls were written (only the first needs a signature).</summary>
    private struct TurnState
    {
        public int FunctionCalls;
    }
}
