namespace AiGateway.Client.Middleware.Budget;

/// <summary>
/// The one timer of a budget middleware that renews the leases of all its calls in flight, every third of the lease,
/// instead of a timer per call: creating and disposing a timer cost every call about a tenth of a microsecond and
/// 200 bytes. The timer runs while calls are registered and stops at the first tick that finds none.
/// </summary>
internal sealed class BudgetLeaseTicker
{
    private readonly object _gate = new();
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _every;
    private ITimer? _timer;
    private BudgetLeaseRenewal? _first;
    private int _count;

    public BudgetLeaseTicker(TimeProvider timeProvider, TimeSpan every)
    {
        _timeProvider = timeProvider;
        _every = every;
    }

    /// <summary>Gets how many calls are registered (for tests).</summary>
    internal int Count
    {
        get
        {
            lock (_gate)
            {
                return _count;
            }
        }
    }

    /// <summary>Gets a value indicating whether the timer is running (for tests).</summary>
    internal bool IsRunning
    {
        get
        {
            lock (_gate)
            {
                return _timer is not null;
            }
        }
    }

    /// <summary>Renews <paramref name="renewal"/> at every tick from now until it is removed.</summary>
    public void Add(BudgetLeaseRenewal renewal)
    {
        lock (_gate)
        {
            renewal.NextRegistered = _first;
            renewal.PreviousRegistered = null;
            if (_first is not null)
            {
                _first.PreviousRegistered = renewal;
            }

            _first = renewal;
            renewal.IsRegistered = true;
            _count++;
            _timer ??= _timeProvider.CreateTimer(static state => ((BudgetLeaseTicker)state!).Tick(), this, _every, _every);
        }
    }

    /// <summary>Stops renewing <paramref name="renewal"/>; a no-op when it was removed already.</summary>
    public void Remove(BudgetLeaseRenewal renewal)
    {
        lock (_gate)
        {
            if (!renewal.IsRegistered)
            {
                return;
            }

            if (renewal.PreviousRegistered is null)
            {
                _first = renewal.NextRegistered;
            }
            else
            {
                renewal.PreviousRegistered.NextRegistered = renewal.NextRegistered;
            }

            if (renewal.NextRegistered is not null)
            {
                renewal.NextRegistered.PreviousRegistered = renewal.PreviousRegistered;
            }

            renewal.PreviousRegistered = null;
            renewal.NextRegistered = null;
            renewal.IsRegistered = false;
            _count--;
        }
    }

    private void Tick()
    {
        BudgetLeaseRenewal[] due;
        lock (_gate)
        {
            if (_count == 0)
            {
                // Idle: stop until the next call registers, so an unused middleware holds no timer.
                _timer?.Dispose();
                _timer = null;
                return;
            }

            due = new BudgetLeaseRenewal[_count];
            var i = 0;
            for (var renewal = _first; renewal is not null; renewal = renewal.NextRegistered)
            {
                due[i++] = renewal;
            }
        }

        // Outside the lock: a renewal's tick may remove it (an abandoned stream), and renewals start store calls.
        foreach (var renewal in due)
        {
            renewal.Tick();
        }
    }
}
