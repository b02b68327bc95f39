using System.Text.Json;
using AiGateway.Client.Catalog;
using AiGateway.Client.Diagnostics;
using AiGateway.Client.Dialects.Json;
using Microsoft.Extensions.AI;

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
    public static void Write(Utf8JsonWriter writer, DialectRequest request)
    {
        writer.WriteStartObject();
        GenerateContentMessageWriter.WriteContents(writer, request);
        GenerateContentMessageWriter.WriteSystemInstruction(writer, request);
        WriteTools(writer, request);
        WriteGenerationConfig(writer, request);
        request.WriteGatewayExtensions(writer);
        writer.WriteEndObject();
    }

    private static void WriteTools(Utf8JsonWriter writer, DialectRequest request)
    {
        var options = request.Options;
        if (options?.Tools is not { Count: > 0 } tools)
        {
            return;
        }

        var declared = new List<AIFunctionDeclaration>(tools.Count);
        var hosted = new List<AITool>();
        foreach (var tool in tools)
        {
            if (tool is AIFunctionDeclaration function)
            {
                declared.Add(function);
            }
            else if (GenerateContentHostedTools.IsHosted(tool))
            {
                hosted.Add(tool);
            }
            else
            {
                AiGatewayLog.GenerateContentToolIgnored(request.Logger, tool.Name, tool.GetType().Name);
            }
        }

        if (declared.Count == 0 && hosted.Count == 0)
        {
            return;
        }

        writer.WriteStartArray("tools");
        foreach (var tool in hosted)
        {
            GenerateContentHostedTools.WriteTool(writer, tool);
        }

        if (declared.Count == 0)
        {
            // functionCallingConfig governs function declarations only.
            writer.WriteEndArray();
            return;
        }

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
}
