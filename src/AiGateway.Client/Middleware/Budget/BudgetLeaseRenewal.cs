using AiGateway.Client.Diagnostics;
using Microsoft.Extensions.Logging;

namespace AiGateway.Client.Middleware.Budget;

/// <summary>
/// Renews a reservation's lease every third of it while its call is in flight or its stream is being read; stopped
/// before the settle or release, and for good at the first tick that finds the stream idle (abandoned).
/// </summary>
internal sealed class BudgetLeaseRenewal : IAsyncDisposable
{
    private int _inCall;
    private int _reads;
    private int _readsAtLastTick;

    private readonly IBudgetStore _store;
    private readonly ILogger _logger;
    private readonly BudgetReservation _reservation;
    private readonly ITimer _timer;
    private readonly object _gate = new();
    private Task _inFlight = Task.CompletedTask;
    private bool _stopped;
    private bool _lost;

    public BudgetLeaseRenewal(IBudgetStore store, BudgetReservation reservation, TimeProvider timeProvider, ILogger logger)
    {
        _store = store;
        _logger = logger;
        _reservation = reservation;
        var every = reservation.Lease / 3;
        _timer = timeProvider.CreateTimer(static state => ((BudgetLeaseRenewal)state!).Tick(), this, every, every);
    }

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

        // Dispose rather than DisposeAsync: a tick that runs from now on finds _stopped under the lock and does nothing,
        // and a renewal an earlier tick started is inFlight, awaited by the caller; waiting for the timer's callbacks as
        // well would only add an async step to every call. RenewAsync never throws.
        _timer.Dispose();
        return new ValueTask(inFlight);
    }

    private void Tick()
    {
        lock (_gate)
        {
            // One renewal at a time; a slow store skips a tick rather than piling renewals up.
            if (_stopped || _lost || !_inFlight.IsCompleted)
            {
                return;
            }

            var reads = Volatile.Read(ref _reads);
            if (Volatile.Read(ref _inCall) == 0 && reads == _readsAtLastTick)
            {
                // Nobody waits on the call and nothing was read since the last tick: an abandoned stream. Stop for
                // good, so its reservation expires one lease after the last renewal.
                _stopped = true;
                _timer.Dispose();
                return;
            }

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
