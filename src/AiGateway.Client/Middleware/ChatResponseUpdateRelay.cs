using System.Runtime.ExceptionServices;
using Microsoft.Extensions.AI;

namespace AiGateway.Client.Middleware;

/// <summary>
/// A streamed response (the leaf's over its dialect reader, and each middleware's over its inner client) written by hand
/// instead of as a compiler async iterator: the work before the first update (<see cref="StartAsync"/>) and after the
/// last (<see cref="FinishAsync"/>) are ordinary async methods, and each update in between is relayed by plain calls. A
/// compiler async iterator costs every layer about 16 to 30 ns per update (its builder saves and restores the execution
/// context around each step and resumes a state machine), which was most of what the budget and failover layers added
/// to a stream; this relay adds a few nanoseconds.
/// </summary>
/// <remarks>
/// It behaves as the async iterator it replaces: nothing runs until the first <see cref="MoveNextAsync"/>; the cleanup
/// (<see cref="FinishAsync"/>, after the inner enumerator is disposed) runs before the last <see cref="MoveNextAsync"/>
/// returns <see langword="false"/> or throws, or in <see cref="DisposeAsync"/> when the caller stops early, and only
/// once; enumerating the same enumerable a second time runs the call again (<see cref="Restart"/>); the call's token and
/// the one given to <see cref="GetAsyncEnumerator"/> are combined as <c>[EnumeratorCancellation]</c> combines them.
/// Start and cleanup run in async methods, so what they change in the execution context (such as
/// <c>Activity.Current</c>) does not leak to the caller, as it does not from an iterator.
/// </remarks>
internal abstract class ChatResponseUpdateRelay : IAsyncEnumerable<ChatResponseUpdate>, IAsyncEnumerator<ChatResponseUpdate>
{
    private readonly CancellationToken _callToken;
    private IAsyncEnumerator<ChatResponseUpdate>? _inner;

    // The inner enumerator when it is a relay too (one layer over another): called directly instead of through the
    // interface, whose call site here sees every layer's type and so dispatches through the runtime's slower
    // polymorphic stub on every update.
    private ChatResponseUpdateRelay? _innerRelay;
    private CancellationTokenSource? _combinedTokens;
    private RelayState _state;
    private int _enumerated;

    /// <summary>Creates the relay of one call.</summary>
    /// <param name="cancellationToken">The token the call was made with.</param>
    protected ChatResponseUpdateRelay(CancellationToken cancellationToken) => _callToken = cancellationToken;

    private enum RelayState
    {
        NotStarted,
        Relaying,
        Ended,
    }

    /// <inheritdoc />
    public ChatResponseUpdate Current { get; private set; } = null!;

    /// <summary>Gets the token the call was made with (for <see cref="Restart"/>).</summary>
    protected CancellationToken CallToken => _callToken;

    /// <summary>Gets the call's token combined with the enumerator's: the one the relay's work observes.</summary>
    protected CancellationToken CancellationToken { get; private set; }

    /// <inheritdoc />
    public IAsyncEnumerator<ChatResponseUpdate> GetAsyncEnumerator(CancellationToken cancellationToken = default)
    {
        var relay = Interlocked.Exchange(ref _enumerated, 1) == 0 ? this : Restart();
        relay._enumerated = 1;
        relay.CancellationToken = AsyncEnumeratorTokens.Combine(_callToken, cancellationToken, out relay._combinedTokens);
        return relay;
    }

    /// <inheritdoc />
    public ValueTask<bool> MoveNextAsync()
    {
        if (_state != RelayState.Relaying)
        {
            return _state == RelayState.NotStarted ? StartRelayAsync() : new ValueTask<bool>(false);
        }

        ValueTask<bool> next;
        try
        {
            OnMoving();
            next = _innerRelay is { } relay ? relay.MoveNextAsync() : _inner!.MoveNextAsync();
        }
        catch (Exception ex)
        {
            OnMoved();
            return FailAsync(ExceptionDispatchInfo.Capture(ex));
        }

        if (!next.IsCompletedSuccessfully)
        {
            return AwaitMoveAsync(next);
        }

        var more = next.Result;
        OnMoved();
        return more ? Relay() : EndAsync();
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        if (_state == RelayState.Relaying)
        {
            return FinishRelayAsync(completed: false, failure: null);
        }

        _state = RelayState.Ended;
        _combinedTokens?.Dispose();
        return default;
    }

    /// <summary>A new relay of the same call, for a second enumeration of the same enumerable.</summary>
    /// <returns>The relay.</returns>
    protected abstract ChatResponseUpdateRelay Restart();

