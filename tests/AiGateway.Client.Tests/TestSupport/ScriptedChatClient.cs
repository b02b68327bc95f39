using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using AiGateway.Client.Catalog;
using AiGateway.Client.Gateways;
using Microsoft.Extensions.AI;

namespace AiGateway.Client.Tests.Middleware.Failover;

/// <summary>
/// An inner <see cref="IChatClient"/> that plays scripted steps, one per call, and records what each call received.
/// Running out of steps fails the test loudly. Answers GetService for the environment, catalog and metadata when set,
/// as the leaf does.
/// </summary>
public sealed class ScriptedChatClient : IChatClient
{
    private readonly ConcurrentQueue<Step> _steps = new();
    private readonly ConcurrentQueue<ScriptedCall> _calls = new();

    public GatewayEnvironment? Environment { get; init; }

    public IModelCatalog? Catalog { get; init; }

    public ChatClientMetadata? Metadata { get; init; }

    public IReadOnlyList<ScriptedCall> Calls => _calls.ToArray();

    public ScriptedChatClient Enqueue(params Step[] steps)
    {
        foreach (var step in steps)
        {
            _steps.Enqueue(step);
        }

        return this;
    }

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var step = Next(messages, options, streaming: false);
        await step.BeforeFirstAsync(cancellationToken);
        return new ChatResponse(new ChatMessage(ChatRole.Assistant, string.Concat(step.Chunks))) { ModelId = options?.ModelId };
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var step = Next(messages, options, streaming: true);
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

        if (serviceType == typeof(IModelCatalog))
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

    private Step Next(IEnumerable<ChatMessage> messages, ChatOptions? options, bool streaming)
    {
        _calls.Enqueue(new ScriptedCall(messages.ToList(), options, streaming));
        return _steps.TryDequeue(out var step)
            ? step
            : throw new InvalidOperationException($"ScriptedChatClient has no step left for call #{_calls.Count} (model '{options?.ModelId}').");
    }
}

/// <summary>What one call to <see cref="ScriptedChatClient"/> received.</summary>
public sealed record ScriptedCall(IReadOnlyList<ChatMessage> Messages, ChatOptions? Options, bool Streaming)
{
    public string? ModelId => Options?.ModelId;

    public object? Gateway => Options?.AdditionalProperties?.TryGetValue(AiGatewayPropertyKeys.Gateway, out var value) == true ? value : null;

    public IReadOnlyList<string>? NativeFallbacks =>
        Options?.AdditionalProperties?.TryGetValue(AiGatewayPropertyKeys.NativeFallbackModels, out var value) == true ? (IReadOnlyList<string>)value! : null;
}

/// <summary>One scripted behaviour: fail before any output, answer (in chunks when streaming), hang until cancelled, or fail mid-stream.</summary>
public sealed class Step
{
    private readonly Exception? _failBefore;
    private readonly bool _hang;

    private Step(Exception? failBefore, bool hang, IReadOnlyList<string> chunks, Exception? failAfterFirst)
    {
        _failBefore = failBefore;
        _hang = hang;
        Chunks = chunks;
        FailAfterFirst = failAfterFirst;
    }

    public IReadOnlyList<string> Chunks { get; }

    public Exception? FailAfterFirst { get; }

    /// <summary>Completes when the call has started (for tests that cancel a call in flight).</summary>
    public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public static Step Fail(Exception exception) => new(exception, false, [], null);

    public static Step Reply(params string[] chunks) => new(null, false, chunks.Length == 0 ? ["ok"] : chunks, null);

    public static Step Hang() => new(null, true, ["late"], null);

    public static Step StreamThenFail(string first, Exception exception) => new(null, false, [first], exception);

    public static Step Empty() => new(null, false, [], null);

    internal async Task BeforeFirstAsync(CancellationToken cancellationToken)
    {
        Started.TrySetResult();
        if (_hang)
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
        }

        // Yield so that failures surface asynchronously, as over a network.
        await Task.Yield();
        if (_failBefore is not null)
        {
            throw _failBefore;
        }
    }
}
