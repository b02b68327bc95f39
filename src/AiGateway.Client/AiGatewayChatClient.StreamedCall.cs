using System.Diagnostics;
using System.Text.Json;
using AiGateway.Client.Diagnostics;
using AiGateway.Client.Dialects;
using AiGateway.Client.Errors;
using AiGateway.Client.Http;
using AiGateway.Client.Middleware;
using AiGateway.Client.Routing;
using Microsoft.Extensions.AI;

namespace AiGateway.Client;

/// <content>The streamed call: send, then relay the dialect's updates with the route's facts, telemetry and stall detection.</content>
public sealed partial class AiGatewayChatClient
{
    /// <summary>
    /// One streamed call, relayed by hand (<see cref="ChatResponseUpdateRelay"/>) rather than as a compiler async iterator,
    /// which cost about 16 ns of every update's time. At the first read: route, send, and open the dialect's reader; each
    /// update is annotated (the first with the answering gateway and model; usage with its cost) and counted for the
    /// span; the end records the call's outcome on the span and metrics. A read that waits longer than
    /// <see cref="AiGatewayOptions.StreamIdleTimeout"/> is abandoned as stalled.
    /// </summary>
    private sealed class StreamedCall(AiGatewayChatClient owner, IEnumerable<ChatMessage> messages, ChatOptions? options, CancellationToken cancellationToken)
        : ChatResponseUpdateRelay(cancellationToken)
    {
        private Route _route = null!;
        private Activity? _activity;
        private Activity? _outer;
        private bool _outside;
        private long _started;
        private IdleWatchdog? _idle;
        private HttpResponseMessage? _response;
        private List<ChatResponseUpdate>? _captured;
        private UsageDetails? _usage;
        private decimal? _cost;
        private string? _responseId;
        private string? _modelId;
        private ChatFinishReason? _finishReason;
        private bool _annotated;

        protected override ChatResponseUpdateRelay Restart() => new StreamedCall(owner, messages, options, CallToken);

        protected override async ValueTask<RelayStart> StartAsync(CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(messages);
            ObjectDisposedException.ThrowIf(owner._disposed, owner);
            _route = owner.Route(options);
            var list = messages as IReadOnlyList<ChatMessage> ?? messages.ToList();

            // The span is kept in a field and passed around explicitly: Activity.Current is the caller's at every read.
            _outside = owner.GenAiTelemetryRecordedOutside;
            _activity = ChatCallTelemetry.Start(_route, options, streaming: true, owner._captureContent ? list : null, _outside, out _outer);
            _outside |= _outer is not null;
            _started = owner._timeProvider.GetTimestamp();
            _captured = owner._captureContent && _activity is not null ? [] : null;

            // A connection that goes quiet without closing would otherwise hang the caller: the body is read under a
            // token that also fires when a read waits StreamIdleTimeout for the next update.
            _idle = owner._streamIdleTimeout is { } idleTimeout ? new IdleWatchdog(idleTimeout, owner._timeProvider, cancellationToken) : null;
            var readToken = _idle?.Token ?? cancellationToken;
            try
            {
                using var request = owner.CreateRequest(_route, list, options, stream: true);
                _response = await owner.SendAsync(request, _route, cancellationToken).ConfigureAwait(false);
                var body = await _response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
                var context = new DialectResponseContext(_route, owner._logger, owner._timeProvider) { IncludeRawRepresentation = owner._includeStreamingRawRepresentation };
                return new(ChatDialects.Get(_route.Dialect).ReadStreamAsync(body, context, readToken).GetAsyncEnumerator(readToken), First: null);
            }
            catch (Exception ex)
            {
                ChatCallTelemetry.RecordFailure(_activity, _route, ex, owner._timeProvider.GetElapsedTime(_started), _outside);
                Close();
                throw;
            }
        }

        // Only reads that wait are timed: an update already buffered is handed over without reading the clock.
        protected override void OnWaiting() => _idle?.Waiting();

        protected override void OnMoved() => _idle?.Answered();

        protected override ChatResponseUpdate OnUpdate(ChatResponseUpdate update)
        {
            if (!_annotated)
            {
                // The first update says which gateway and model answered, so callers (and failover) can see it.
                Annotate(update.AdditionalProperties ??= [], _route, _response);
                _annotated = true;
            }

            _responseId ??= update.ResponseId;
            _modelId ??= update.ModelId;
            _finishReason ??= update.FinishReason;
            var hasUsage = false;
            var contents = update.Contents;
            for (var i = 0; i < contents.Count; i++)
            {
                // Indexed, not foreach: enumerating the IList<AIContent> would box an enumerator per update.
                if (contents[i] is UsageContent usage)
                {
                    _usage = usage.Details;
                    hasUsage = true;
                }
            }

            // A gateway may report its cost on an update without usage (Vercel's provider_metadata when no usage chunk
            // came): that cost belongs on the span and in the cost metric too, as for a whole response.
            if (hasUsage || update.AdditionalProperties?.ContainsKey(AiGatewayPropertyKeys.CostUsd) == true)
            {
                _cost = AnnotateCost(update.AdditionalProperties ??= [], _route, hasUsage ? _usage : null) ?? _cost;
            }

            _captured?.Add(update);
            return update;
        }

        protected override Exception OnFailed(Exception exception)
        {
            var thrown = exception switch
            {
                OperationCanceledException canceled when _idle is { IsCancellationRequested: true } && !CancellationToken.IsCancellationRequested =>
                    owner.StreamStalled(_route, canceled),

                // A mapper choked on a value inside a well-formed event (bad base64 image data, a malformed number): the
                // same body read whole is a MalformedResponseException, so a stream is too.
                JsonException or FormatException => MalformedResponse.Create(_route, $"a streamed event could not be mapped: {exception.Message}", exception),
                _ => exception,
            };
            ChatCallTelemetry.RecordFailure(_activity, _route, thrown, owner._timeProvider.GetElapsedTime(_started), _outside);
            return thrown;
        }

        protected override ValueTask FinishAsync(bool completed, Exception? failure)
        {
            try
            {
                if (completed)
                {
                    ChatCallTelemetry.RecordSuccess(
                        _activity,
                        _route,
                        new(_responseId, _modelId, _finishReason, _usage, _cost, _captured?.ToChatResponse().Messages),
                        owner._timeProvider.GetElapsedTime(_started),
                        _outer,
                        _outside);
                }
                else if (failure is null)
                {
                    // The caller stopped reading before the stream ended: not an error, but the span and the duration
                    // metric should still say how the call ended.
                    ChatCallTelemetry.RecordAbandoned(_activity, _route, _modelId, owner._timeProvider.GetElapsedTime(_started), _outside);
                }
            }
            finally
            {
                Close();
            }

            return default;
        }

        private void Close()
        {
            _response?.Dispose();
            _idle?.Dispose();
            _activity?.Dispose();
        }
    }
}
