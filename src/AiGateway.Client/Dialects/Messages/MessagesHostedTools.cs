using System.Buffers;
using System.Text;
using System.Text.Json;
using AiGateway.Client.Dialects.HostedTools;
using Microsoft.Extensions.AI;
using static AiGateway.Client.Dialects.Json.JsonElementValues;

namespace AiGateway.Client.Dialects.Messages;

/// <summary>
/// Anthropic's server tools (docs/gateways.md, "Messages: hosted tools"): <see cref="HostedWebSearchTool"/> is
/// <c>web_search_20250305</c>, <see cref="HostedCodeInterpreterTool"/> is <c>code_execution_20250825</c> with its
/// <c>anthropic-beta</c> header; their <c>server_tool_use</c> and <c>*_tool_result</c> blocks become MEAI hosted-tool
/// contents that keep the block (<see cref="HostedToolWire.MessagesBlockKey"/>) to be sent back as history.
/// </summary>
internal static class MessagesHostedTools
{
    /// <summary>The beta the code execution tool needs (docs/gateways.md).</summary>
    public const string CodeExecutionBeta = "code-execution-2025-08-25";

    public const string BetaHeader = "anthropic-beta";

    public static bool IsHosted(AITool tool) => tool is HostedWebSearchTool or HostedCodeInterpreterTool;

    /// <summary>Writes one server tool into <c>tools</c> and asks for the header it needs.</summary>
    public static void Write(Utf8JsonWriter writer, DialectRequest request, AITool tool)
    {
        writer.WriteStartObject();
        if (tool is HostedWebSearchTool)
        {
            writer.WriteString("type", "web_search_20250305");
            writer.WriteString("name", "web_search");
            HostedToolOptions.WriteIfPresent(writer, tool, HostedToolPropertyKeys.MaxUses, "max_uses");
            HostedToolOptions.WriteIfPresent(writer, tool, HostedToolPropertyKeys.AllowedDomains, "allowed_domains");
            HostedToolOptions.WriteIfPresent(writer, tool, HostedToolPropertyKeys.BlockedDomains, "blocked_domains");
            HostedToolOptions.WriteUserLocation(writer, tool);
        }
        else
        {
            writer.WriteString("type", "code_execution_20250825");
            writer.WriteString("name", "code_execution");
            request.AddHeader(BetaHeader, CodeExecutionBeta);
        }

        writer.WriteEndObject();
    }

    /// <summary>Maps a <c>server_tool_use</c> block; <see langword="null"/> for server tools other than search and code.</summary>
    public static AIContent? FromServerToolUse(string id, string? name, JsonElement input)
    {
        AIContent? content = name switch
        {
            "web_search" => new WebSearchToolCallContent(id) { Queries = StringOf(input, "query") is { } query ? [query] : null },
            "code_execution" => CodeCall(id, StringOf(input, "code"), "text/x-python"),
            "bash_code_execution" => CodeCall(id, StringOf(input, "command"), "text/x-shellscript"),
            "text_editor_code_execution" => CodeCall(id, input.ValueKind == JsonValueKind.Object ? input.GetRawText() : null, "application/json"),
            _ => null,
        };
        return content is null ? null : HostedToolWire.Keep(content, HostedToolWire.MessagesBlockKey, Serialize(w =>
        {
            w.WriteStartObject();
            w.WriteString("type", "server_tool_use");
            w.WriteString("id", id);
            w.WriteString("name", name);
            w.WritePropertyName("input");
            if (input.ValueKind == JsonValueKind.Object)
            {
                input.WriteTo(w);
            }
            else
            {
                w.WriteStartObject();
                w.WriteEndObject();
            }

            w.WriteEndObject();
        }));
    }

