using Microsoft.Extensions.AI;

namespace AiGateway.Client.Middleware.Failover;

/// <summary>What one request carries through a <see cref="GatewayFailoverChatClient"/>: its messages, options, targets and attempts so far.</summary>
public sealed class FailoverContext
{
    // Made on the first report: a request that answers at once has one attempt, so a list of one.
    private List<FailoverAttempt>? _attempts;

    internal FailoverContext(IReadOnlyList<ChatMessage> messages, ChatOptions? chatOptions, IReadOnlyList<FailoverTarget> targets, bool isStreaming)
    {
        Messages = messages;
        ChatOptions = chatOptions;
        Targets = targets;
        IsStreaming = isStreaming;
    }

    /// <summary>Gets the request's messages (buffered, so every attempt sends the same ones).</summary>
    public IReadOnlyList<ChatMessage> Messages { get; }

    /// <summary>Gets the caller's options. Each target gets a clone with its model and gateway set; this instance is never changed.</summary>
    public ChatOptions? ChatOptions { get; }

    /// <summary>Gets the targets of this request in the order they are tried.</summary>
    public IReadOnlyList<FailoverTarget> Targets { get; }

    /// <summary>Gets a value indicating whether the request streams.</summary>
    public bool IsStreaming { get; }

    /// <summary>Gets the calls made so far, in order.</summary>
    public IReadOnlyList<FailoverAttempt> Attempts => (IReadOnlyList<FailoverAttempt>?)_attempts ?? [];

    internal void Add(FailoverAttempt attempt) => (_attempts ??= new List<FailoverAttempt>(1)).Add(attempt);
}
