using System.Text.Json;

namespace AiGateway.Client.Tests.Embeddings;

/// <summary>
/// A small JSON-schema check (type, properties, required, additionalProperties, enum, minimum, maxItems, items,
/// oneOf/anyOf, $ref) against the schemas extracted from OpenAI's OpenAPI spec (Fixtures/openai-spec).
/// </summary>
internal static class OpenAISchema
{
    private static readonly JsonElement Schemas = LoadSchemas();

    /// <summary>Validates <paramref name="json"/> against the named schema; returns the violations (empty when valid).</summary>
    public static List<string> Validate(string schemaName, string json)
    {
        using var document = JsonDocument.Parse(json);
        var errors = new List<string>();
        Check(Schemas.GetProperty(schemaName), document.RootElement, "$", errors);
        return errors;
    }

    private static JsonElement LoadSchemas()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Fixtures", "openai-spec", "embeddings-images.schemas.json");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.GetProperty("schemas").Clone();
    }

    private static void Check(JsonElement schema, JsonElement value, string path, List<string> errors)
    {
        if (schema.TryGetProperty("$ref", out var reference))
        {
            var name = reference.GetString()!.Split('/')[^1];
            if (Schemas.TryGetProperty(name, out var target))
            {
                Check(target, value, path, errors);
            }

            return;
        }

        foreach (var combinator in (ReadOnlySpan<string>)["oneOf", "anyOf"])
        {
            if (schema.TryGetProperty(combinator, out var options))
            {
                var matched = options.EnumerateArray().Any(option =>
                {
                    var attempt = new List<string>();
                    Check(option, value, path, attempt);
                    return attempt.Count == 0;
                });
                if (!matched)
                {
                    errors.Add($"{path}: matches none of {combinator}");
                }
            }
        }

        if (schema.TryGetProperty("type", out var type) && !IsType(value, type.GetString()!))
        {
            errors.Add($"{path}: expected {type.GetString()}, found {value.ValueKind}");
            return;
        }

        if (schema.TryGetProperty("enum", out var allowed) && !allowed.EnumerateArray().Any(a => a.ToString() == value.ToString()))
        {
            errors.Add($"{path}: '{value}' is not one of the enum values");
        }

        if (schema.TryGetProperty("minimum", out var minimum) && value.ValueKind == JsonValueKind.Number && value.GetDouble() < minimum.GetDouble())
        {
            errors.Add($"{path}: {value} is below the minimum {minimum}");
        }

        if (value.ValueKind == JsonValueKind.Array)
        {
            if (schema.TryGetProperty("maxItems", out var maxItems) && value.GetArrayLength() > maxItems.GetInt32())
            {
                errors.Add($"{path}: more than {maxItems} items");
            }

            if (schema.TryGetProperty("items", out var items))
            {
                var i = 0;
                foreach (var item in value.EnumerateArray())
                {
                    Check(items, item, $"{path}[{i++}]", errors);
                }
            }
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        var properties = schema.TryGetProperty("properties", out var p) ? p : default;
        foreach (var required in schema.TryGetProperty("required", out var r) ? r.EnumerateArray() : default)
        {
            if (!value.TryGetProperty(required.GetString()!, out _))
            {
                errors.Add($"{path}: required '{required}' is missing");
            }
        }

        foreach (var property in value.EnumerateObject())
        {
            if (properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty(property.Name, out var propertySchema))
            {
                Check(propertySchema, property.Value, $"{path}.{property.Name}", errors);
            }
            else if (schema.TryGetProperty("additionalProperties", out var additional) && additional.ValueKind == JsonValueKind.False)
            {
                errors.Add($"{path}: '{property.Name}' is not allowed");
            }
        }
    }

    private static bool IsType(JsonElement value, string type) => type switch
    {
        "object" => value.ValueKind == JsonValueKind.Object,
        "array" => value.ValueKind == JsonValueKind.Array,
        "string" => value.ValueKind == JsonValueKind.String,
        "integer" => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _),
        "number" => value.ValueKind == JsonValueKind.Number,
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        _ => true,
    };
}
