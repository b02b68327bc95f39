using AiGateway.Client.Catalog;
using Microsoft.Extensions.AI;

namespace AiGateway.Client.Postgres.Tests;

/// <summary>An inner client standing in for the leaf: answers every call with a fixed reported cost and serves a catalog.</summary>
public sealed class FixedCostChatClient(IModelCatalog catalog, decimal costUsd) : IChatClient
{
    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _calls);
        await Task.Yield();
        return new ChatResponse(new ChatMessage(ChatRole.Assistant, "ok")) { AdditionalProperties = new() { [AiGatewayPropertyKeys.CostUsd] = costUsd } };
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType.IsInstanceOfType(catalog) ? catalog : null;

    public void Dispose()
    {
    }
}
