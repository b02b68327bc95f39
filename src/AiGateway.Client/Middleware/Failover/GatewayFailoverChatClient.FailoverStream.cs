using System.Diagnostics;
using AiGateway.Client.Diagnostics;
using Microsoft.Extensions.AI;

namespace AiGateway.Client.Middleware.Failover;

/// <content>The streamed request: targets tried until one starts a stream, then that stream relayed.</content>
public partial class GatewayFailoverChatClient
{
    /// <summary>
    /// One streamed request: at the first read the targets are tried in order until one produces its first update (or
    /// ends), which is annotated with the attempts; from there on the stream belongs to that target, and a failure goes
    /// to the caller, never to another target. The end reports the terminal attempt.
    /// </summary>
    private sealed class FailoverStream(GatewayFailoverChatClient owner, IEnumerable<ChatMessage> messages, ChatOptions? options, CancellationToken cancellationToken)
        : ChatResponseUpdateRelay(cancellationToken)
    {
        private FailoverRequest _request = null!;
        private Activity? _activity;
        private FailoverStreamStart _start = null!;
        private FailoverAttempt _pending = null!;
        private TimeSpan _active;
        private long? _waitingSince;

        protected override ChatResponseUpdateRelay Restart() => new FailoverStream(owner, messages, options, CallToken);

        protected override async ValueTask<RelayStart> StartAsync(CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(messages);
            _request = FailoverRequest.Begin(owner, owner._targets, messages, options, streaming: true, cancellationToken);
            _activity = FailoverTelemetry.StartActivity(_request);
            _request.Activity = _activity;
            try
            {
                _start = await owner.StartStreamAsync(_request).ConfigureAwait(false);
            }
            catch
            {
                _activity?.Dispose();
                throw;
            }

            _pending = _request.TakePending()!;
            _active = _pending.Duration;
            if (_start.HasFirst)
            {
                FailoverTelemetry.Annotate(_start.Enumerator.Current.AdditionalProperties ??= [], _request);
            }

            return new(_start.Enumerator, _start.HasFirst);
        }

        // Only waits are timed, and only when a subclass reads attempts' durations: an update that was already buffered
        // is handed over in well under a microsecond, while two clock reads per update cost more than everything else this
        // layer does per update (about 70 ns each on a virtual machine's clock).
        protected override void OnWaiting() => _waitingSince = owner._attemptClock?.GetTimestamp();

        protected override void OnMoved()
        {
            if (_waitingSince is { } since)
            {
                _active += owner._attemptClock!.GetElapsedTime(since);
                _waitingSince = null;
            }
        }

        protected override Exception OnFailed(Exception exception)
        {
            AiGatewayLog.FailoverStreamFailedAfterOutput(owner._logger, _pending.Target.ToString(), FailoverTriggers.ErrorType(exception));
            FailoverTelemetry.RecordFailure(_activity, exception);
            return exception;
        }

        protected override async ValueTask FinishAsync(bool completed, Exception? failure)
        {
            try
            {
                _start.Timeout?.Dispose();
                var outcome = completed ? FailoverOutcomes.Completed
                    : failure is null ? FailoverOutcomes.Abandoned
                    : CancellationToken.IsCancellationRequested ? FailoverOutcomes.Cancelled
                    : FailoverOutcomes.Failed;
                var committed = _start.HasFirst;
                var final = new FailoverAttempt(
                    _pending.Client, _pending.Target, _pending.AttemptNumber, _pending.TargetAttemptNumber, failure, _active,
                    committed ? _start.TimeToFirstUpdate : null, responseCompleted: completed, outputCommitted: committed, retryDelay: null);
                await owner._telemetry.CompleteAsync(_request, final, outcome).ConfigureAwait(false);
            }
            finally
            {
                _activity?.Dispose();
            }
        }
    }
}
