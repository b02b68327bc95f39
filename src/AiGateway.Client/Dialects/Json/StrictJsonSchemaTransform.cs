using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;

namespace AiGateway.Client.Dialects.Json;

/// <summary>
/// Turns a tool's parameter schema, or a response-format schema, into one OpenAI accepts with <c>strict: true</c>
/// (https://platform.openai.com/docs/guides/structured-outputs#supported-schemas): every object gets
/// <c>additionalProperties: false</c> and lists every property as required, boolean schemas become objects, and the
/// keywords strict mode does not take (<c>default</c>, length, range, pattern and format limits, <c>not</c>, …) move
/// into the description so the model still reads them. This is the rule Microsoft.Extensions.AI's OpenAI client
/// applies before it sends a strict schema; the transform itself is MEAI's public <see cref="AIJsonSchemaTransformCache"/>.
/// </summary>
internal static class StrictJsonSchemaTransform
{
    /// <summary>Keywords OpenAI's strict mode rejects or ignores, moved into the description instead.</summary>
    private static readonly string[] UnsupportedKeywords =
    [
        "contentEncoding", "contentMediaType", "not",
        "minLength", "maxLength", "pattern", "format",
        "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf",
        "patternProperties", "minItems", "maxItems", "uniqueItems",
        "unevaluatedProperties", "unevaluatedItems", "propertyNames", "minProperties", "maxProperties",
        "contains", "minContains", "maxContains",
    ];

    private static readonly AIJsonSchemaTransformCache Cache = new(new AIJsonSchemaTransformOptions
    {
        DisallowAdditionalProperties = true,
        RequireAllProperties = true,
        ConvertBooleanSchemas = true,
        MoveDefaultKeywordToDescription = true,
        TransformSchemaNode = static (_, node) => DescribeUnsupportedKeywords(node),
    });

    /// <summary>Gets the strict form of a function's parameter schema (cached per function).</summary>
    public static JsonElement For(AIFunctionDeclaration function) => Cache.GetOrCreateTransformedSchema(function);

    /// <summary>Gets the strict form of a response format's schema (cached per format).</summary>
    public static JsonElement For(ChatResponseFormatJson format, JsonElement schema) => Cache.GetOrCreateTransformedSchema(format) ?? schema;

    private static JsonNode DescribeUnsupportedKeywords(JsonNode node)
    {
        if (node is not JsonObject schema)
        {
            return node;
        }

        StringBuilder? moved = null;
        foreach (var keyword in UnsupportedKeywords)
        {
            if (schema[keyword] is not { } value)
            {
                continue;
            }

            schema.Remove(keyword);
            moved = moved is null ? new StringBuilder() : moved.Append("; ");
            moved.Append(keyword).Append(": ").Append(value.ToJsonString());
        }

        if (moved is not null)
        {
            schema["description"] = schema["description"] is JsonValue description && description.TryGetValue(out string? text) && text.Length > 0
                ? text + " (" + moved + ")"
                : moved.ToString();
        }

        return schema;
    }
}
