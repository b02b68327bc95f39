using System.Text.Json;
using System.Text.Json.Serialization;

namespace AiGateway.Client.Dialects.Json;

/// <summary>Source-generated metadata for the small shared shapes (tool arguments). Dialect DTOs have their own contexts.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(Dictionary<string, object?>))]
[JsonSerializable(typeof(JsonElement))]
internal sealed partial class DialectJsonContext : JsonSerializerContext;
