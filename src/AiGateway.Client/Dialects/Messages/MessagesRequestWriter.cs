using System.Text.Json;
using AiGateway.Client.Diagnostics;
using AiGateway.Client.Dialects.Json;
using Microsoft.Extensions.AI;

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
        var cache = MessagesCachePlan.Create(request, functions);

        writer.WriteStartObject();
        writer.WriteString("model", request.Route.WireModelId);
        writer.WriteNumber("max_tokens", plan.MaxTokens);
        MessagesMessageWriter.WriteSystem(writer, request, cache?.System ?? default);
        MessagesMessageWriter.WriteMessages(writer, request, cache);
        WriteSampling(writer, request, plan);
        var hosted = request.Options?.Tools?.Where(MessagesHostedTools.IsHosted).ToList() ?? [];
        if (functions.Count > 0 || hosted.Count > 0)
        {
            WriteTools(writer, request, functions, hosted, cache);
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
            else if (!MessagesHostedTools.IsHosted(tool))
            {
                AiGatewayLog.MessagesToolIgnored(request.Logger, tool.Name, tool.GetType().Name);
            }
        }

        return functions;
    }

    /// <summary>https://docs.claude.com/en/docs/agents-and-tools/tool-use/implement-tool-use#specifying-client-tools</summary>
    private static void WriteTools(Utf8JsonWriter writer, DialectRequest request, List<AIFunctionDeclaration> functions, List<AITool> hosted, MessagesCachePlan? cache)
    {
        writer.WriteStartArray("tools");
        foreach (var tool in hosted)
        {
            MessagesHostedTools.Write(writer, request, tool);
        }

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
            if (cache is not null)
            {
                MessagesCachePlan.Write(writer, cache.For(function));
            }

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

    /// <summary>The resolved <c>tool_choice</c>; a null <see cref="Type"/> means none is sent.</summary>
    private readonly record struct ToolChoice(string? Type, string? Name, bool DisableParallel)
    {
        public bool ForcesToolUse => Type is "any" or "tool";
    }
}
