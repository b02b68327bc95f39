using System.Buffers;
using System.Text;
using System.Text.Json;
using AiGateway.Client.Dialects.HostedTools;
using Microsoft.Extensions.AI;
using static AiGateway.Client.Dialects.Json.JsonElementValues;

namespace AiGateway.Client.Dialects.Responses;

/// <summary>
/// OpenAI's hosted tools in the Responses dialect (docs/gateways.md, "Hosted tools"): <see cref="HostedWebSearchTool"/>
/// is <c>web_search</c>, <see cref="HostedCodeInterpreterTool"/> is <c>code_interpreter</c> in an automatic container;
/// a <c>web_search_call</c> or <c>code_interpreter_call</c> item becomes a call content and a result content, and
/// <c>url_citation</c>/<c>file_citation</c> annotations become <see cref="CitationAnnotation"/>s.
/// </summary>
internal static class ResponsesHostedTools
{
    /// <summary>Writes one hosted tool into <c>tools</c>; returns false for a tool this dialect has no form for.</summary>
    public static bool TryWrite(Utf8JsonWriter writer, AITool tool)
    {
        switch (tool)
        {
            case HostedWebSearchTool:
                writer.WriteStartObject();
                writer.WriteString("type", "web_search");
                if (HostedToolOptions.Get(tool, HostedToolPropertyKeys.AllowedDomains) is not null)
                {
                    writer.WriteStartObject("filters");
                    HostedToolOptions.WriteIfPresent(writer, tool, HostedToolPropertyKeys.AllowedDomains, "allowed_domains");
                    writer.WriteEndObject();
                }

                HostedToolOptions.WriteUserLocation(writer, tool);
                writer.WriteEndObject();
                return true;
            case HostedCodeInterpreterTool code:
                writer.WriteStartObject();
                writer.WriteString("type", "code_interpreter");
                writer.WriteStartObject("container");
                writer.WriteString("type", "auto");
                var files = code.Inputs?.OfType<HostedFileContent>().ToList();
                if (files is { Count: > 0 })
                {
                    // Uploaded files the code may read (AutoCodeInterpreterToolParam.file_ids).
                    writer.WriteStartArray("file_ids");
                    foreach (var file in files)
                    {
                        writer.WriteStringValue(file.FileId);
                    }

                    writer.WriteEndArray();
                }

                writer.WriteEndObject();
                writer.WriteEndObject();
                return true;
            default:
                return false;
        }
    }

    /// <summary>
    /// Appends the call and result contents of a hosted-tool item; false when the item is not one. The call content
    /// keeps the whole item (<see cref="HostedToolWire.ResponsesItemKey"/>), which the writer sends back as history.
    /// </summary>
    public static bool TryAddContents(ResponseOutputItem item, IList<AIContent> contents)
    {
        var id = item.Id ?? string.Empty;
        switch (item.Type)
        {
            case "web_search_call":
                var queries = Strings(item.Action, "queries");
                if (queries.Count == 0 && StringOf(item.Action, "query") is { } query)
                {
                    queries.Add(query);
                }

                contents.Add(Keep(new WebSearchToolCallContent(id) { Queries = queries.Count == 0 ? null : queries, RawRepresentation = item }, item));
                var sources = new List<AIContent>();
                if (item.Action.ValueKind == JsonValueKind.Object && item.Action.TryGetProperty("sources", out var list) && list.ValueKind == JsonValueKind.Array)
                {
                    foreach (var source in list.EnumerateArray())
                    {
                        if (StringOf(source, "url") is { } url && Uri.TryCreate(url, UriKind.Absolute, out var uri))
                        {
                            sources.Add(new UriContent(uri, "text/html"));
                        }
                    }
                }

                // Sources are listed only when the request includes web_search_call.action.sources; the citations
                // on the answer's text name the pages either way.
                contents.Add(new WebSearchToolResultContent(id) { Outputs = sources, RawRepresentation = item });
                return true;
            case "code_interpreter_call":
                contents.Add(Keep(
                    new CodeInterpreterToolCallContent(id)
                    {
                        Inputs = item.Code is null ? null : [new DataContent(Encoding.UTF8.GetBytes(item.Code), "text/x-python")],
                        RawRepresentation = item,
                    },
                    item));
                contents.Add(new CodeInterpreterToolResultContent(id) { Outputs = CodeOutputs(item.Outputs), RawRepresentation = item });
                return true;
            default:
                return false;
        }
    }

    /// <summary>Maps the citations of an <c>output_text</c> part, or returns <see langword="null"/> when it has none.</summary>
    public static List<AIAnnotation>? Citations(ResponseContentPart part)
    {
        if (part.Annotations is not { Count: > 0 } annotations)
        {
            return null;
        }

        var list = new List<AIAnnotation>(annotations.Count);
        foreach (var annotation in annotations)
        {
            if (annotation.Type is not ("url_citation" or "file_citation" or "container_file_citation"))
            {
                continue;
            }

            var citation = new CitationAnnotation
            {
                Title = annotation.Title ?? annotation.Filename,
                Url = Uri.TryCreate(annotation.Url, UriKind.Absolute, out var url) ? url : null,
                FileId = annotation.FileId,
                RawRepresentation = annotation,
            };
            if (annotation.StartIndex is { } start && annotation.EndIndex is { } end)
            {
                citation.AnnotatedRegions = [new TextSpanAnnotatedRegion { StartIndex = start, EndIndex = end }];
            }

            list.Add(citation);
        }

        return list.Count == 0 ? null : list;
    }

    /// <summary>Logs become <see cref="TextContent"/>, images <see cref="UriContent"/>.</summary>
    private static List<AIContent> CodeOutputs(JsonElement outputs)
    {
        var list = new List<AIContent>();
        if (outputs.ValueKind != JsonValueKind.Array)
        {
            return list;
        }

        foreach (var output in outputs.EnumerateArray())
        {
            switch (StringOf(output, "type"))
            {
                case "logs" when StringOf(output, "logs") is { } logs:
                    list.Add(new TextContent(logs));
                    break;
                case "image" when StringOf(output, "url") is { } url && Uri.TryCreate(url, UriKind.Absolute, out var uri):
                    list.Add(new UriContent(uri, "image/*"));
                    break;
            }
        }

        return list;
    }

    private static T Keep<T>(T content, ResponseOutputItem item)
        where T : AIContent
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("type", item.Type);
            writer.WriteString("id", item.Id);
            writer.WriteString("status", item.Status ?? "completed");
            if (item.Type == "web_search_call")
            {
                writer.WritePropertyName("action");
                if (item.Action.ValueKind == JsonValueKind.Object)
                {
                    item.Action.WriteTo(writer);
                }
                else
                {
                    // The spec requires an action; an item without one goes back as an empty search.
                    writer.WriteStartObject();
                    writer.WriteString("type", "search");
                    writer.WriteEndObject();
                }
            }
            else
            {
                writer.WriteString("container_id", item.ContainerId);
                writer.WriteString("code", item.Code);
                writer.WritePropertyName("outputs");
                if (item.Outputs.ValueKind == JsonValueKind.Array)
                {
                    item.Outputs.WriteTo(writer);
                }
                else
                {
                    writer.WriteNullValue();
                }
            }

            writer.WriteEndObject();
        }

        return HostedToolWire.Keep(content, HostedToolWire.ResponsesItemKey, Encoding.UTF8.GetString(buffer.WrittenSpan));
    }
}
