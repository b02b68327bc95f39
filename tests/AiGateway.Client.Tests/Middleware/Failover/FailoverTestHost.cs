using AiGateway.Client.Middleware.Failover;
using Microsoft.Extensions.AI;
using AiGateway.Client.Tests.TestSupport;

namespace AiGateway.Client.Tests.Middleware.Failover;

/// <summary>Builds a failover client over a scripted inner client and a recording clock, jitter off so delays are exact.</summary>
public static class FailoverTestHost
{
    public static IReadOnlyList<ChatMessage> Messages { get; } = [new ChatMessage(ChatRole.User, "hi")];

    public static (GatewayFailoverChatClient Client, ScriptedChatClient Inner, TestClock Clock) Create(
        Action<FailoverOptions>? configure = null, ScriptedChatClient? inner = null, TestClock? clock = null)
    {
        inner ??= new ScriptedChatClient();
        clock ??= new TestClock();
        var options = new FailoverOptions { UseJitter = false, TimeProvider = clock };
        configure?.Invoke(options);
        return (new GatewayFailoverChatClient(inner, options), inner, clock);
    }

    public static ChatOptions Model(string modelId) => new() { ModelId = modelId };

    public static async Task<List<ChatResponseUpdate>> ReadAllAsync(IAsyncEnumerable<ChatResponseUpdate> stream)
    {
        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in stream)
        {
            updates.Add(update);
        }

        return updates;
    }
}
