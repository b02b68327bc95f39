using System.Buffers;
using System.Text;

namespace AiGateway.Client.Dialects.Sse;

/// <summary>
/// Splits a <c>text/event-stream</c> body into events the way <see cref="System.Net.ServerSentEvents.SseParser"/> does
/// (https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation): a leading BOM skipped;
/// lines ended by CRLF, LF or CR; <c>:</c> comments ignored; one space after the field's colon dropped; <c>data</c>
/// lines joined with LF; <c>event</c> naming the type (<c>message</c> when absent, reset after each event); an event
/// dispatched at its blank line only when it had data; an unfinished event at the end of the body dropped. Unlike
/// SseParser it is not an async iterator of its own, so a stream reader built on it pays one iterator per event, not two,
/// and a repeated event type is not allocated again. Buffers come from <see cref="ArrayPool{T}"/>; not thread-safe.
/// </summary>
internal sealed class ServerSentEventBuffer(Stream stream) : IDisposable
{
    private const string DefaultEventType = "message";

    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(4096);
    private byte[] _data = ArrayPool<byte>.Shared.Rent(1024);
    private int _start;
    private int _end;
    private int _dataLength;
    private bool _hasData;
    private bool _endOfStream;
    private bool _atStart = true;
    private string _eventType = DefaultEventType;
    private byte[]? _lastTypeBytes;
    private string? _lastType;

    /// <summary>
    /// Finds the next complete event in what was read so far and hands its type and data to <paramref name="parse"/>.
    /// </summary>
    /// <returns><see langword="false"/> when more of the body must be read first (<see cref="ReadMoreAsync"/>).</returns>
    public bool TryReadEvent<T>(ServerSentEventReader.EventParser<T> parse, out T item)
    {
        while (true)
        {
            var pending = _buffer.AsSpan(_start, _end - _start);
            if (_atStart)
            {
                if (pending.Length < 3 && !_endOfStream && "\uFEFF"u8.StartsWith(pending))
                {
                    item = default!;
                    return false;
                }

                _atStart = false;
                if (pending.StartsWith("\uFEFF"u8))
                {
                    _start += 3;
                    continue;
                }
            }

            var end = pending.IndexOfAny((byte)'\r', (byte)'\n');
            if (end < 0 || (pending[end] == (byte)'\r' && end == pending.Length - 1 && !_endOfStream))
            {
                // No whole line yet (or a CR that may be the first half of a CRLF).
                item = default!;
                return false;
            }

            var line = pending[..end];
            _start += end + (pending[end] == (byte)'\r' && end + 1 < pending.Length && pending[end + 1] == (byte)'\n' ? 2 : 1);
            if (!line.IsEmpty)
            {
                ReadField(line);
                continue;
            }

            if (!_hasData)
            {
                _eventType = DefaultEventType;
                continue;
            }

            var type = _eventType;
            var length = _dataLength;
            _eventType = DefaultEventType;
            _hasData = false;
            _dataLength = 0;
            item = parse(type, _data.AsSpan(0, length));
            return true;
        }
    }

    /// <summary>Reads more of the body into the buffer.</summary>
    /// <returns><see langword="false"/> once the body has ended and everything in it was read.</returns>
    public async ValueTask<bool> ReadMoreAsync(CancellationToken cancellationToken)
    {
        if (_endOfStream)
        {
            return false;
        }

        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            Grow(ref _buffer, _end, _end + 1);
        }

        var read = await stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
        _end += read;
        _endOfStream = read == 0;
        return true;
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        ArrayPool<byte>.Shared.Return(_data);
        _buffer = [];
        _data = [];
    }

    private static void Grow(ref byte[] buffer, int used, int needed)
    {
        var larger = ArrayPool<byte>.Shared.Rent(Math.Max(needed, buffer.Length * 2));
        buffer.AsSpan(0, used).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(buffer);
        buffer = larger;
    }

    private void ReadField(ReadOnlySpan<byte> line)
    {
        if (line[0] == (byte)':')
        {
            return;
        }

        var colon = line.IndexOf((byte)':');
        var name = colon < 0 ? line : line[..colon];
        var value = colon < 0 ? default : line[(colon + 1)..];
        if (!value.IsEmpty && value[0] == (byte)' ')
        {
            value = value[1..];
        }

        if (name.SequenceEqual("data"u8))
        {
            var needed = _dataLength + value.Length + (_hasData ? 1 : 0);
            if (needed > _data.Length)
            {
                Grow(ref _data, _dataLength, needed);
            }

            if (_hasData)
            {
                _data[_dataLength++] = (byte)'\n';
            }

            value.CopyTo(_data.AsSpan(_dataLength));
            _dataLength += value.Length;
            _hasData = true;
        }
        else if (name.SequenceEqual("event"u8))
        {
            _eventType = EventType(value);
        }

        // id and retry matter to a browser reconnecting; nothing here reconnects. Other fields are ignored, as the
        // specification says.
    }

    private string EventType(ReadOnlySpan<byte> value)
    {
        if (value.SequenceEqual("message"u8))
        {
            return DefaultEventType;
        }

        if (_lastTypeBytes is not null && value.SequenceEqual(_lastTypeBytes))
        {
            return _lastType!;
        }

        _lastType = Encoding.UTF8.GetString(value);
        _lastTypeBytes = value.ToArray();
        return _lastType;
    }
}
