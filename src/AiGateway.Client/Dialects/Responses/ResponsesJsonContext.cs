using System.Text.Json.Serialization;

namespace AiGateway.Client.Dialects.Responses;

/// <summary>Source-generated metadata for the Responses wire types (snake_case, unknown fields ignored, numbers in strings tolerated).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    NumberHandling = JsonNumberHandling.AllowReadingFromString,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ResponseObject))]
[JsonSerializable(typeof(ResponseStreamEvent))]
internal sealed partial class ResponsesJsonContext : JsonSerializerContext;
