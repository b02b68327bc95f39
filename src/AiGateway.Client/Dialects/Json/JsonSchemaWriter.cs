using System.Text.Json;
using Microsoft.Extensions.AI;

namespace AiGateway.Client.Dialects.Json;

/// <summary>Writes tool-parameter and response-format schemas.</summary>
internal static class JsonSchemaWriter
{
    private static readonly JsonElement EmptyObjectSchema = JsonDocument.Parse("""{"type":"object","properties":{}}""").RootElement.Clone();

    /// <summary>
    /// Writes <paramref name="schema"/> as a value, leaving out every <c>$schema</c> keyword: some backends behind
    /// the gateways (Neon's Databricks models, Gemini) reject it, and no provider needs it.
    /// </summary>
    public static void Write(Utf8JsonWriter writer, JsonElement schema)
    {
        switch (schema.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var property in schema.EnumerateObject())
                {
                    if (property.NameEquals("$schema"))
                    {
                        continue;
                    }

                    writer.WritePropertyName(property.Name);
                    Write(writer, property.Value);
                }

                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in schema.EnumerateArray())
                {
                    Write(writer, item);
                }

                writer.WriteEndArray();
                break;
            case JsonValueKind.Undefined:
                EmptyObjectSchema.WriteTo(writer);
                break;
            default:
                schema.WriteTo(writer);
                break;
        }
    }

    /// <summary>Writes the parameter schema of a function declaration (an empty object schema when it has none).</summary>
    public static void WriteParameters(Utf8JsonWriter writer, AIFunctionDeclaration function) => Write(writer, function.JsonSchema);
}
