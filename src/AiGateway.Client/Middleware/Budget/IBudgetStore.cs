namespace AiGateway.Client.Middleware.Budget;

/// <summary>
/// Where budget reservations and spend are kept. <see cref="InMemoryBudgetStore"/> serves one process;
/// <c>PostgresBudgetStore</c> (package AiGateway.Client.Postgres) is shared by every replica.
/// </summary>
/// <remarks>
/// The contract every implementation keeps:
/// <list type="bullet">
/// <item><see cref="TryReserveAsync"/> is atomic: it checks every charge (spent + reserved + amount ≤ limit in the
/// window that contains <see cref="BudgetReservation.CreatedAt"/>) and either reserves on all of them or on none,
/// so concurrent reservations (from any number of threads or processes) can never together exceed a limit.</item>
/// <item><see cref="SettleAsync"/> turns the reservation into spend of the given amount; <see cref="ReleaseAsync"/>
/// removes it. Each is idempotent and a no-op for a reservation already settled or released, or never made.</item>
/// <item>A reservation neither settled nor released (the process died) keeps counting at its worst-case amount
/// until its window passes: a lost process can make a budget stricter, never looser.</item>
/// </list>
/// </remarks>
public interface IBudgetStore
{
    /// <summary>Reserves <see cref="BudgetReservation.AmountUsd"/> on every charge of the reservation, or on none.</summary>
    /// <param name="reservation">The reservation.</param>
    /// <param name="cancellationToken">Cancels the attempt (a cancelled attempt reserves nothing, or is released by the caller).</param>
    /// <returns>Reserved, or refused with the first charge that had no room.</returns>
    ValueTask<BudgetReservationResult> TryReserveAsync(BudgetReservation reservation, CancellationToken cancellationToken = default);

    /// <summary>Settles the reservation to <paramref name="actualCostUsd"/> on every charge.</summary>
    /// <param name="reservation">The reservation.</param>
    /// <param name="actualCostUsd">The actual cost in USD.</param>
    /// <param name="now">The current time, to report spend in the current window.</param>
    /// <param name="cancellationToken">Cancels the settle.</param>
    /// <returns>How each bucket's settled spend moved; empty when the reservation was already settled or released.</returns>
    ValueTask<IReadOnlyList<BudgetSettlement>> SettleAsync(BudgetReservation reservation, decimal actualCostUsd, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Removes the reservation from every charge.</summary>
    /// <param name="reservation">The reservation.</param>
    /// <param name="cancellationToken">Cancels the release.</param>
    /// <returns>A task that completes when released.</returns>
    ValueTask ReleaseAsync(BudgetReservation reservation, CancellationToken cancellationToken = default);

    /// <summary>Gets what a rule's bucket holds in the window that contains <paramref name="now"/>.</summary>
    /// <param name="rule">The rule.</param>
    /// <param name="scopeKey">The bucket (see <see cref="BudgetCharge.ScopeKey"/>).</param>
    /// <param name="now">The current time.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The usage.</returns>
    ValueTask<BudgetUsage> GetUsageAsync(BudgetRule rule, string scopeKey, DateTimeOffset now, CancellationToken cancellationToken = default);
}
