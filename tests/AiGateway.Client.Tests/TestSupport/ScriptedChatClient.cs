using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using AiGateway.Client.Catalog;
using Microsoft.Extensions.AI;

namespace AiGateway.Client.Tests.TestSupport;

/// <summary>
/// An inner <see cref="IChatClient"/> standing in for the leaf (or for the next middleware): records what each call
/// received and answers as the test says. A client given <see cref="Step"/>s plays them, one per call, and fails the
/// test loudly when they run out; a client given none answers with <see cref="Respond"/>/<see cref="Stream"/>
/// ("ok" by default). Answers GetService for the environment, catalog and metadata when set, as the leaf does.
/// </summary>
public sealed class ScriptedChatClient : IChatClient
{
    private readonly ConcurrentQueue<Step> _steps = new();
    private readonly ConcurrentQueue<ScriptedCall> _calls = new();
    private volatile bool _scripted;

    public ScriptedChatClient()
    {
    }

    /// <summary>Creates a client that serves <paramref name="catalog"/> and a default model through GetService.</summary>
    public ScriptedChatClient(IModelCatalog? catalog, string? defaultModel = null)
    {
        Catalog = catalog;
        Metadata = new ChatClientMetadata("scripted", null, defaultModel);
    }

    public GatewayEnvironment? Environment { get; init; }

    public IModelCatalog? Catalog { get; init; }

    public ChatClientMetadata? Metadata { get; init; }

    public IReadOnlyList<ScriptedCall> Calls => _calls.ToArray();

    /// <summary>Gets the options of every call, in order.</summary>
    public ConcurrentQueue<ChatOptions?> ReceivedOptions { get; } = new();

    /// <summary>Answers a non-streaming call when no step was scripted; the default answers "ok" with no cost or usage.</summary>
    public Func<ChatOptions?, CancellationToken, Task<ChatResponse>> Respond { get; set; } =
        (_, _) => Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "ok")));

    /// <summary>Answers a streaming call when no step was scripted; the default streams "ok".</summary>
    public Func<ChatOptions?, CancellationToken, IAsyncEnumerable<ChatResponseUpdate>> Stream { get; set; } = (_, _) => Updates(new ChatResponseUpdate(ChatRole.Assistant, "ok"));

    public ScriptedChatClient Enqueue(params Step[] steps)
    {
        _scripted = true;
        foreach (var step in steps)
        {
            _steps.Enqueue(step);
        }

        return this;
    }

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        if (Next(messages, options, streaming: false) is not { } step)
        {
            return await Respond(options, cancellationToken);
        }

        await step.BeforeFirstAsync(cancellationToken);
        return new ChatResponse(new ChatMessage(ChatRole.Assistant, string.Concat(step.Chunks))) { ModelId = options?.ModelId };
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (Next(messages, options, streaming: true) is not { } step)
        {
            await foreach (var update in Stream(options, cancellationToken).WithCancellation(cancellationToken))
            {
                yield return update;
            }

            yield break;
        }

        await step.BeforeFirstAsync(cancellationToken);
        foreach (var chunk in step.Chunks)
        {
            yield return new ChatResponseUpdate(ChatRole.Assistant, chunk) { ModelId = options?.ModelId };
        }

        if (step.FailAfterFirst is { } failure)
        {
            throw failure;
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        if (serviceKey is not null)
        {
            return null;
        }

        if (serviceType == typeof(GatewayEnvironment))
        {
            return Environment;
        }

        if (Catalog is not null && serviceType.IsInstanceOfType(Catalog))
        {
            return Catalog;
        }

        if (serviceType == typeof(ChatClientMetadata))
        {
            return Metadata;
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

    /// <summary>Records the call and takes its step; <see langword="null"/> when the client was never given steps.</summary>
    private Step? Next(IEnumerable<ChatMessage> messages, ChatOptions? options, bool streaming)
    {
        _calls.Enqueue(new ScriptedCall(messages.ToList(), options, streaming));
        ReceivedOptions.Enqueue(options);
        if (_steps.TryDequeue(out var step))
        {
            return step;
        }

        return _scripted
            ? throw new InvalidOperationException($"ScriptedChatClient has no step left for call #{_calls.Count} (model '{options?.ModelId}').")
            : null;
    }
}

