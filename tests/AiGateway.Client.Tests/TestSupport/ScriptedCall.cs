using Microsoft.Extensions.AI;

namespace AiGateway.Client.Tests.TestSupport;

/// <summary>What one call to <see cref="ScriptedChatClient"/> received.</summary>
public sealed record ScriptedCall(IReadOnlyList<ChatMessage> Messages, ChatOptions? Options, bool Streaming)
{
    public string? ModelId => Options?.ModelId;

    public object? Gateway => Options?.AdditionalProperties?.TryGetValue(AiGatewayPropertyKeys.Gateway, out var value) == true ? value : null;

    public IReadOnlyList<string>? NativeFallbacks =>
        Options?.AdditionalProperties?.TryGetValue(AiGatewayPropertyKeys.NativeFallbackModels, out var value) == true ? (IReadOnlyList<string>)value! : null;
}
