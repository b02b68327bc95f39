using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using AiGateway.Client.Catalog;
using Microsoft.Extensions.AI;

namespace AiGateway.Client.Tests.Middleware.Budget;

/// <summary>
/// A scripted inner <see cref="IChatClient"/> standing in for the leaf: answers as the test says, records what it
/// received, and serves a catalog and default model through <see cref="GetService"/> as the leaf does.
/// </summary>
public sealed class ScriptedChatClient(IModelCatalog? catalog = null, string? defaultModel = null) : IChatClient
{
    private int _calls;

    public ConcurrentQueue<ChatOptions?> ReceivedOptions { get; } = new();

    public int Calls => Volatile.Read(ref _calls);

    /// <summary>Answers a non-streaming call; the default answers "ok" with no cost or usage.</summary>
    public Func<ChatOptions?, CancellationToken, Task<ChatResponse>> Respond { get; set; } =
        (_, _) => Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "ok")));

    /// <summary>Answers a streaming call; the default streams "ok".</summary>
    public Func<ChatOptions?, CancellationToken, IAsyncEnumerable<ChatResponseUpdate>> Stream { get; set; } = (_, _) => Updates(new ChatResponseUpdate(ChatRole.Assistant, "ok"));

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _calls);
        ReceivedOptions.Enqueue(options);
        return Respond(options, cancellationToken);
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _calls);
        ReceivedOptions.Enqueue(options);
        return Stream(options, cancellationToken);
    }

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        if (serviceKey is not null)
        {
            return null;
        }

        if (serviceType == typeof(ChatClientMetadata))
        {
            return new ChatClientMetadata("scripted", null, defaultModel);
        }

        if (catalog is not null && serviceType.IsInstanceOfType(catalog))
        {
            return catalog;
        }

        return serviceType.IsInstanceOfType(this) ? this : null;
    }

    public void Dispose()
    {
    }

    /// <summary>A response carrying a cost in <see cref="AiGatewayPropertyKeys.CostUsd"/>, as the leaf reports it.</summary>
    public static ChatResponse WithCost(decimal costUsd) =>
        new(new ChatMessage(ChatRole.Assistant, "ok")) { AdditionalProperties = new() { [AiGatewayPropertyKeys.CostUsd] = costUsd } };

    public static async IAsyncEnumerable<ChatResponseUpdate> Updates(params ChatResponseUpdate[] updates)
    {
        foreach (var update in updates)
        {
            await Task.Yield();
            yield return update;
        }
    }

    /// <summary>Streams <paramref name="first"/>, then fails with <paramref name="error"/>.</summary>
    public static async IAsyncEnumerable<ChatResponseUpdate> ThenFail(ChatResponseUpdate first, Exception error)
    {
        await Task.Yield();
        yield return first;
        throw error;
    }

    /// <summary>Streams <paramref name="first"/>, then waits for cancellation.</summary>
    public static async IAsyncEnumerable<ChatResponseUpdate> ThenHang(ChatResponseUpdate first, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        yield return first;
        await Task.Delay(Timeout.Infinite, cancellationToken);
    }
}
