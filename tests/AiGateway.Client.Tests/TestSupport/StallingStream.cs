namespace AiGateway.Client.Tests.TestSupport;

/// <summary>Returns its bytes, then waits until cancelled, like a connection that has gone quiet mid-stream.</summary>
public sealed class StallingStream(byte[] head) : AsyncReadOnlyStream
{
    private int _position;

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_position < head.Length)
        {
            var count = Math.Min(buffer.Length, head.Length - _position);
            head.AsMemory(_position, count).CopyTo(buffer);
            _position += count;
            return count;
        }

        await Task.Delay(Timeout.Infinite, cancellationToken);
        return 0;
    }
}
