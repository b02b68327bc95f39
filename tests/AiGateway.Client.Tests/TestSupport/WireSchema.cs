extern alias JsonSchemaNet;

using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using JsonSchemaNet::Json.Schema;

namespace AiGateway.Client.Tests.TestSupport;

/// <summary>
/// Validates JSON against one schema of the providers' published specifications, extracted into
/// <c>WireSchemas/</c> (origin and licence in its README): OpenAI's OpenAPI components and Google's v1beta
/// generateContent messages.
/// </summary>
public static class WireSchema
{
    /// <summary>The Gemini v1beta package prefix of the message names in <c>gemini-schemas.json</c>.</summary>
    public const string Gemini = "google.ai.generativelanguage.v1beta.";

    private static readonly ConcurrentDictionary<string, JsonSchema> Built = new(StringComparer.Ordinal);
    private static readonly Lazy<JsonObject> OpenAIDocument = new(() => Load("openai-schemas.json"));
    private static readonly Lazy<JsonObject> GeminiDocument = new(() => Load("gemini-schemas.json"));

    /// <summary>Throws with the schema's complaints unless <paramref name="json"/> is valid under the OpenAI component schema <paramref name="name"/>.</summary>
    public static void AssertOpenAI(string name, JsonElement json) => AssertValid(OpenAIDocument.Value, name, json);

    /// <summary>Throws with the schema's complaints unless <paramref name="json"/> is valid under the Gemini v1beta message <paramref name="message"/>.</summary>
    public static void AssertGemini(string message, JsonElement json) => AssertValid(GeminiDocument.Value, Gemini + message, json);

    /// <summary>Parses <paramref name="json"/> and validates it under the OpenAI component schema <paramref name="name"/>.</summary>
    public static void AssertOpenAI(string name, string json)
    {
        using var document = JsonDocument.Parse(json);
        AssertOpenAI(name, document.RootElement);
    }

    /// <summary>Parses <paramref name="json"/> and validates it under the Gemini v1beta message <paramref name="message"/>.</summary>
    public static void AssertGemini(string message, string json)
    {
        using var document = JsonDocument.Parse(json);
        AssertGemini(message, document.RootElement);
    }

    private static JsonObject Load(string file) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "WireSchemas", file)))!.AsObject();

    private static void AssertValid(JsonObject document, string name, JsonElement json)
    {
        var schema = Built.GetOrAdd(name, n =>
        {
            if (!document["$defs"]!.AsObject().ContainsKey(n))
            {
                throw new ArgumentException($"No schema named {n} in the extract.", nameof(name));
            }

            var root = new JsonObject
            {
                ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
                ["$id"] = $"https://aigateway.test/wire-schemas/{Uri.EscapeDataString(n)}",
                ["$defs"] = document["$defs"]!.DeepClone(),
                ["$ref"] = "#/$defs/" + n,
            };
            return JsonSchema.Build(JsonSerializer.SerializeToElement(root), new BuildOptions { SchemaRegistry = new SchemaRegistry() });
        });

        var result = schema.Evaluate(json, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (!result.IsValid)
        {
            throw new Xunit.Sdk.XunitException($"The JSON is not a valid {name}:\n{Describe(result)}\n{json.GetRawText()}");
        }
    }

    /// <summary>The failures, once each (an <c>anyOf</c> reports every branch that failed; the real cause is among them).</summary>
    private static string Describe(EvaluationResults result)
    {
        var lines = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var detail in result.Details ?? [])
        {
            if (detail.IsValid || detail.Errors is not { Count: > 0 } errors)
            {
                continue;
            }

            foreach (var (keyword, message) in errors)
            {
                lines.Add($"  at {detail.InstanceLocation}: {keyword}: {message}");
            }
        }

        return string.Join('\n', lines.Take(40));
    }
}
