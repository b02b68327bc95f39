namespace AiGateway.Client.Middleware.Budget;

/// <summary>
/// The worst-case cost of one call, held against every rule the call counts against until the call settles (to
/// its actual cost) or is released.
/// </summary>
public sealed class BudgetReservation
{
    /// <summary>Creates a reservation.</summary>
    /// <param name="id">A unique id (the key for settle and release).</param>
    /// <param name="charges">The rules and buckets the call counts against; at least one.</param>
    /// <param name="amountUsd">The worst-case cost in USD, zero or more.</param>
    /// <param name="createdAt">When the call was reserved; this decides the window its spend counts in.</param>
    public BudgetReservation(Guid id, IReadOnlyList<BudgetCharge> charges, decimal amountUsd, DateTimeOffset createdAt)
    {
        ArgumentNullException.ThrowIfNull(charges);
        ArgumentOutOfRangeException.ThrowIfNegative(amountUsd);
        if (charges.Count == 0)
        {
            throw new ArgumentException("A reservation counts against at least one rule.", nameof(charges));
        }

        var buckets = new HashSet<(string, string)>();
        foreach (var charge in charges)
        {
            ArgumentNullException.ThrowIfNull(charge, nameof(charges));
            if (!buckets.Add((charge.Rule.Name, charge.ScopeKey)))
            {
                throw new ArgumentException($"The reservation counts twice against rule '{charge.Rule.Name}' in the same bucket; each rule and scope key may appear once.", nameof(charges));
            }
        }

        Id = id;
        Charges = charges;
        AmountUsd = amountUsd;
        CreatedAt = createdAt.ToUniversalTime();
    }

    /// <summary>Gets the reservation's unique id.</summary>
    public Guid Id { get; }

    /// <summary>Gets the rules and buckets the call counts against.</summary>
    public IReadOnlyList<BudgetCharge> Charges { get; }

    /// <summary>Gets the reserved (worst-case) amount in USD.</summary>
    public decimal AmountUsd { get; }

    /// <summary>Gets when the call was reserved, in UTC.</summary>
    public DateTimeOffset CreatedAt { get; }
}
