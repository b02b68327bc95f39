using System.Text.Json;

namespace AiGateway.Client.Dialects.Json;

/// <summary>
/// Reads one JSON object with the reader on its <see cref="JsonTokenType.StartObject"/> and returns with it on the
/// matching <see cref="JsonTokenType.EndObject"/> (the <see cref="JsonValueReader"/> contract).
/// </summary>
internal delegate T JsonObjectReader<out T>(ref Utf8JsonReader reader);
