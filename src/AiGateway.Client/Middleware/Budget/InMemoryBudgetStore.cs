namespace AiGateway.Client.Middleware.Budget;

/// <summary>
/// The default <see cref="IBudgetStore"/>: budgets of one process, kept in memory. Thread-safe; every operation runs
/// under one lock, which is what makes a reservation on several rules atomic (microseconds per call). Use
/// <c>PostgresBudgetStore</c> when several replicas share budgets.
/// </summary>
/// <remarks>
/// Spend is kept per rule name and scope key as a time-ordered list of entries, so calendar and rolling windows
/// are counted the same way: an entry counts while its reservation time is inside the window. Entries that left
/// their window are dropped when the bucket is next touched, and empty buckets are swept periodically.
/// </remarks>
public sealed class InMemoryBudgetStore : IBudgetStore
{
    private const int SweepEvery = 4096;

    private readonly object _gate = new();
    private readonly Dictionary<(string Rule, string Key), Bucket> _buckets = [];
    private readonly Dictionary<Guid, Entry[]> _open = [];
    private int _reservationsSinceSweep;

    /// <inheritdoc />
    public ValueTask<BudgetReservationResult> TryReserveAsync(BudgetReservation reservation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reservation);
        cancellationToken.ThrowIfCancellationRequested();
        var now = reservation.CreatedAt;
        lock (_gate)
        {
            if (_open.ContainsKey(reservation.Id))
            {
                throw new InvalidOperationException($"Budget reservation {reservation.Id} is already held; create each reservation with a new id.");
            }

            var buckets = new Bucket[reservation.Charges.Count];
            for (var i = 0; i < buckets.Length; i++)
            {
                var charge = reservation.Charges[i];
                var bucket = GetOrAddBucket(charge);
                bucket.Prune(charge.Rule.Window, now);
                if (bucket.Settled + bucket.Reserved + reservation.AmountUsd > charge.Rule.LimitUsd)
                {
                    return ValueTask.FromResult(BudgetReservationResult.Refused(charge, bucket.Usage(charge.Rule.Window, now)));
                }

                buckets[i] = bucket;
            }

            var entries = new Entry[buckets.Length];
            for (var i = 0; i < buckets.Length; i++)
            {
                entries[i] = buckets[i].Add(now, reservation.AmountUsd);
            }

            _open.Add(reservation.Id, entries);
            if (++_reservationsSinceSweep >= SweepEvery)
            {
                _reservationsSinceSweep = 0;
                Sweep(now);
            }
        }

        return ValueTask.FromResult(BudgetReservationResult.Reserved);
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<BudgetSettlement>> SettleAsync(BudgetReservation reservation, decimal actualCostUsd, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reservation);
        ArgumentOutOfRangeException.ThrowIfNegative(actualCostUsd);
        lock (_gate)
        {
            if (!_open.Remove(reservation.Id, out var entries))
            {
                return ValueTask.FromResult<IReadOnlyList<BudgetSettlement>>([]);
            }

            var settlements = new BudgetSettlement[entries.Length];
            for (var i = 0; i < entries.Length; i++)
            {
                var charge = reservation.Charges[i];
                var bucket = entries[i].Bucket;
                bucket.Prune(charge.Rule.Window, now);
                var before = bucket.Settled;
                bucket.Settle(entries[i], actualCostUsd);
                settlements[i] = new BudgetSettlement(charge, before, bucket.Settled);
            }

            return ValueTask.FromResult<IReadOnlyList<BudgetSettlement>>(settlements);
        }
    }

    /// <inheritdoc />
    public ValueTask ReleaseAsync(BudgetReservation reservation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reservation);
        lock (_gate)
        {
            if (_open.Remove(reservation.Id, out var entries))
            {
                foreach (var entry in entries)
                {
                    entry.Bucket.Remove(entry);
                }
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<BudgetUsage> GetUsageAsync(BudgetRule rule, string scopeKey, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(scopeKey);
        lock (_gate)
        {
            if (!_buckets.TryGetValue((rule.Name, scopeKey), out var bucket))
            {
                return ValueTask.FromResult(new BudgetUsage(0m, 0m, rule.Window.GetResetTime(now, null)));
            }

            bucket.Prune(rule.Window, now);
            return ValueTask.FromResult(bucket.Usage(rule.Window, now));
        }
    }

    private Bucket GetOrAddBucket(BudgetCharge charge)
    {
        var key = (charge.Rule.Name, charge.ScopeKey);
        if (!_buckets.TryGetValue(key, out var bucket))
        {
            bucket = new Bucket(charge.Rule.Window);
            _buckets.Add(key, bucket);
        }

        bucket.Window = charge.Rule.Window;
        return bucket;
    }

    /// <summary>Drops entries that left their window and buckets left empty (per-user rules create many).</summary>
    private void Sweep(DateTimeOffset now)
    {
        List<(string, string)>? empty = null;
        foreach (var (key, bucket) in _buckets)
        {
            bucket.Prune(bucket.Window, now);
            if (bucket.IsEmpty)
            {
                (empty ??= []).Add(key);
            }
        }

        if (empty is not null)
        {
            foreach (var key in empty)
            {
                _buckets.Remove(key);
            }
        }
    }

    /// <summary>One reservation's share of one bucket.</summary>
    private sealed class Entry(Bucket bucket, DateTimeOffset timestamp, decimal amount)
    {
        public Bucket Bucket { get; } = bucket;

        public DateTimeOffset Timestamp { get; } = timestamp;

        public decimal Amount { get; set; } = amount;

        public bool IsSettled { get; set; }

        public LinkedListNode<Entry>? Node { get; set; }
    }

    /// <summary>The entries of one rule and scope key still inside the window, with their running totals.</summary>
    private sealed class Bucket(BudgetWindow window)
    {
        private readonly LinkedList<Entry> _entries = new();

        public BudgetWindow Window { get; set; } = window;

        public decimal Settled { get; private set; }

        public decimal Reserved { get; private set; }

        public bool IsEmpty => _entries.Count == 0;

        public Entry Add(DateTimeOffset timestamp, decimal amount)
        {
            var entry = new Entry(this, timestamp, amount);
            entry.Node = _entries.AddLast(entry);
            Reserved += amount;
            return entry;
        }

        /// <summary>
        /// Drops entries older than the window. Entries are appended in reservation order, whose timestamps are in
        /// time order up to the moment between reading the clock and taking the lock; an entry a few microseconds
        /// out of order leaves a little late, which only makes the budget stricter for that moment.
        /// </summary>
        public void Prune(BudgetWindow window, DateTimeOffset now)
        {
            while (_entries.First is { } first && !window.Contains(first.Value.Timestamp, now))
            {
                Detach(first.Value);
            }
        }

        public void Settle(Entry entry, decimal amount)
        {
            if (entry.Node is not null)
            {
                // Still counted in the current window: move it from reserved to settled.
                Reserved -= entry.Amount;
                Settled += amount;
            }

            entry.Amount = amount;
            entry.IsSettled = true;
        }

        public void Remove(Entry entry)
        {
            if (entry.Node is not null)
            {
                Detach(entry);
            }
        }

        public BudgetUsage Usage(BudgetWindow window, DateTimeOffset now) =>
            new(Settled, Reserved, window.GetResetTime(now, _entries.First?.Value.Timestamp));

        private void Detach(Entry entry)
        {
            _entries.Remove(entry.Node!);
            entry.Node = null;
            if (entry.IsSettled)
            {
                Settled -= entry.Amount;
            }
            else
            {
                Reserved -= entry.Amount;
            }
        }
    }
}
