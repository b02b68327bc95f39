// Why this file is long: the store is one lock around four cooperating structures (buckets with their settled slots, held reservations, the lease queue and its compaction, the periodic sweep); split apart they would need to share that lock across types.
namespace AiGateway.Client.Middleware.Budget;

/// <summary>
/// The default <see cref="IBudgetStore"/>: budgets of one process, kept in memory. Thread-safe; every operation runs
/// under one lock, which is what makes a reservation on several rules atomic (microseconds per call). Use
/// <c>PostgresBudgetStore</c> or <c>RedisBudgetStore</c> when several replicas share budgets.
/// </summary>
/// <remarks>
/// <para>Spend is kept per rule name and scope key as a time-ordered list of entries, so calendar and rolling windows
/// are counted the same way: an entry counts while its reservation time (<see cref="BudgetReservation.CreatedAt"/>)
/// is inside the window. Entries that left their window are dropped when the bucket is next touched, and empty
/// buckets are swept periodically.</para>
/// <para><b>Leases</b> are timed by the store's <see cref="TimeProvider"/> (the system clock unless one is given).
/// A reservation whose lease ran out (an enumerator never disposed, a call that hung) stops counting at the next
/// operation on the store. Its settle still records the actual cost once, in the window of its reservation time, while
/// that window still counts it; a process that dies takes this store's whole state with it.</para>
/// </remarks>
public sealed class InMemoryBudgetStore : IBudgetStore
{
    private const int SweepEvery = 4096;

    private readonly object _gate = new();
    private readonly TimeProvider _timeProvider;
    private readonly Dictionary<(string Rule, string Key), Bucket> _buckets = [];
    private readonly (BudgetCharge? Charge, Bucket? Bucket)[] _recentBuckets = new (BudgetCharge?, Bucket?)[8];
    private int _nextRecentBucket;
    private readonly Dictionary<Guid, Held> _held = [];
    private readonly PriorityQueue<Held, DateTimeOffset> _leases = new();
    private int _reservationsSinceSweep;

    /// <summary>Creates a store whose leases run on the system clock.</summary>
    public InMemoryBudgetStore()
        : this(TimeProvider.System)
    {
    }

    /// <summary>Creates a store whose leases run on <paramref name="timeProvider"/>.</summary>
    /// <param name="timeProvider">The clock that times leases (windows follow the times passed to each operation).</param>
    public InMemoryBudgetStore(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);

