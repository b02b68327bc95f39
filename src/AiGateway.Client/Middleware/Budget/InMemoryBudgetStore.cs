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

    /// <summary>Gets how many open reservations and settled-spend slots the store holds (its memory, for tests).</summary>
    internal int TrackedItemCount
    {
        get
        {
            lock (_gate)
            {
                return _buckets.Values.Sum(b => b.TrackedItems);
            }
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

        public decimal Amount { get; } = amount;

        public LinkedListNode<Entry>? Node { get; set; }
    }

    /// <summary>The entries of one rule and scope key still inside the window, with their running totals.</summary>
    private sealed class Bucket(BudgetWindow window)
    {
        // Rolling windows keep settled spend in this many slots, so memory stays bounded however many calls are made.
        private const int RollingSlots = 64;

        // Open reservations stay individual (bounded by how many calls are in flight); settled spend is folded into
        // time slots: one per calendar window, or RollingSlots per rolling window. A rolling slot expires only when
        // its LAST possible instant leaves the window, so spend is counted up to one slot longer, never shorter.
        private readonly LinkedList<Entry> _open = new();
        private readonly SortedDictionary<long, decimal> _settledBySlot = [];

        public BudgetWindow Window { get; set; } = window;

        public decimal Settled { get; private set; }

        public decimal Reserved { get; private set; }

        public bool IsEmpty => _open.Count == 0 && _settledBySlot.Count == 0;

        public int TrackedItems => _open.Count + _settledBySlot.Count;

        public Entry Add(DateTimeOffset timestamp, decimal amount)
        {
            var entry = new Entry(this, timestamp, amount);
            entry.Node = _open.AddLast(entry);
            Reserved += amount;
            return entry;
        }

        public void Prune(BudgetWindow window, DateTimeOffset now)
        {
            while (_open.First is { } first && !window.Contains(first.Value.Timestamp, now))
            {
                Reserved -= first.Value.Amount;
                first.Value.Node = null;
                _open.RemoveFirst();
            }

            while (_settledBySlot.Count > 0)
            {
                var (slot, amount) = _settledBySlot.First();
                if (window.Contains(LatestInstantOf(window, slot), now))
                {
                    break;
                }

                _settledBySlot.Remove(slot);
                Settled -= amount;
            }
        }

        public void Settle(Entry entry, decimal amount)
        {
            if (entry.Node is null)
            {
                // Its window already passed: the spend belongs to a window nobody counts any more.
                return;
            }

            _open.Remove(entry.Node);
            entry.Node = null;
            Reserved -= entry.Amount;
            var slot = SlotOf(Window, entry.Timestamp);
            _settledBySlot[slot] = _settledBySlot.GetValueOrDefault(slot) + amount;
            Settled += amount;
        }

        public void Remove(Entry entry)
        {
            if (entry.Node is not null)
            {
                _open.Remove(entry.Node);
                entry.Node = null;
                Reserved -= entry.Amount;
            }
        }

        public BudgetUsage Usage(BudgetWindow window, DateTimeOffset now)
        {
            DateTimeOffset? oldest = _open.First?.Value.Timestamp;
            if (_settledBySlot.Count > 0)
            {
                var settled = LatestInstantOf(window, _settledBySlot.Keys.First());
                oldest = oldest is { } o && o < settled ? o : settled;
            }

            return new(Settled, Reserved, window.GetResetTime(now, oldest));
        }

        private static long SlotWidthTicks(BudgetWindow window) => Math.Max(TimeSpan.TicksPerSecond, window.Duration.Ticks / RollingSlots);

        private static long SlotOf(BudgetWindow window, DateTimeOffset timestamp)
        {
            if (window.Kind != BudgetWindowKind.Rolling)
            {
                return window.GetStart(timestamp).UtcTicks;
            }

            var ticks = timestamp.UtcTicks;
            return ticks - (ticks % SlotWidthTicks(window));
        }

        private static DateTimeOffset LatestInstantOf(BudgetWindow window, long slot) =>
            new(window.Kind == BudgetWindowKind.Rolling ? slot + SlotWidthTicks(window) - 1 : slot, TimeSpan.Zero);
    }
}
