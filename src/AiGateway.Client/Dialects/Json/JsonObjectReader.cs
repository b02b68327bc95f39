using System.Text.Json;

namespace AiGateway.Client.Dialects.Json;

/// <summary>
/// Reads one JSON object with the reader on its <see cref="JsonTokenType.StartObject"/> and returns with it on the
/// matching <see cref="JsonTokenType.EndObject"/> (the <see cref="JsonValueReader"/> contract).
/// </summary>
internal delegate T JsonObjectReader<out T>(ref Utf8JsonReader reader);

/// <summary>Reads one JSON object (the reader on its start) into a value, with state the caller passes along (no closure).</summary>
internal delegate T JsonObjectReader<out T, in TState>(ref Utf8JsonReader reader, TState state);
