namespace AiGateway.Client.Middleware.Budget;

/// <summary>The outcome of <see cref="IBudgetStore.TryReserveAsync"/>: reserved on every rule, or refused by one.</summary>
public sealed class BudgetReservationResult
{
    private BudgetReservationResult(BudgetCharge? refusedBy, BudgetUsage? usage)
    {
        RefusedBy = refusedBy;
        RefusedUsage = usage;
    }

    /// <summary>Gets the result of a reservation that was made on every rule.</summary>
    public static BudgetReservationResult Reserved { get; } = new(null, null);

    /// <summary>Gets a value indicating whether the reservation was made (on every rule).</summary>
    public bool IsReserved => RefusedBy is null;

    /// <summary>Gets the rule and bucket that had no room, when refused.</summary>
    public BudgetCharge? RefusedBy { get; }

    /// <summary>Gets what that bucket held when it refused.</summary>
    public BudgetUsage? RefusedUsage { get; }

    /// <summary>The result of a reservation refused by <paramref name="charge"/> (nothing was reserved on any rule).</summary>
    /// <param name="charge">The rule and bucket without room.</param>
    /// <param name="usage">What the bucket held.</param>
    /// <returns>The result.</returns>
    public static BudgetReservationResult Refused(BudgetCharge charge, BudgetUsage usage)
    {
        ArgumentNullException.ThrowIfNull(charge);
        ArgumentNullException.ThrowIfNull(usage);
        return new BudgetReservationResult(charge, usage);
    }
}
