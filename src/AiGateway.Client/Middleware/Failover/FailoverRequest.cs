using System.Diagnostics;
using Microsoft.Extensions.AI;

namespace AiGateway.Client.Middleware.Failover;

/// <summary>The state of one request through failover: its targets, where it is, its attempts. Polly's callbacks reach it through the resilience context.</summary>
internal sealed class FailoverRequest
{
    private FailoverAttempt? _pending;
    private int _targetAttempts;

    private readonly FailoverTargetList _targetList;

    public FailoverRequest(GatewayFailoverChatClient owner, FailoverContext context, FailoverTargetList targets, ChatOptions? callerOptions, CancellationToken callerToken)
    {
        Owner = owner;
        Context = context;
        _targetList = targets;
        Targets = targets.Items;
        CallerOptions = callerOptions;
        CallerToken = callerToken;
    }

    public GatewayFailoverChatClient Owner { get; }

    public FailoverContext Context { get; }

    public ResolvedFailoverTarget[] Targets { get; }

    public ChatOptions? CallerOptions { get; }

    public CancellationToken CallerToken { get; }

    public Activity? Activity { get; set; }

    public int TargetIndex { get; private set; }

    public int AttemptCount { get; private set; }

    public Exception? LastFailure { get; set; }

    public TimeSpan? SoonestRetry { get; private set; }

    public ResolvedFailoverTarget Current => Targets[TargetIndex];

    public bool HasNextTarget => TargetIndex + 1 < Targets.Length && !AttemptLimitReached;

    public bool AttemptLimitReached => Owner.Options.MaximumAttemptsPerRequest is { } limit && AttemptCount >= limit;

    /// <summary>Starts a request: buffers its messages (every attempt sends the same ones) and resolves its targets.</summary>
    public static FailoverRequest Begin(GatewayFailoverChatClient owner, FailoverTargetResolver resolver, IEnumerable<ChatMessage> messages, ChatOptions? options, bool streaming, CancellationToken cancellationToken)
    {
        var buffered = messages as IReadOnlyList<ChatMessage> ?? messages.ToList();
        var targets = resolver.Resolve(options);
        return new FailoverRequest(owner, new FailoverContext(buffered, options, targets.Public, streaming), targets, options, cancellationToken);
    }

    public void BeginTarget(int index)
    {
        TargetIndex = index;
        _targetAttempts = 0;
    }

    public (int Index, int Attempt, int TargetAttempt) BeginAttempt() => (TargetIndex, ++AttemptCount, ++_targetAttempts);

    public void SetPending(FailoverAttempt attempt) => _pending = attempt;

    public FailoverAttempt? TakePending()
    {
        var pending = _pending;
        _pending = null;
        return pending;
    }

    public void NoteSkipped(TimeSpan? retryAfter)
    {
        if (retryAfter is { } wait && (SoonestRetry is null || wait < SoonestRetry))
        {
            SoonestRetry = wait;
        }
    }

    /// <summary>The options one target's call gets: the caller's own for the requested target, else a clone with the target's model and gateway.</summary>
    public ChatOptions? OptionsFor(int index)
    {
        var target = Targets[index];
        var nativeFallbacks = Owner.Options.UseNativeFallback ? NativeFallbacksAfter(index) : null;
        if (target.IsRequested && nativeFallbacks is null)
        {
            return CallerOptions;
        }

        // Clone copies AdditionalProperties too: the clone's dictionary is its own to change.
        var clone = CallerOptions?.Clone() ?? new ChatOptions();
        var properties = clone.AdditionalProperties ?? [];
        if (!target.IsRequested)
        {
            if (target.Target.ModelId is { } model)
            {
                clone.ModelId = model;
            }

            if (target.Target.Gateway is { } gateway)
            {
                properties[AiGatewayPropertyKeys.Gateway] = gateway;
            }
        }

        if (nativeFallbacks is not null)
        {
            properties[AiGatewayPropertyKeys.NativeFallbackModels] = nativeFallbacks;
        }

        clone.AdditionalProperties = properties;
        return clone;
    }

    /// <summary>The later targets' models on the same gateway, for gateways that fall back natively (Vercel <c>models</c>).</summary>
    private string[]? NativeFallbacksAfter(int index) => _targetList.NativeFallbacksAfter(index);
}
