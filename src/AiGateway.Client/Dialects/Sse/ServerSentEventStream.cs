using System.Runtime.ExceptionServices;
using AiGateway.Client.Routing;

namespace AiGateway.Client.Dialects.Sse;

/// <summary>
/// The items of a <c>text/event-stream</c> body, read with <see cref="ServerSentEventBuffer"/> by a hand-written
/// enumerator rather than a compiler async iterator: an event already in the buffer is parsed and handed over by plain
/// calls (a compiler async iterator adds about 16 ns per item, since its builder saves and restores the execution
/// context on every step), and only a read of more bytes is awaited. Behaves as the iterator it replaces: see
/// <see cref="ServerSentEventReader.ReadAsync{TEvent, T}"/>.
/// </summary>
/// <typeparam name="TEvent">What the parser makes of one event.</typeparam>
/// <typeparam name="T">The items.</typeparam>
internal sealed class ServerSentEventStream<TEvent, T> : IAsyncEnumerable<T>, IAsyncEnumerator<T>
    where T : class
{
    private readonly Stream _stream;
    private readonly ServerSentEventReader.EventParser<TEvent> _parser;
    private readonly ServerSentEventReader.EventHandler<TEvent, T> _handle;
    private readonly Route _route;
    private readonly Func<bool, T?> _complete;
    private readonly CancellationToken _callToken;
    private readonly ServerSentEventReader.EventParser<TEvent> _parse;
    private CancellationTokenSource? _combinedTokens;
    private CancellationToken _token;
    private ServerSentEventBuffer? _events;
    private StreamState _state;
    private int _count;
    private int _enumerated;

    public ServerSentEventStream(
        Stream stream,
        ServerSentEventReader.EventParser<TEvent> parser,
        ServerSentEventReader.EventHandler<TEvent, T> handle,
        Route route,
        Func<bool, T?> complete,
        CancellationToken cancellationToken)
    {
        _stream = stream;
        _parser = parser;
        _handle = handle;
        _route = route;
        _complete = complete;
        _callToken = cancellationToken;
        _parse = (type, data) => ServerSentEventReader.Parse(_parser, type, data, _route, _count);
    }

    private enum StreamState
    {
        NotStarted,
        Reading,
        Stopped,
        Ended,
    }

    /// <inheritdoc />
    public T Current { get; private set; } = null!;

    /// <inheritdoc />
    public IAsyncEnumerator<T> GetAsyncEnumerator(CancellationToken cancellationToken = default)
    {
        var enumerator = Interlocked.Exchange(ref _enumerated, 1) == 0
            ? this
            : new ServerSentEventStream<TEvent, T>(_stream, _parser, _handle, _route, _complete, _callToken) { _enumerated = 1 };

        enumerator._token = AsyncEnumeratorTokens.Combine(_callToken, cancellationToken, out enumerator._combinedTokens);
        return enumerator;
    }

    /// <inheritdoc />
    public ValueTask<bool> MoveNextAsync()
    {
        switch (_state)
        {
            case StreamState.NotStarted:
                _events = new ServerSentEventBuffer(_stream);
                _state = StreamState.Reading;
                break;
            case StreamState.Stopped:
                return EndAsync(stopped: true);
            case StreamState.Ended:
                return new ValueTask<bool>(false);
        }

        while (true)
        {
            TEvent parsed;
            try
            {
                if (!_events!.TryReadEvent(_parse, out parsed))
                {
                    return ReadMoreAsync();
                }
            }
            catch (Exception ex)
            {
                return FailAsync(ex);
            }

            _count++;
            T? item;
            bool stop;
            try
            {
                item = _handle(parsed, out stop);
            }
            catch (Exception ex)
            {
                // The dialect's own failure, as it is (only reading the body is a broken connection).
                Close();
                return ValueTask.FromException<bool>(ex);
            }

            if (stop)
            {
                // A terminal event: the rest of the body is not read.
                _state = StreamState.Stopped;
                if (item is null)
                {
                    return EndAsync(stopped: true);
                }
            }

            if (item is not null)
            {
                Current = item;
                return new ValueTask<bool>(true);
            }
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        Close();
        return default;
    }

    private async ValueTask<bool> ReadMoreAsync()
    {
        bool more;
        try
        {
            more = await _events!.ReadMoreAsync(_token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            return await FailAsync(ex).ConfigureAwait(false);
        }

        return more ? await MoveNextAsync().ConfigureAwait(false) : await EndAsync(stopped: false).ConfigureAwait(false);
    }

    /// <summary>The body ended (or a terminal event came): the buffer goes back, and the dialect checks the ending and may add a last item.</summary>
    private ValueTask<bool> EndAsync(bool stopped)
    {
        Close();
        T? last;
        try
        {
            last = _complete(stopped);
        }
        catch (Exception ex)
        {
            return ValueTask.FromException<bool>(ex);
        }

        if (last is null)
        {
            return new ValueTask<bool>(false);
        }

        Current = last;
        return new ValueTask<bool>(true);
    }

    /// <summary>Reading or parsing the body failed: a dropped connection becomes the transient error that says how far the stream got.</summary>
    private ValueTask<bool> FailAsync(Exception ex)
    {
        Close();
        return ValueTask.FromException<bool>(ex is IOException or HttpRequestException && !_token.IsCancellationRequested
            ? ExceptionDispatchInfo.SetCurrentStackTrace(ServerSentEventReader.Broken(_route, _count, ex))
            : ex);
    }

    private void Close()
    {
        _state = StreamState.Ended;
        _events?.Dispose();
        _events = null;
        _combinedTokens?.Dispose();
        _combinedTokens = null;
    }
}
