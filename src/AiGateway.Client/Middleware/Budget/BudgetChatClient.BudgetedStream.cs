using Microsoft.Extensions.AI;

namespace AiGateway.Client.Middleware.Budget;

/// <content>The streamed call: reserve before the first update, watch each update, settle or release at the end.</content>
public partial class BudgetChatClient
{
    /// <summary>
    /// One streamed call through the budget: the reservation is made at the first read (nothing is reserved for a stream
    /// never read), each update is observed for the settle, and the lease is renewed while the caller waits on the next
    /// update. At the end the reservation is settled (the stream completed, or output began) or released.
    /// </summary>
    private sealed class BudgetedStream(BudgetChatClient owner, IEnumerable<ChatMessage> messages, ChatOptions? options, CancellationToken cancellationToken)
        : ChatResponseUpdateRelay(cancellationToken)
    {
        private readonly BudgetStreamObservation _observed = new();
        private ActiveCall? _call;

        protected override ChatResponseUpdateRelay Restart() => new BudgetedStream(owner, messages, options, CallToken);

        protected override async ValueTask<RelayStart> StartAsync(CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(messages);
            var capped = owner.ApplyOutputCap(options);
            _call = await owner.ReserveAsync(messages, capped, cancellationToken).ConfigureAwait(false);
            try
            {
                return new(owner.InnerClient.GetStreamingResponseAsync(messages, capped, cancellationToken).GetAsyncEnumerator(cancellationToken), First: null);
            }
            catch (Exception ex) when (_call is not null)
            {
                await owner.ReleaseAsync(_call, BudgetLedger.Describe(ex)).ConfigureAwait(false);
                throw;
            }
        }

        protected override void OnMoving() => _call?.Renewal?.Enter();

        protected override void OnMoved() => _call?.Renewal?.Exit();

        protected override ChatResponseUpdate OnUpdate(ChatResponseUpdate update)
        {
            if (_call is not null)
            {
                _observed.Observe(update);
            }

            return update;
        }

        protected override ValueTask FinishAsync(bool completed, Exception? failure) =>
            _call is null
                ? default
                : owner.CloseStreamAsync(_call, _observed, completed, failure is null ? "was abandoned" : BudgetLedger.Describe(failure));
    }
}
