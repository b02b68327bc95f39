using System.Buffers;

namespace AiGateway.Client.Http;

/// <summary>
/// Reads a whole response body into a buffer rented from <see cref="ArrayPool{T}.Shared"/> instead of
/// <see cref="HttpContent.ReadAsByteArrayAsync(CancellationToken)"/>, which buffers the body and then copies it
/// into a new array of its exact size on every call. The caller parses the bytes and gives the buffer back with
/// <see cref="Return"/>; nothing may keep a reference to it.
/// </summary>
internal static class PooledResponseBody
{
    private const int DefaultSize = 4096;
    private const int MaxPresize = 1 << 20;

    /// <summary>Reads the whole body.</summary>
    /// <param name="content">The response content.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The rented buffer and how many bytes of it are the body.</returns>
    /// <exception cref="HttpRequestException">The body broke while being read (as <c>ReadAsByteArrayAsync</c> reports it).</exception>
    public static async ValueTask<(byte[] Buffer, int Length)> ReadAsync(HttpContent content, CancellationToken cancellationToken)
    {
        // One spare byte when the length is known: the read that sees the end then needs no larger buffer.
        var declared = content.Headers.ContentLength;
        var buffer = ArrayPool<byte>.Shared.Rent(declared is >= 0 and < MaxPresize ? (int)declared + 1 : DefaultSize);
        var length = 0;
        try
        {
            var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                while (true)
                {
                    if (length == buffer.Length)
                    {
                        var larger = ArrayPool<byte>.Shared.Rent(checked(buffer.Length * 2));
                        buffer.AsSpan(0, length).CopyTo(larger);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = larger;
                    }

                    int read;
                    try
                    {
                        read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
                    }
                    catch (IOException ex)
                    {
                        // The same exception ReadAsByteArrayAsync throws for a body cut short.
                        throw new HttpRequestException("Error while copying content to a stream.", ex);
                    }

                    if (read == 0)
                    {
                        return (buffer, length);
                    }

                    length += read;
                }
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    /// <summary>Gives a buffer from <see cref="ReadAsync"/> back to the pool.</summary>
    /// <param name="buffer">The buffer.</param>
    public static void Return(byte[] buffer) => ArrayPool<byte>.Shared.Return(buffer);
}
