using System.Collections;
using System.Globalization;
using System.Text.Json;
using AiGateway.Client.Dialects.Json;
using Microsoft.Extensions.AI;

namespace AiGateway.Client.Dialects.HostedTools;

/// <summary>Reads the <see cref="HostedToolPropertyKeys"/> settings of a hosted tool and writes them as JSON values.</summary>
internal static class HostedToolOptions
{
    /// <summary>Gets a setting, or <see langword="null"/> when the tool does not have it.</summary>
    public static object? Get(AITool tool, string key) =>
        tool.AdditionalProperties.TryGetValue(key, out var value) && value is not null and not JsonElement { ValueKind: JsonValueKind.Null or JsonValueKind.Undefined } ? value : null;

    /// <summary>Writes a setting under <paramref name="name"/> when the tool has it.</summary>
    public static void WriteIfPresent(Utf8JsonWriter writer, AITool tool, string key, string name)
    {
        if (Get(tool, key) is { } value)
        {
            writer.WritePropertyName(name);
            WriteValue(writer, tool, key, value);
        }
    }

    /// <summary>
    /// Writes the user location as <c>{"type":"approximate", city, region, country, timezone}</c> (the shape
    /// Anthropic and OpenAI share; docs/gateways.md, "Hosted tools").
    /// </summary>
    public static void WriteUserLocation(Utf8JsonWriter writer, AITool tool)
    {
        if (Get(tool, HostedToolPropertyKeys.UserLocation) is null)
        {
            return;
        }

        writer.WriteStartObject("user_location");
        writer.WriteString("type", "approximate");
        WriteUserLocationFields(writer, tool);
        writer.WriteEndObject();
    }

    /// <summary>Writes the user location's fields (city, region, country, timezone) into the open object.</summary>
    public static void WriteUserLocationFields(Utf8JsonWriter writer, AITool tool)
    {
        if (Get(tool, HostedToolPropertyKeys.UserLocation) is not { } value)
        {
            return;
        }

        foreach (var (name, item) in Entries(tool, HostedToolPropertyKeys.UserLocation, value))
        {
            if (name != "type" && item is not null)
            {
                writer.WritePropertyName(name);
                WriteValue(writer, tool, HostedToolPropertyKeys.UserLocation, item);
            }
        }
    }

    private static IEnumerable<(string Name, object? Value)> Entries(AITool tool, string key, object value)
    {
        switch (value)
        {
            case JsonElement { ValueKind: JsonValueKind.Object } element:
                foreach (var property in element.EnumerateObject())
                {
                    yield return (property.Name, property.Value);
                }

                break;
            case IEnumerable<KeyValuePair<string, string?>> strings:
                foreach (var (name, item) in strings)
                {
                    yield return (name, item);
                }

                break;
            case IEnumerable<KeyValuePair<string, object?>> objects:
                foreach (var (name, item) in objects)
                {
                    yield return (name, item);
                }

                break;
            default:
                throw Invalid(tool, key, value);
        }
    }

    private static void WriteValue(Utf8JsonWriter writer, AITool tool, string key, object value)
    {
        if (JsonScalarWriter.TryWrite(writer, value))
        {
            return;
        }

        switch (value)
        {
            case IEnumerable<string> strings:
                writer.WriteStartArray();
                foreach (var s in strings)
                {
                    writer.WriteStringValue(s);
                }

                writer.WriteEndArray();
                break;
            case IEnumerable sequence and not IDictionary:
                writer.WriteStartArray();
                foreach (var item in sequence)
                {
                    writer.WriteStringValue(Convert.ToString(item, CultureInfo.InvariantCulture));
                }

                writer.WriteEndArray();
                break;
            default:
                throw Invalid(tool, key, value);
        }
    }

    private static InvalidRequestException Invalid(AITool tool, string key, object value) => new(
        $"The {tool.Name} tool's setting '{key}' is a {value.GetType().Name}, which cannot be sent. " +
        $"Give a number for max_uses, a list of strings for the domain lists, and a dictionary of strings (city, region, country, timezone) for user_location; see HostedToolPropertyKeys.");
}
