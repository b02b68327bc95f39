using System.Text.Json;
using AiGateway.Client.Dialects.HostedTools;
using Microsoft.Extensions.AI;

namespace AiGateway.Client.Dialects.ChatCompletions;

/// <summary>
/// Hosted tools on Chat Completions (docs/gateways.md, "Hosted tools"): the dialect has no hosted tools, only
/// <c>web_search_options</c>, which OpenAI's search models (ids with <c>search</c>, such as
/// <c>gpt-4o-search-preview</c>) take instead of a tool. Any other hosted web search, and code interpreter always,
/// is an <see cref="InvalidRequestException"/> that says which dialect has the tool, rather than an answer that
/// silently did not search or run code.
/// </summary>
internal static class ChatCompletionsHostedTools
{
    public static bool IsHosted(AITool tool) => tool is HostedWebSearchTool or HostedCodeInterpreterTool;

    /// <summary>Writes <c>web_search_options</c> for a search model, or throws for a hosted tool the request cannot carry.</summary>
    public static void Write(Utf8JsonWriter writer, DialectRequest request, IEnumerable<AITool> hosted)
    {
        foreach (var tool in hosted)
        {
            if (tool is HostedWebSearchTool && IsSearchModel(request.Route.WireModelId))
            {
                writer.WriteStartObject("web_search_options");
                if (HostedToolOptions.Get(tool, HostedToolPropertyKeys.UserLocation) is not null)
                {
                    // Chat Completions nests the location: {"type":"approximate","approximate":{city, region, country, timezone}}.
                    writer.WriteStartObject("user_location");
                    writer.WriteString("type", "approximate");
                    writer.WriteStartObject("approximate");
                    HostedToolOptions.WriteUserLocationFields(writer, tool);
                    writer.WriteEndObject();
                    writer.WriteEndObject();
                }

                writer.WriteEndObject();
                continue;
            }

            var name = tool is HostedWebSearchTool ? "web search" : "code interpreter";
            throw new InvalidRequestException(
                $"The request has a hosted {name} tool ({tool.GetType().Name}), but it goes to '{request.Route.WireModelId}' over the OpenAI Chat Completions dialect, which has no hosted {name}" +
                (tool is HostedWebSearchTool ? " (only OpenAI's search models, such as gpt-4o-search-preview, search the web there)" : string.Empty) +
                ". Send it over a dialect that has the tool: options.WithDialect(ChatDialect.Responses) for OpenAI models, or use a Claude model (Anthropic Messages) or a Gemini model (generateContent); or remove the tool.");
        }
    }

    private static bool IsSearchModel(string wireModelId) => wireModelId.Contains("search", StringComparison.OrdinalIgnoreCase);
}
