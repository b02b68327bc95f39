using AiGateway.Client.Diagnostics;
using Microsoft.Extensions.Logging;

namespace AiGateway.Client.Middleware.Budget;

/// <summary>
/// Renews a reservation's lease every third of it (at the ticks of the middleware's <see cref="BudgetLeaseTicker"/>)
/// while its call is in flight or its stream is being read; stopped before the settle or release, and for good at a
/// tick that finds the stream idle (abandoned). The first tick after the call registered always renews: it may come
/// at any moment after registration, before a stream's first read began.
/// </summary>
internal sealed class BudgetLeaseRenewal : IAsyncDisposable
{
    private int _inCall;
    private int _reads;
    private int _readsAtLastTick;

    private readonly IBudgetStore _store;
    private readonly ILogger _logger;
    private readonly BudgetReservation _reservation;
    private readonly BudgetLeaseTicker _ticker;
    private readonly object _gate = new();
    private Task _inFlight = Task.CompletedTask;
    private bool _stopped;
    private bool _lost;
    private bool _ticked;

    public BudgetLeaseRenewal(IBudgetStore store, BudgetReservation reservation, BudgetLeaseTicker ticker, ILogger logger)
    {
        _store = store;
        _logger = logger;
        _reservation = reservation;
        _ticker = ticker;
        ticker.Add(this);
    }

    // The ticker's list of registered renewals (guarded by the ticker's lock).
    internal BudgetLeaseRenewal? PreviousRegistered { get; set; }

    internal BudgetLeaseRenewal? NextRegistered { get; set; }

    internal bool IsRegistered { get; set; }

    /// <summary>The caller is waiting on the inner client (a whole answer, or the next update of a stream).</summary>
    /// <remarks>Only the call's own reader enters and exits (one at a time), so plain volatile writes do: the timer only reads.</remarks>
    public void Enter() => Volatile.Write(ref _inCall, 1);

    /// <summary>The inner client answered; the stream was read.</summary>
    public void Exit()
    {
        Volatile.Write(ref _reads, _reads + 1);
        Volatile.Write(ref _inCall, 0);
    }

    public ValueTask DisposeAsync()
    {
        Task inFlight;
        lock (_gate)
        {
            if (_stopped)
            {
                return default;
            }

            _stopped = true;
            inFlight = _inFlight;
        }

        // A tick that reaches this renewal from now on finds _stopped under the lock and does nothing, and a renewal an
        // earlier tick started is inFlight, awaited by the caller. RenewAsync never throws.
        _ticker.Remove(this);
        return new ValueTask(inFlight);
    }

    /// <summary>A tick of the ticker: renew if the call is in flight or was read since the last tick, else stop for good.</summary>
    internal void Tick()
    {
        lock (_gate)
        {
            // One renewal at a time; a slow store skips a tick rather than piling renewals up.
            if (_stopped || _lost || !_inFlight.IsCompleted)
            {
                return;
            }

            var reads = Volatile.Read(ref _reads);
            if (_ticked && Volatile.Read(ref _inCall) == 0 && reads == _readsAtLastTick)
            {
                // Nobody waits on the call and nothing was read since the last tick: an abandoned stream. Stop for
                // good, so its reservation expires one lease after the last renewal.
                _stopped = true;
                _ticker.Remove(this);
                return;
            }

            _ticked = true;
            _readsAtLastTick = reads;
            _inFlight = RenewAsync();
        }
    }

    private async Task RenewAsync()
    {
        try
        {
            if (!await _store.RenewAsync(_reservation, CancellationToken.None).ConfigureAwait(false))
            {
                _lost = true;
                AiGatewayLog.BudgetLeaseLost(_logger, _reservation.Id);
            }
        }
#pragma warning disable CA1031 // A renewal failure must not fail the call; the lease still covers it for a while.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            AiGatewayLog.BudgetLeaseRenewFailed(_logger, ex, _reservation.Id);
        }
    }
}
