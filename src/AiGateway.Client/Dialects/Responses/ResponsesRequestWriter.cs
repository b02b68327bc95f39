using System.Text;
using System.Text.Json;
using AiGateway.Client.Catalog;
using AiGateway.Client.Diagnostics;
using AiGateway.Client.Dialects.Json;
using Microsoft.Extensions.AI;

namespace AiGateway.Client.Dialects.Responses;

/// <summary>
/// Writes a <c>POST responses</c> body. Always stateless: <c>store: false</c>, the whole history as input items, never
/// <c>previous_response_id</c> or <c>item_reference</c> (Neon and other gateways keep no state, and one code path
/// serves them all). Field reference: https://platform.openai.com/docs/api-reference/responses/create.
/// </summary>
internal static class ResponsesRequestWriter
{
    /// <summary>The <see cref="ChatOptions.AdditionalProperties"/> (or per-tool) key Microsoft.Extensions.AI uses to ask for strict JSON schemas.</summary>

    public static void Write(Utf8JsonWriter writer, DialectRequest request)
    {
        var options = request.Options;
        writer.WriteStartObject();
        writer.WriteString("model", request.Route.WireModelId);
        WriteInstructions(writer, request);

        writer.WritePropertyName("input");
        var historyHasReasoning = ResponsesMessageWriter.Write(writer, request);

        // Stateless on every gateway: nothing is kept server-side, so the next turn sends the whole history again.
        writer.WriteBoolean("store", false);

        // Without encrypted reasoning a stateless tool loop would lose the model's reasoning between turns
        // (https://platform.openai.com/docs/guides/reasoning#encrypted-reasoning-items). Only asked for when reasoning
        // is in play: models without reasoning reject the include.
        if (IsReasoningInPlay(request, historyHasReasoning))
        {
            writer.WriteStartArray("include");
            writer.WriteStringValue("reasoning.encrypted_content");
            writer.WriteEndArray();
        }

        if (options is not null)
        {
            WriteSampling(writer, request, options);
            WriteTools(writer, request, options);
            WriteTextFormat(writer, options);
            WriteReasoning(writer, request, options.Reasoning);
            OpenAIPromptCache.Write(writer, options);
        }

        if (request.GatewayContext.User is { Length: > 0 } user)
        {
            writer.WriteString("user", user);
        }

        if (request.Stream)
        {
            writer.WriteBoolean("stream", true);
        }

        request.WriteGatewayExtensions(writer);
        writer.WriteEndObject();
    }

    private static bool IsReasoningInPlay(DialectRequest request, bool historyHasReasoning) =>
        historyHasReasoning
        || (request.Route.Model.Capabilities & ModelCapabilities.Reasoning) != 0
        || request.Options?.Reasoning is { } reasoning && (reasoning.Effort is not ReasoningEffort.None || reasoning.Output is ReasoningOutput.Summary or ReasoningOutput.Full);

    /// <summary><c>ChatOptions.Instructions</c> first, then every system (or developer) message, in order.</summary>
    private static void WriteInstructions(Utf8JsonWriter writer, DialectRequest request)
    {
        StringBuilder? builder = null;
        if (!string.IsNullOrEmpty(request.Options?.Instructions))
        {
            builder = new StringBuilder(request.Options.Instructions);
        }

        foreach (var message in request.Messages)
        {
            if (!ResponsesMessageWriter.IsInstructionRole(message.Role))
            {
                continue;
            }

            foreach (var content in message.Contents)
            {
                if (content is TextContent { Text.Length: > 0 } text)
                {
                    builder = builder is null ? new StringBuilder(text.Text) : builder.Append("\n\n").Append(text.Text);
                }
                else if (content is not TextContent)
                {
                    AiGatewayLog.ResponsesContentNotSent(request.Logger, content.GetType().Name, message.Role.Value);
                }
            }
        }

        if (builder is not null)
        {
            writer.WriteString("instructions", builder.ToString());
        }
    }

    private static void WriteSampling(Utf8JsonWriter writer, DialectRequest request, ChatOptions options)
    {
        if (options.MaxOutputTokens is { } maxTokens && request.Accepts("max_output_tokens"))
        {
            writer.WriteNumber("max_output_tokens", maxTokens);
        }

        if (options.Temperature is { } temperature && request.Accepts("temperature"))
        {
            writer.WriteNumber("temperature", temperature);
        }

        if (options.TopP is { } topP && request.Accepts("top_p"))
        {
            writer.WriteNumber("top_p", topP);
        }

        // The Responses API has none of these (its create reference lists no top_k, seed, stop or penalties).
        var model = request.Route.WireModelId;
        if (options.TopK is not null)
        {
            AiGatewayLog.ResponsesOptionNotSupported(request.Logger, "top_k", model);
        }

        if (options.Seed is not null)
        {
            AiGatewayLog.ResponsesOptionNotSupported(request.Logger, "seed", model);
        }

        if (options.StopSequences is { Count: > 0 })
        {
            AiGatewayLog.ResponsesOptionNotSupported(request.Logger, "stop", model);
        }

        if (options.FrequencyPenalty is not null)
        {
            AiGatewayLog.ResponsesOptionNotSupported(request.Logger, "frequency_penalty", model);
        }

        if (options.PresencePenalty is not null)
        {
            AiGatewayLog.ResponsesOptionNotSupported(request.Logger, "presence_penalty", model);
        }
    }

