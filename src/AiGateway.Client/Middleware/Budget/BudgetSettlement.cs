namespace AiGateway.Client.Middleware.Budget;

/// <summary>How settling a reservation moved one bucket's settled spend in its current window.</summary>
/// <param name="Charge">The rule and bucket.</param>
/// <param name="SpentBeforeUsd">Settled spend in the current window before the settle, in USD.</param>
/// <param name="SpentAfterUsd">Settled spend in the current window after it, in USD (equal to before when the reservation belongs to an earlier window).</param>
public sealed record BudgetSettlement(BudgetCharge Charge, decimal SpentBeforeUsd, decimal SpentAfterUsd);
