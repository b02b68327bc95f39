using AiGateway.Client.Middleware.Budget;
namespace AiGateway.Client;

/// <summary>Settled spend in one rule's bucket crossed a threshold (for example 80% of the limit) in the current window.</summary>
public sealed class BudgetThresholdReached
{
    /// <summary>Creates the notice.</summary>
    /// <param name="charge">The rule and bucket.</param>
    /// <param name="threshold">The fraction of the limit crossed (0.8 for 80%).</param>
    /// <param name="spentUsd">Settled spend in the window after the call, in USD.</param>
    /// <param name="windowResetsAt">When the window resets, when known.</param>
    public BudgetThresholdReached(BudgetCharge charge, decimal threshold, decimal spentUsd, DateTimeOffset? windowResetsAt)
    {
        ArgumentNullException.ThrowIfNull(charge);
        Charge = charge;
        Threshold = threshold;
        SpentUsd = spentUsd;
        WindowResetsAt = windowResetsAt;
    }

    /// <summary>Gets the rule and bucket (the bucket's scope key is the user id, tag or model for scoped rules).</summary>
    public BudgetCharge Charge { get; }

    /// <summary>Gets the rule.</summary>
    public BudgetRule Rule => Charge.Rule;

    /// <summary>Gets the fraction of the limit that was crossed (0.8 for 80%, 1 for the whole limit).</summary>
    public decimal Threshold { get; }

    /// <summary>Gets the settled spend in the window after the call, in USD.</summary>
    public decimal SpentUsd { get; }

    /// <summary>Gets the rule's limit in USD.</summary>
    public decimal LimitUsd => Charge.Rule.LimitUsd;

    /// <summary>Gets when the window resets, when known.</summary>
    public DateTimeOffset? WindowResetsAt { get; }
}
