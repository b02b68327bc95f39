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
    public static void Write(Utf8JsonWriter writer, DialectRequest request)
    {
        var options = request.Options;
        var route = request.Route;
        writer.WriteStartObject();
        writer.WriteString(ChatCompletionsWireNames.Model, route.WireModelIdJson);
        ChatCompletionsMessageWriter.WriteMessages(writer, request);

        if (options is not null)
        {
            WriteSampling(writer, request, options);
            WriteResponseFormat(writer, options);
            WriteTools(writer, request, options);
            WriteReasoning(writer, request, options);
            OpenAIPromptCache.Write(writer, options);
        }

        if (request.GatewayContext.User is { Length: > 0 } user)
        {
            writer.WriteString("user", user);
        }

        if (request.Stream)
        {
            writer.WriteBoolean(ChatCompletionsWireNames.Stream, true);

            // Without this the stream carries no usage at all (https://platform.openai.com/docs/api-reference/chat/create#chat-create-stream_options).
            writer.WriteStartObject(ChatCompletionsWireNames.StreamOptions);
            writer.WriteBoolean(ChatCompletionsWireNames.IncludeUsage, true);
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
            ChatCompletionsHostedTools.Write(writer, request, tools.Where(ChatCompletionsHostedTools.IsHosted));
            foreach (var tool in tools)
            {
                if (ChatCompletionsHostedTools.IsHosted(tool))
                {
                    continue;
                }

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

}
