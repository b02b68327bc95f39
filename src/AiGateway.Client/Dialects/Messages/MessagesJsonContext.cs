using System.Text.Json;
using System.Text.Json.Serialization;

namespace AiGateway.Client.Dialects.Messages;

/// <summary>Source-generated (AOT-safe) metadata for the Messages wire types. Field names are snake_case on the wire.</summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.General,
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(MessagesResponse))]
[JsonSerializable(typeof(MessagesStreamEvent))]
internal sealed partial class MessagesJsonContext : JsonSerializerContext;
