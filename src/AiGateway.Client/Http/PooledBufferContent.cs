using System.Buffers;
using System.Net;
using System.Text.Json;

namespace AiGateway.Client.Http;

/// <summary>
/// A request body held in an array rented from <see cref="ArrayPool{T}.Shared"/> (taken over from a
/// <see cref="PooledBufferWriter"/>), returned to the pool when the content is disposed (with its request).
/// The body can be sent any number of times until then, as an HTTP-level retry resends the same request; sending after
/// disposal throws <see cref="ObjectDisposedException"/>. If the content is disposed while a send is still copying the
/// body (a transport that answers before it has read the whole request), the array goes back only when that copy
/// ends, so a pooled array is never handed to someone else while it is being sent.
/// </summary>
internal sealed class PooledBufferContent : HttpContent
{
    private readonly int _length;
    private byte[]? _buffer;

    // 1 for the content itself until it is disposed, plus one per send in progress; the array is returned at 0.
    private int _users = 1;
    private int _disposed;

    public PooledBufferContent(PooledBufferWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        _buffer = writer.Detach(out _length);
    }

    // This thread's buffer writer and JSON writer, reused by the next body written on it instead of two new objects
    // per request (the arrays they write into are rented per body). Null while a body is being written, so a body
    // written from inside another one's callback gets its own pair.
    [ThreadStatic]
    private static PooledBufferWriter? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    /// <summary>Writes a JSON body with <paramref name="write"/> into a pooled buffer and returns it as content.</summary>
    public static PooledBufferContent WriteJson<TState>(TState state, Action<Utf8JsonWriter, TState> write, int initialCapacity = 4096)
    {
        var buffer = t_buffer ?? new PooledBufferWriter(0);
        var writer = t_writer;
        t_buffer = null;
        t_writer = null;
        buffer.Restart(initialCapacity);
        if (writer is null)
        {
            writer = new Utf8JsonWriter(buffer);
        }
        else
        {
            writer.Reset(buffer);
        }

        try
        {
            write(writer, state);
            writer.Flush();
            return new PooledBufferContent(buffer);
        }
        catch
        {
            buffer.Dispose();
            throw;
        }
        finally
        {
            // Unflushed bytes and half-written state of a failed body are dropped; the pair is this thread's again.
            writer.Reset(buffer);
            t_buffer = buffer;
            t_writer = writer;
        }
    }

    /// <summary>Gets a value indicating whether the array went back to the pool (for tests).</summary>
    internal bool IsReturned => Volatile.Read(ref _buffer) is null;

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        var buffer = Acquire();
        ValueTask write;
        try
        {
            write = stream.WriteAsync(buffer.AsMemory(0, _length), cancellationToken);
        }
        catch (Exception ex)
        {
            // Reported through the task, as from an async method (a cancellation then cancels it).
            write = ValueTask.FromException(ex);
        }

        if (write.IsCompletedSuccessfully)
        {
            // Written at once (a buffered or in-memory stream): no state machine to wait in. GetResult still
            // consumes the result, as a pooled value-task source needs.
            write.GetAwaiter().GetResult();
            Release();
            return Task.CompletedTask;
        }

        return ReleaseWhenWrittenAsync(write);
    }

    private async Task ReleaseWhenWrittenAsync(ValueTask write)
    {
        try
        {
            await write.ConfigureAwait(false);
        }
        finally
        {
            Release();
        }
    }

    protected override void SerializeToStream(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        var buffer = Acquire();
        try
        {
            stream.Write(buffer, 0, _length);
        }
        finally
        {
            Release();
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = _length;
        return true;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            Release();
        }

        base.Dispose(disposing);
    }

    private byte[] Acquire()
    {
        while (true)
        {
            var users = Volatile.Read(ref _users);
            if (users == 0 || Volatile.Read(ref _disposed) == 1)
            {
                throw new ObjectDisposedException(nameof(PooledBufferContent), "The request body was already released: its request was disposed.");
            }

            if (Interlocked.CompareExchange(ref _users, users + 1, users) == users)
            {
                return _buffer!;
            }
        }
    }

    private void Release()
    {
        if (Interlocked.Decrement(ref _users) == 0 && Interlocked.Exchange(ref _buffer, null) is { } buffer)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
