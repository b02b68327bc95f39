using System.Text;
using System.Threading.Channels;

namespace AiGateway.Client.Tests.TestSupport;

/// <summary>A body whose bytes arrive when the test releases them: a read waits until the next part is released, and the body ends when the test says so.</summary>
public sealed class ReleasedStream : AsyncReadOnlyStream
{
    private readonly Channel<byte[]> _parts = Channel.CreateUnbounded<byte[]>();
    private byte[] _current = [];
    private int _position;

    /// <summary>Makes <paramref name="text"/> (UTF-8) readable.</summary>
    public void Release(string text) => _parts.Writer.TryWrite(Encoding.UTF8.GetBytes(text));

    /// <summary>Ends the body after what was released.</summary>
    public void End() => _parts.Writer.TryComplete();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (_position == _current.Length)
        {
            if (!await _parts.Reader.WaitToReadAsync(cancellationToken))
            {
                return 0;
            }

            _parts.Reader.TryRead(out var next);
            _current = next!;
            _position = 0;
        }

        var count = Math.Min(buffer.Length, _current.Length - _position);
        _current.AsMemory(_position, count).CopyTo(buffer);
        _position += count;
        return count;
    }
}