    private static void WriteTools(Utf8JsonWriter writer, DialectRequest request, ChatOptions options)
    {
        if (options.Tools is not { Count: > 0 } tools)
        {
            return;
        }

        writer.WriteStartArray("tools");
        foreach (var tool in tools)
        {
            switch (tool)
            {
                case AIFunctionDeclaration function:
                    // Responses normalizes a function without "strict" into strict mode (optional parameters become
                    // required; https://platform.openai.com/docs/guides/function-calling#strict-mode), so an undecided
                    // flag is written as false: the same ChatOptions mean the same thing here as on Chat Completions.
                    writer.WriteStartObject();
                    writer.WriteString("type", "function");
                    writer.WriteString("name", function.Name);
                    if (!string.IsNullOrEmpty(function.Description))
                    {
                        writer.WriteString("description", function.Description);
                    }

                    var strict = StrictJsonSchema.ForTool(function, options) ?? false;
                    writer.WritePropertyName("parameters");
                    if (strict)
                    {
                        // strict: true is only accepted with a schema that follows the strict rules.
                        JsonSchemaWriter.Write(writer, StrictJsonSchemaTransform.For(function));
                    }
                    else
                    {
                        JsonSchemaWriter.WriteParameters(writer, function);
                    }

                    writer.WriteBoolean("strict", strict);
                    writer.WriteEndObject();
                    break;
                case HostedWebSearchTool or HostedCodeInterpreterTool:
                    ResponsesHostedTools.TryWrite(writer, tool);
                    break;
                default:
                    AiGatewayLog.ResponsesToolNotSupported(request.Logger, tool.Name, tool.GetType().Name);
                    break;
            }
        }

        writer.WriteEndArray();

        switch (options.ToolMode)
        {
            case NoneChatToolMode:
                writer.WriteString("tool_choice", "none");
                break;
            case RequiredChatToolMode { RequiredFunctionName: { } name }:
                writer.WriteStartObject("tool_choice");
                writer.WriteString("type", "function");
                writer.WriteString("name", name);
                writer.WriteEndObject();
                break;
            case RequiredChatToolMode:
                writer.WriteString("tool_choice", "required");
                break;
            case AutoChatToolMode:
                writer.WriteString("tool_choice", "auto");
                break;
        }

        if (options.AllowMultipleToolCalls is { } parallel)
        {
            writer.WriteBoolean("parallel_tool_calls", parallel);
        }
    }

    /// <summary>Structured output: <c>text.format</c> is <c>json_schema</c> (name, schema, strict) or <c>json_object</c>.</summary>
    private static void WriteTextFormat(Utf8JsonWriter writer, ChatOptions options)
    {
        if (options.ResponseFormat is not ChatResponseFormatJson json)
        {
            return;
        }

        writer.WriteStartObject("text");
        writer.WriteStartObject("format");
        if (json.Schema is { } schema)
        {
            writer.WriteString("type", "json_schema");
            writer.WriteString("name", string.IsNullOrEmpty(json.SchemaName) ? "response" : json.SchemaName);
            if (!string.IsNullOrEmpty(json.SchemaDescription))
            {
                writer.WriteString("description", json.SchemaDescription);
            }

            var strict = StrictJsonSchema.ForResponseFormat(options);
            writer.WritePropertyName("schema");
            JsonSchemaWriter.Write(writer, strict is true ? StrictJsonSchemaTransform.For(json, schema) : schema);
            // Omitted when undecided: a json_schema text format is not strict unless asked to be.
            if (strict is { } flag)
            {
                writer.WriteBoolean("strict", flag);
            }
        }
        else
        {
            writer.WriteString("type", "json_object");
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>
    /// <c>reasoning: {effort, summary}</c>; ExtraHigh is <c>xhigh</c>, and the summary is <c>auto</c> for
    /// <see cref="ReasoningOutput.Summary"/> and <c>detailed</c> for <see cref="ReasoningOutput.Full"/> (the API never
    /// returns raw reasoning of OpenAI models). See https://platform.openai.com/docs/api-reference/responses/create#responses-create-reasoning.
    /// </summary>
    private static void WriteReasoning(Utf8JsonWriter writer, DialectRequest request, ReasoningOptions? reasoning)
    {
        if (reasoning is null)
        {
            return;
        }

        var effort = reasoning.Effort switch
        {
            ReasoningEffort.None => "none",
            ReasoningEffort.Low => "low",
            ReasoningEffort.Medium => "medium",
            ReasoningEffort.High => "high",
            ReasoningEffort.ExtraHigh => "xhigh",
            _ => null,
        };
        var summary = reasoning.Output switch
        {
            ReasoningOutput.Summary => "auto",
            ReasoningOutput.Full => "detailed",
            _ => null,
        };
        if ((effort is null && summary is null) || !request.Accepts("reasoning"))
        {
            return;
        }

        writer.WriteStartObject("reasoning");
        if (effort is not null)
        {
            writer.WriteString("effort", effort);
        }

        if (summary is not null)
        {
            writer.WriteString("summary", summary);
        }

        writer.WriteEndObject();
    }
}