    /// <summary>
    /// Runs at the first <see cref="MoveNextAsync"/>: does the layer's work before the stream and starts the inner one.
    /// If it throws, the exception reaches the caller and <see cref="FinishAsync"/> is not called.
    /// </summary>
    /// <param name="cancellationToken">The combined token.</param>
    /// <returns>The inner enumerator, and whether it was already moved to its first update (and the result of that move).</returns>
    protected abstract ValueTask<RelayStart> StartAsync(CancellationToken cancellationToken);

    /// <summary>Called before each move of the inner enumerator.</summary>
    protected virtual void OnMoving()
    {
    }

    /// <summary>Called when a move of the inner enumerator did not complete at once, before it is awaited.</summary>
    protected virtual void OnWaiting()
    {
    }

    /// <summary>Called after each move of the inner enumerator, whether it succeeded or threw.</summary>
    protected virtual void OnMoved()
    {
    }

    /// <summary>Called with each update on its way to the caller; returns what the caller gets.</summary>
    /// <param name="update">The inner stream's update.</param>
    /// <returns>The update to pass on.</returns>
    protected virtual ChatResponseUpdate OnUpdate(ChatResponseUpdate update) => update;

    /// <summary>
    /// Called when the inner stream failed after it started, before the cleanup; what it returns is what the cleanup
    /// sees and the caller gets (the failure itself, rethrown with its stack trace, unless the layer maps it).
    /// </summary>
    /// <param name="exception">The failure.</param>
    /// <returns>The exception to throw: <paramref name="exception"/>, or one that describes it for this layer's caller.</returns>
    protected virtual Exception OnFailed(Exception exception) => exception;

    /// <summary>The cleanup, once, after the inner enumerator was disposed (even if that threw).</summary>
    /// <param name="completed">Whether the inner stream ended normally.</param>
    /// <param name="failure">The failure, when it threw; <see langword="null"/> when it completed or was abandoned.</param>
    /// <returns>A task that completes when the cleanup is done.</returns>
    protected abstract ValueTask FinishAsync(bool completed, Exception? failure);

    private ValueTask<bool> Relay()
    {
        try
        {
            Current = OnUpdate(_innerRelay is { } relay ? relay.Current : _inner!.Current);
        }
        catch (Exception ex)
        {
            return FailAsync(ExceptionDispatchInfo.Capture(ex));
        }

        return new ValueTask<bool>(true);
    }

    private async ValueTask<bool> StartRelayAsync()
    {
        _state = RelayState.Ended;
        RelayStart start;
        try
        {
            start = await StartAsync(CancellationToken).ConfigureAwait(false);
        }
        catch
        {
            _combinedTokens?.Dispose();
            throw;
        }

        _inner = start.Inner;
        _innerRelay = start.Inner as ChatResponseUpdateRelay;
        _state = RelayState.Relaying;
        return start.First switch
        {
            true => await Relay().ConfigureAwait(false),
            false => await EndAsync().ConfigureAwait(false),
            null => await MoveNextAsync().ConfigureAwait(false),
        };
    }

    private async ValueTask<bool> AwaitMoveAsync(ValueTask<bool> next)
    {
        bool more;
        try
        {
            OnWaiting();
            more = await next.ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            OnMoved();
            return await FailAsync(ExceptionDispatchInfo.Capture(ex)).ConfigureAwait(false);
        }

        OnMoved();
        return more ? await Relay().ConfigureAwait(false) : await EndAsync().ConfigureAwait(false);
    }

    private async ValueTask<bool> EndAsync()
    {
        await FinishRelayAsync(completed: true, failure: null).ConfigureAwait(false);
        return false;
    }

    private async ValueTask<bool> FailAsync(ExceptionDispatchInfo failure)
    {
        var thrown = OnFailed(failure.SourceException);
        await FinishRelayAsync(completed: false, thrown).ConfigureAwait(false);
        if (ReferenceEquals(thrown, failure.SourceException))
        {
            failure.Throw();
        }

        throw thrown;
    }

    private async ValueTask FinishRelayAsync(bool completed, Exception? failure)
    {
        _state = RelayState.Ended;
        try
        {
            await _inner!.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            try
            {
                await FinishAsync(completed, failure).ConfigureAwait(false);
            }
            finally
            {
                _combinedTokens?.Dispose();
            }
        }
    }

    /// <summary>How a relay started: the inner enumerator, and the result of its first move when the start already made it.</summary>
    /// <param name="Inner">The inner stream's enumerator.</param>
    /// <param name="First"><see langword="null"/> when the inner enumerator was not moved yet; else the result of its first move (with <c>Current</c> its first update when <see langword="true"/>).</param>
    internal readonly record struct RelayStart(IAsyncEnumerator<ChatResponseUpdate> Inner, bool? First);
}