    /// <summary>Maps a <c>*_tool_result</c> block of web search or code execution; <see langword="null"/> for others.</summary>
    public static AIContent? FromToolResult(MessagesContentBlock block)
    {
        var id = block.ToolUseId ?? string.Empty;
        AIContent? content = block.Type switch
        {
            "web_search_tool_result" => new WebSearchToolResultContent(id) { Outputs = SearchOutputs(block.Content) },
            "code_execution_tool_result" or "bash_code_execution_tool_result" or "text_editor_code_execution_tool_result" => CodeResult(id, block.Content),
            _ => null,
        };
        return content is null ? null : HostedToolWire.Keep(content, HostedToolWire.MessagesBlockKey, Serialize(w =>
        {
            w.WriteStartObject();
            w.WriteString("type", block.Type);
            w.WriteString("tool_use_id", id);
            w.WritePropertyName("content");
            if (block.Content.ValueKind == JsonValueKind.Undefined)
            {
                w.WriteNullValue();
            }
            else
            {
                block.Content.WriteTo(w);
            }

            w.WriteEndObject();
        }));
    }

    /// <summary>Tells whether a block type is one <see cref="FromToolResult"/> maps.</summary>
    public static bool IsToolResult(string? type) => type is "web_search_tool_result" or "code_execution_tool_result"
        or "bash_code_execution_tool_result" or "text_editor_code_execution_tool_result";

    private static CodeInterpreterToolCallContent CodeCall(string id, string? code, string mediaType) => new(id)
    {
        Inputs = code is null ? null : [new DataContent(Encoding.UTF8.GetBytes(code), mediaType)],
    };

    /// <summary>Search results become <see cref="UriContent"/> (title and page age as properties); an error becomes <see cref="ErrorContent"/>.</summary>
    private static List<AIContent> SearchOutputs(JsonElement content)
    {
        var outputs = new List<AIContent>();
        if (content.ValueKind == JsonValueKind.Array)
        {
            foreach (var result in content.EnumerateArray())
            {
                if (StringOf(result, "url") is { } url && Uri.TryCreate(url, UriKind.Absolute, out var uri))
                {
                    var item = new UriContent(uri, "text/html");
                    AddProperty(item, "title", StringOf(result, "title"));
                    AddProperty(item, "page_age", StringOf(result, "page_age"));
                    outputs.Add(item);
                }
            }
        }
        else if (StringOf(content, "error_code") is { } code)
        {
            outputs.Add(new ErrorContent($"The web search failed: {code}.") { ErrorCode = code });
        }

        return outputs;
    }

    /// <summary>
    /// Code results: <c>stdout</c> as <see cref="TextContent"/>, a non-empty <c>stderr</c> as <see cref="ErrorContent"/>
    /// (code <c>stderr</c>), output files as <see cref="HostedFileContent"/>, <c>return_code</c> as a property of the
    /// result; a text-editor result as its JSON text; an error as <see cref="ErrorContent"/> with the error code.
    /// </summary>
    private static CodeInterpreterToolResultContent CodeResult(string id, JsonElement content)
    {
        var result = new CodeInterpreterToolResultContent(id) { Outputs = [] };
        var type = StringOf(content, "type");
        if (type is not null && type.EndsWith("_error", StringComparison.Ordinal))
        {
            var code = StringOf(content, "error_code") ?? "error";
            result.Outputs.Add(new ErrorContent($"The code execution failed: {code}.") { ErrorCode = code });
            return result;
        }

        if (type == "text_editor_code_execution_result")
        {
            result.Outputs.Add(new TextContent(content.GetRawText()));
            return result;
        }

        if (StringOf(content, "stdout") is { Length: > 0 } stdout)
        {
            result.Outputs.Add(new TextContent(stdout));
        }

        if (StringOf(content, "stderr") is { Length: > 0 } stderr)
        {
            result.Outputs.Add(new ErrorContent(stderr) { ErrorCode = "stderr" });
        }

        if (content.ValueKind == JsonValueKind.Object && content.TryGetProperty("content", out var files) && files.ValueKind == JsonValueKind.Array)
        {
            foreach (var file in files.EnumerateArray())
            {
                if (StringOf(file, "file_id") is { Length: > 0 } fileId)
                {
                    result.Outputs.Add(new HostedFileContent(fileId));
                }
            }
        }

        if (content.ValueKind == JsonValueKind.Object && content.TryGetProperty("return_code", out var rc) && rc.TryGetInt32(out var returnCode))
        {
            (result.AdditionalProperties ??= [])["return_code"] = returnCode;
        }

        return result;
    }

    private static void AddProperty(AIContent content, string key, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            (content.AdditionalProperties ??= [])[key] = value;
        }
    }

    private static string Serialize(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
