namespace AiGateway.Client.Middleware.Budget;

/// <summary>
/// Where budget reservations and spend are kept. <see cref="InMemoryBudgetStore"/> serves one process;
/// <c>PostgresBudgetStore</c> (package AiGateway.Client.Postgres) and <c>RedisBudgetStore</c> (package
/// AiGateway.Client.Redis) are shared by every replica.
/// </summary>
/// <remarks>
/// The contract every implementation keeps:
/// <list type="bullet">
/// <item><see cref="TryReserveAsync"/> is atomic: it checks every charge (spent + reserved + amount ≤ limit in the
/// window that contains <see cref="BudgetReservation.CreatedAt"/>) and either reserves on all of them or on none,
/// so concurrent reservations (from any number of threads or processes) can never together exceed a limit.</item>
/// <item><see cref="SettleAsync"/> turns the reservation into spend of the given amount; <see cref="ReleaseAsync"/>
/// removes it. Each is idempotent and a no-op for a reservation already settled or released, or never made.</item>
/// <item><b>Leases.</b> A reservation counts for <see cref="BudgetReservation.Lease"/> after it is made or last
/// renewed (<see cref="RenewAsync"/>). When the lease runs out before a settle or release (the process died, hung,
/// or never disposed a stream), the reservation expires: it stops counting, exactly as if released, so a crashed
/// replica holds budget for at most one lease, never for the rest of the window. <see cref="ReleaseAsync"/> of an
/// expired reservation is a no-op, and <see cref="RenewAsync"/> of one returns <see langword="false"/> and does not
/// revive it.</item>
/// <item><b>Late settle.</b> <see cref="SettleAsync"/> of an expired (never settled or released) reservation still
/// records the actual cost, once, in the window of the reservation: the provider billed the call, so the spend is
/// never lost, and since the expired reservation no longer counts it is never counted twice. A later settle is a
/// no-op. (A store forgets an expired reservation only after it can no longer count in any window, or after its
/// documented retention.)</item>
/// <item>Stores that serve several replicas take time for leases (and windows) from their server's clock, so replicas
/// whose clocks disagree still agree on when a lease runs out; <see cref="InMemoryBudgetStore"/> uses the app's
/// <see cref="TimeProvider"/>.</item>
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
    /// <returns>How each bucket's settled spend moved; empty when the reservation was already settled or released (never for an expired one, whose spend is recorded).</returns>
    ValueTask<IReadOnlyList<BudgetSettlement>> SettleAsync(BudgetReservation reservation, decimal actualCostUsd, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>
    /// Extends the reservation's lease to <see cref="BudgetReservation.Lease"/> from now, on every charge. A long call
    /// (a stream) renews while it runs, well before the lease runs out.
    /// </summary>
    /// <param name="reservation">The reservation.</param>
    /// <param name="cancellationToken">Cancels the renewal.</param>
    /// <returns>
    /// <see langword="true"/> when the reservation was still held and now counts for another lease;
    /// <see langword="false"/> when it was already settled, released or expired (or never made): an expired
    /// reservation is not revived, and its settle still records the spend once.
    /// </returns>
    ValueTask<bool> RenewAsync(BudgetReservation reservation, CancellationToken cancellationToken = default);

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
