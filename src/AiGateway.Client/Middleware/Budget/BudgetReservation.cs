namespace AiGateway.Client.Middleware.Budget;

/// <summary>
/// The worst-case cost of one call, held against every rule the call counts against until the call settles (to
/// its actual cost), is released, or its lease runs out (see <see cref="IBudgetStore"/>).
/// </summary>
public sealed class BudgetReservation
{
    /// <summary>
    /// The lease a reservation gets unless told otherwise: 15 minutes, longer than the longest single HTTP call the
    /// leaf allows (10 minutes), so a live call whose renewals fail still keeps its reservation to the end.
    /// </summary>
    public static readonly TimeSpan DefaultLease = TimeSpan.FromMinutes(15);

    /// <summary>The shortest lease a store accepts (one second).</summary>
    public static readonly TimeSpan MinimumLease = TimeSpan.FromSeconds(1);

    /// <summary>Creates a reservation.</summary>
    /// <param name="id">A unique id (the key for settle and release).</param>
    /// <param name="charges">The rules and buckets the call counts against; at least one.</param>
    /// <param name="amountUsd">The worst-case cost in USD, zero or more.</param>
    /// <param name="createdAt">When the call was reserved (the app's clock); this decides the window its spend counts in, in stores that use the app's clock.</param>
    /// <param name="lease">
    /// How long the reservation counts unless renewed (<see cref="IBudgetStore.RenewAsync"/>) or settled; at least
    /// one second; <see langword="null"/> for <see cref="DefaultLease"/>.
    /// </param>
    /// <exception cref="ArgumentOutOfRangeException">The amount is negative or the lease shorter than one second.</exception>
    public BudgetReservation(Guid id, IReadOnlyList<BudgetCharge> charges, decimal amountUsd, DateTimeOffset createdAt, TimeSpan? lease = null)
    {
        var leaseValue = lease ?? DefaultLease;
        if (leaseValue < MinimumLease)
        {
            throw new ArgumentOutOfRangeException(nameof(lease), leaseValue, "A reservation's lease must last at least one second.");
        }

        ArgumentNullException.ThrowIfNull(charges);
        ArgumentOutOfRangeException.ThrowIfNegative(amountUsd);
        if (charges.Count == 0)
        {
            throw new ArgumentException("A reservation counts against at least one rule.", nameof(charges));
        }

        // A call matches a handful of rules: comparing pairs costs less than a set, which every call would allocate.
        for (var i = 0; i < charges.Count; i++)
        {
            var charge = charges[i];
            ArgumentNullException.ThrowIfNull(charge, nameof(charges));
            for (var j = 0; j < i; j++)
            {
                if (string.Equals(charges[j].Rule.Name, charge.Rule.Name, StringComparison.Ordinal) && string.Equals(charges[j].ScopeKey, charge.ScopeKey, StringComparison.Ordinal))
                {
                    throw new ArgumentException($"The reservation counts twice against rule '{charge.Rule.Name}' in the same bucket; each rule and scope key may appear once.", nameof(charges));
                }
            }
        }

        Id = id;
        Charges = charges;
        AmountUsd = amountUsd;
        CreatedAt = createdAt.ToUniversalTime();
        Lease = leaseValue;
    }

    /// <summary>Gets the reservation's unique id.</summary>
    public Guid Id { get; }

    /// <summary>Gets the rules and buckets the call counts against.</summary>
    public IReadOnlyList<BudgetCharge> Charges { get; }

    /// <summary>Gets the reserved (worst-case) amount in USD.</summary>
    public decimal AmountUsd { get; }

    /// <summary>Gets when the call was reserved, in UTC (the app's clock).</summary>
    public DateTimeOffset CreatedAt { get; }

    /// <summary>Gets how long the reservation counts after it is made or last renewed, unless settled or released.</summary>
    public TimeSpan Lease { get; }

    /// <summary>
    /// Gets the clock <see cref="CreatedAt"/> was read from a moment ago (set by the budget middleware): a store timing
    /// leases on the same clock takes <see cref="CreatedAt"/> as the reservation's start instead of reading it again.
    /// </summary>
    internal TimeProvider? Clock { get; init; }
}
