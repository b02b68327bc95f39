namespace AiGateway.Client.Middleware.Budget;

/// <summary>What one rule's bucket holds in its current window.</summary>
/// <param name="SpentUsd">Settled spend (calls that finished) in USD.</param>
/// <param name="ReservedUsd">Outstanding reservations (calls in flight, at their worst-case cost) in USD.</param>
/// <param name="WindowResetsAt">When the window resets (see <see cref="BudgetWindow.GetResetTime"/>).</param>
public sealed record BudgetUsage(decimal SpentUsd, decimal ReservedUsd, DateTimeOffset? WindowResetsAt)
{
    /// <summary>Gets the spent and reserved amounts together: what a new reservation is checked against.</summary>
    public decimal TotalUsd => SpentUsd + ReservedUsd;
}
