using System.Buffers;

namespace AiGateway.Client.Http;

/// <summary>
/// An <see cref="IBufferWriter{T}"/> over arrays rented from <see cref="ArrayPool{T}.Shared"/>: a request body is written
/// into it without the unpooled doubling arrays (and, for long histories, large-object-heap arrays) that
/// <see cref="ArrayBufferWriter{T}"/> allocates. Its array goes back to the pool on <see cref="Dispose"/>, or passes to
/// a <see cref="PooledBufferContent"/> that returns it when the request is disposed. Not thread-safe.
/// </summary>
internal sealed class PooledBufferWriter : IBufferWriter<byte>, IDisposable
{
    private const int MinimumGrowth = 256;
    private byte[]? _buffer;
    private int _written;

    /// <summary>Creates a writer over an array of at least <paramref name="initialCapacity"/> bytes (none for 0: call <see cref="Restart"/>).</summary>
    public PooledBufferWriter(int initialCapacity = 4096) => _buffer = initialCapacity > 0 ? ArrayPool<byte>.Shared.Rent(initialCapacity) : null;

    /// <summary>Gets the bytes written so far.</summary>
    public ReadOnlySpan<byte> WrittenSpan => Buffer.AsSpan(0, _written);

    /// <summary>Gets the number of bytes written so far.</summary>
    public int WrittenCount => _written;

    private byte[] Buffer => _buffer ?? throw new ObjectDisposedException(nameof(PooledBufferWriter));

    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (_written + count > Buffer.Length)
        {
            throw new InvalidOperationException("Cannot advance past the end of the buffer.");
        }

        _written += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return Buffer.AsMemory(_written);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return Buffer.AsSpan(_written);
    }

    /// <summary>Hands the rented array and its written length to the caller, who must return it to the pool.</summary>
    public byte[] Detach(out int length)
    {
        var buffer = Buffer;
        length = _written;
        _buffer = null;
        _written = 0;
        return buffer;
    }

    /// <summary>
    /// Starts a new body in a newly rented array of at least <paramref name="initialCapacity"/> bytes, after the last
    /// one was handed over with <see cref="Detach"/> or returned with <see cref="Dispose"/>, so one writer serves many bodies.
    /// </summary>
    public void Restart(int initialCapacity)
    {
        Dispose();
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(initialCapacity, 1));
        _written = 0;
    }

    public void Dispose()
    {
        if (_buffer is { } buffer)
        {
            _buffer = null;
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void Ensure(int sizeHint)
    {
        var buffer = Buffer;
        var needed = Math.Max(sizeHint, 1);
        if (buffer.Length - _written >= needed)
        {
            return;
        }

        var larger = ArrayPool<byte>.Shared.Rent(checked(Math.Max(buffer.Length * 2, _written + Math.Max(needed, MinimumGrowth))));
        buffer.AsSpan(0, _written).CopyTo(larger);
        _buffer = larger;
        ArrayPool<byte>.Shared.Return(buffer);
    }
}
