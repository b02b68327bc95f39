namespace AiGateway.Client.Benchmarks;

/// <summary>A streamed body of tool calls and what a correct reader must make of it.</summary>
/// <param name="Payload">The body and its SSE event count.</param>
/// <param name="Calls">How many function calls the body holds; each has the arguments <c>{"text": <see cref="ToolCallPayloads.ArgumentText"/>}</c>.</param>
internal sealed record ToolCallStream(StreamPayload Payload, int Calls);
