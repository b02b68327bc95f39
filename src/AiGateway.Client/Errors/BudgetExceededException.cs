namespace AiGateway.Client;

/// <summary>
/// A spending limit was reached: either a local budget rule refused to reserve the worst-case cost of a call
/// (nothing was sent), or the gateway answered HTTP 402 (its own budget or credits ran out). Never transient.
/// </summary>
public sealed class BudgetExceededException : AiGatewayException
{
    /// <summary>Creates the exception.</summary>
    public BudgetExceededException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What happened and how to fix it.</param>
    public BudgetExceededException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    /// <param name="message">What happened and how to fix it.</param>
    /// <param name="innerException">The cause.</param>
    public BudgetExceededException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Gets the name of the local budget rule that refused the call, or <see langword="null"/> for a gateway 402.</summary>
    public string? RuleName { get; init; }

    /// <summary>Gets the amount already spent or reserved in the rule's current window, in USD.</summary>
    public decimal? SpentUsd { get; init; }

    /// <summary>Gets the rule's limit in USD.</summary>
    public decimal? LimitUsd { get; init; }

    /// <summary>Gets the worst-case cost of the refused call, in USD.</summary>
    public decimal? RequestedUsd { get; init; }

    /// <summary>Gets when the rule's current window resets, when it has a fixed end.</summary>
    public DateTimeOffset? WindowResetsAt { get; init; }
}