        // Leases need milliseconds at most; the same coarse clock the budget middleware reads, so a reservation's
        // CreatedAt serves as its lease start.
        _timeProvider = CoarseSystemClock.For(timeProvider);
    }

    /// <inheritdoc />
    public ValueTask<BudgetReservationResult> TryReserveAsync(BudgetReservation reservation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reservation);
        cancellationToken.ThrowIfCancellationRequested();
        var now = reservation.CreatedAt;
        lock (_gate)
        {
            // A reservation made a moment ago on this store's clock starts at its CreatedAt: one clock read fewer per call.
            var clock = ReferenceEquals(reservation.Clock, _timeProvider) ? reservation.CreatedAt : _timeProvider.GetUtcNow();
            ExpireLeases(clock);
            if (_held.ContainsKey(reservation.Id))
            {
                throw new InvalidOperationException($"Budget reservation {reservation.Id} is already held; create each reservation with a new id.");
            }

            var charges = reservation.Charges;
            for (var i = 0; i < charges.Count; i++)
            {
                var charge = charges[i];
                var bucket = GetOrAddBucket(charge);
                bucket.Prune(charge.Rule.Window, now);
                if (bucket.Settled + bucket.Reserved + reservation.AmountUsd > charge.Rule.LimitUsd)
                {
                    return ValueTask.FromResult(BudgetReservationResult.Refused(charge, bucket.Usage(charge.Rule.Window, now)));
                }
            }

            // Every bucket has room: hold the amount in each (found again by the charge, which costs less than an
            // array of them per call).
            var entries = new Entry[charges.Count];
            for (var i = 0; i < entries.Length; i++)
            {
                entries[i] = GetOrAddBucket(charges[i]).Add(now, reservation.AmountUsd);
            }

            var held = new Held(reservation.Id, entries, clock + reservation.Lease);
            _held.Add(reservation.Id, held);
            _leases.Enqueue(held, held.LeaseExpiresAt);
            CompactLeases();
            if (++_reservationsSinceSweep >= SweepEvery)
            {
                _reservationsSinceSweep = 0;
                Sweep(now);
            }
        }

        return ValueTask.FromResult(BudgetReservationResult.Reserved);
    }

    /// <inheritdoc />
    public ValueTask<bool> RenewAsync(BudgetReservation reservation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reservation);
        lock (_gate)
        {
            var clock = _timeProvider.GetUtcNow();
            ExpireLeases(clock);
            if (!_held.TryGetValue(reservation.Id, out var held) || held.Expired)
            {
                return ValueTask.FromResult(false);
            }

            held.LeaseExpiresAt = clock + reservation.Lease;
            _leases.Enqueue(held, held.LeaseExpiresAt);
            CompactLeases();
            return ValueTask.FromResult(true);
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<BudgetSettlement>> SettleAsync(BudgetReservation reservation, decimal actualCostUsd, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reservation);
        ArgumentOutOfRangeException.ThrowIfNegative(actualCostUsd);
        lock (_gate)
        {
            // No lease sweep here (reserve, renew and usage reads do it): this reservation settles the same whether or
            // not its own lease was seen to run out (see Bucket.Settle), and the sweep's clock read is a good part of a
            // settle's cost.
            if (!_held.Remove(reservation.Id, out var held))
            {
                return ValueTask.FromResult<IReadOnlyList<BudgetSettlement>>([]);
            }

            var settlements = new BudgetSettlement[held.Entries.Length];
            for (var i = 0; i < held.Entries.Length; i++)
            {
                var charge = reservation.Charges[i];
                var bucket = held.Entries[i].Bucket;
                bucket.Prune(charge.Rule.Window, now);
                var before = bucket.Settled;
                bucket.Settle(held.Entries[i], actualCostUsd, now);
                settlements[i] = new BudgetSettlement(charge, before, bucket.Settled);
            }

            return ValueTask.FromResult<IReadOnlyList<BudgetSettlement>>(settlements);
        }
    }

    /// <inheritdoc />
    /// <remarks>Releasing an expired reservation forgets it (it already counted nothing): a settle after that is a no-op.</remarks>
    public ValueTask ReleaseAsync(BudgetReservation reservation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reservation);
        lock (_gate)
        {
            if (_held.Remove(reservation.Id, out var held))
            {
                foreach (var entry in held.Entries)
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
            ExpireLeases(_timeProvider.GetUtcNow());
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
                return _buckets.Values.Sum(b => b.TrackedItems) + _held.Values.Count(h => h.Expired);
            }
        }
    }

    /// <summary>Gets how many items the lease queue holds, stale ones included (its memory, for tests).</summary>
    internal int LeaseQueueLength
    {
        get
        {
            lock (_gate)
            {
                return _leases.Count;
            }
        }
    }

    private Bucket GetOrAddBucket(BudgetCharge charge)
    {
        // Charges are immutable and the budget middleware reuses one per rule and bucket: the last few are matched by
        // reference before hashing the rule name and scope key.
        Bucket? bucket = null;
        for (var i = 0; i < _recentBuckets.Length; i++)
        {
            if (ReferenceEquals(_recentBuckets[i].Charge, charge))
            {
                bucket = _recentBuckets[i].Bucket;
                break;
            }
        }

        if (bucket is null)
        {
            var key = (charge.Rule.Name, charge.ScopeKey);
            if (!_buckets.TryGetValue(key, out bucket))
            {
                bucket = new Bucket(charge.Rule.Window);
                _buckets.Add(key, bucket);
            }

            _recentBuckets[_nextRecentBucket] = (charge, bucket);
            _nextRecentBucket = (_nextRecentBucket + 1) % _recentBuckets.Length;
        }

        bucket.Window = charge.Rule.Window;
        return bucket;
    }

    /// <summary>Expires every reservation whose lease ran out by <paramref name="clock"/>: it stops counting, but a late settle still records it.</summary>
    private void ExpireLeases(DateTimeOffset clock)
    {
        while (_leases.TryPeek(out var held, out var expiresAt) && expiresAt <= clock)
        {
            _leases.Dequeue();

            // A renewed lease left its older queue item behind; only the item matching the current expiry counts.
            if (held.Expired || held.LeaseExpiresAt != expiresAt || !_held.ContainsKey(held.Id))
            {
                continue;
            }

            held.Expired = true;
            foreach (var entry in held.Entries)
            {
                entry.Bucket.Expire(entry);
            }
        }
    }

    /// <summary>
    /// Settled and released reservations (and renewed leases) leave their queue item behind until it falls due, a lease
    /// later: at a high call rate the queue would hold every call of the last lease (15 minutes by default). When stale
    /// items outnumber the live ones, the queue is rebuilt from the live reservations, so it stays the size of what is
    /// in flight (amortised: a rebuild comes after at least as many calls as it touches).
    /// </summary>
    private void CompactLeases()
    {
        if (_leases.Count <= (2 * _held.Count) + 64)
        {
            return;
        }

        _leases.Clear();
        foreach (var held in _held.Values)
        {
            if (!held.Expired)
            {
                _leases.Enqueue(held, held.LeaseExpiresAt);
            }
        }
    }

    /// <summary>Drops entries that left their window, expired reservations no window counts any more, and buckets left empty (per-user rules create many).</summary>
    private void Sweep(DateTimeOffset now)
    {
        List<Guid>? forgotten = null;
        HashSet<Bucket>? pinned = null;
        foreach (var (id, held) in _held)
        {
            if (!held.Expired)
            {
                continue;
            }

            if (held.Entries.All(e => !e.Bucket.CouldStillCount(e, now)))
            {
                (forgotten ??= []).Add(id);
            }
            else
            {
                // A late settle of this reservation lands in these buckets: keep them even when empty.
                foreach (var entry in held.Entries)
                {
                    (pinned ??= []).Add(entry.Bucket);
                }
            }
        }

        if (forgotten is not null)
        {
            foreach (var id in forgotten)
            {
                _held.Remove(id);
            }
        }

        List<(string, string)>? empty = null;
        foreach (var (key, bucket) in _buckets)
        {
            bucket.Prune(bucket.Window, now);
            if (bucket.IsEmpty && pinned?.Contains(bucket) != true)
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

            // A removed bucket must not be found again through a remembered charge.
            Array.Clear(_recentBuckets);
        }
    }

    /// <summary>One reservation, its share of each bucket and its lease.</summary>
    private sealed class Held(Guid id, Entry[] entries, DateTimeOffset leaseExpiresAt)
    {
        public Guid Id { get; } = id;

        public Entry[] Entries { get; } = entries;

        public DateTimeOffset LeaseExpiresAt { get; set; } = leaseExpiresAt;

        public bool Expired { get; set; }
    }

    /// <summary>One reservation's share of one bucket.</summary>
    private sealed class Entry(Bucket bucket, DateTimeOffset timestamp, decimal amount)
    {
        public Bucket Bucket { get; } = bucket;

        public DateTimeOffset Timestamp { get; } = timestamp;

        public decimal Amount { get; } = amount;

        // Links in the bucket's list of open entries (intrusive, so an entry costs one object, not two).
        public Entry? Previous { get; set; }

        public Entry? Next { get; set; }

        public bool IsOpen { get; set; }

        public bool Expired { get; set; }
    }

    /// <summary>The entries of one rule and scope key still inside the window, with their running totals.</summary>
    private sealed class Bucket(BudgetWindow window)
    {
        // Rolling windows keep settled spend in this many slots, so memory stays bounded however many calls are made.
        private const int RollingSlots = 64;

        // Open reservations stay individual (bounded by how many calls are in flight); settled spend is folded into
        // time slots: one per calendar window, or RollingSlots per rolling window. A rolling slot expires only when
        // its LAST possible instant leaves the window, so spend is counted up to one slot longer, never shorter.
        private Entry? _firstOpen;
        private Entry? _lastOpen;
        private int _openCount;
        // Sorted by slot, oldest first (a few entries: one per calendar window, at most RollingSlots + 1): read and
        // pruned by index, so the per-call path allocates no enumerator.
        private readonly List<KeyValuePair<long, decimal>> _settledBySlot = [];

        public BudgetWindow Window { get; set; } = window;

        public decimal Settled { get; private set; }

        public decimal Reserved { get; private set; }

        public bool IsEmpty => _openCount == 0 && _settledBySlot.Count == 0;

        public int TrackedItems => _openCount + _settledBySlot.Count;

        public Entry Add(DateTimeOffset timestamp, decimal amount)
        {
            var entry = new Entry(this, timestamp, amount);
            Link(entry);
            Reserved += amount;
            return entry;
        }

        public void Prune(BudgetWindow window, DateTimeOffset now)
        {
            while (_firstOpen is { } first && !window.Contains(first.Timestamp, now))
            {
                Reserved -= first.Amount;
                Unlink(first);
            }

            var expired = 0;
            while (expired < _settledBySlot.Count)
            {
                var (slot, amount) = _settledBySlot[expired];
                if (window.Contains(LatestInstantOf(window, slot), now))
                {
                    break;
                }

                Settled -= amount;
                expired++;
            }

            if (expired > 0)
            {
                _settledBySlot.RemoveRange(0, expired);
            }
        }

        public void Settle(Entry entry, decimal amount, DateTimeOffset now)
        {
            if (entry.IsOpen)
            {
                Unlink(entry);
                Reserved -= entry.Amount;
            }
            else if (!entry.Expired || !CouldStillCount(entry, now))
            {
                // Its window already passed: the spend belongs to a window nobody counts any more.
                return;
            }

            // An expired entry no longer counts as reserved, so its late settle adds the spend exactly once.
            entry.Expired = false;
            var slot = SlotOf(Window, entry.Timestamp);
            var index = IndexOfSlot(slot);
            if (index >= 0)
            {
                _settledBySlot[index] = new(slot, _settledBySlot[index].Value + amount);
            }
            else
            {
                _settledBySlot.Insert(~index, new(slot, amount));
            }

            Settled += amount;
        }

        /// <summary>The lease ran out: the entry stops counting as reserved, but remembers its time for a late settle.</summary>
        public void Expire(Entry entry)
        {
            if (entry.IsOpen)
            {
                Unlink(entry);
                Reserved -= entry.Amount;
                entry.Expired = true;
            }
        }

        /// <summary>Whether spend reserved at the entry's time would still count in the window containing <paramref name="now"/>.</summary>
        public bool CouldStillCount(Entry entry, DateTimeOffset now) =>
            Window.Contains(LatestInstantOf(Window, SlotOf(Window, entry.Timestamp)), now);

        public void Remove(Entry entry)
        {
            if (entry.IsOpen)
            {
                Unlink(entry);
                Reserved -= entry.Amount;
            }
        }

        private void Link(Entry entry)
        {
            entry.Previous = _lastOpen;
            entry.Next = null;
            if (_lastOpen is null)
            {
                _firstOpen = entry;
            }
            else
            {
                _lastOpen.Next = entry;
            }

            _lastOpen = entry;
            entry.IsOpen = true;
            _openCount++;
        }

        private void Unlink(Entry entry)
        {
            if (entry.Previous is null)
            {
                _firstOpen = entry.Next;
            }
            else
            {
                entry.Previous.Next = entry.Next;
            }

            if (entry.Next is null)
            {
                _lastOpen = entry.Previous;
            }
            else
            {
                entry.Next.Previous = entry.Previous;
            }

            entry.Previous = null;
            entry.Next = null;
            entry.IsOpen = false;
            _openCount--;
        }

        public BudgetUsage Usage(BudgetWindow window, DateTimeOffset now)
        {
            DateTimeOffset? oldest = _firstOpen?.Timestamp;
            if (_settledBySlot.Count > 0)
            {
                var settled = LatestInstantOf(window, _settledBySlot[0].Key);
                oldest = oldest is { } o && o < settled ? o : settled;
            }

            return new(Settled, Reserved, window.GetResetTime(now, oldest));
        }

        /// <summary>The slot's index, or the bitwise complement of where it belongs (as <see cref="List{T}.BinarySearch(T)"/>); slots are added near the end.</summary>
        private int IndexOfSlot(long slot)
        {
            var low = 0;
            var high = _settledBySlot.Count - 1;
            while (low <= high)
            {
                var middle = low + ((high - low) / 2);
                var key = _settledBySlot[middle].Key;
                if (key == slot)
                {
                    return middle;
                }

                if (key < slot)
                {
                    low = middle + 1;
                }
                else
                {
                    high = middle - 1;
                }
            }

            return ~low;
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
