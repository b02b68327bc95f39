using System.Buffers;
using System.Globalization;
using System.Net.Http.Headers;

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
    /// <param name="deadline">A time limit whose token <paramref name="cancellationToken"/> is, armed before the first
    /// wait (a body that is already there is read without starting its timer), or <see langword="null"/>.</param>
    /// <returns>The rented buffer and how many bytes of it are the body.</returns>
    /// <exception cref="HttpRequestException">The body broke while being read (as <c>ReadAsByteArrayAsync</c> reports it).</exception>
    public static async ValueTask<(byte[] Buffer, int Length)> ReadAsync(HttpContent content, CancellationToken cancellationToken, BodyDeadline? deadline = null)
    {
        // One spare byte when the length is known: the read that sees the end then needs no larger buffer.
        var declared = DeclaredLength(content);
        var buffer = ArrayPool<byte>.Shared.Rent(declared is >= 0 and < MaxPresize ? (int)declared + 1 : DefaultSize);
        var length = 0;
        try
        {
            var opening = content.ReadAsStreamAsync(cancellationToken);
            if (!opening.IsCompleted)
            {
                deadline?.Arm();
            }

            var stream = await opening.ConfigureAwait(false);
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
                        var reading = stream.ReadAsync(buffer.AsMemory(length), cancellationToken);
                        if (!reading.IsCompleted)
                        {
                            deadline?.Arm();
                        }

                        read = await reading.ConfigureAwait(false);
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

    /// <summary>
    /// The Content-Length the response declared, read unparsed: <see cref="HttpContentHeaders.ContentLength"/> would
    /// store a parsed (boxed) value, or compute and store one for content that declared none.
    /// </summary>
    private static long? DeclaredLength(HttpContent content) =>
        content.Headers.NonValidated.TryGetValues("Content-Length", out var values) && values.Count == 1
            && long.TryParse(values.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var length) ? length : null;

    /// <summary>Gives a buffer from <see cref="ReadAsync"/> back to the pool.</summary>
    /// <param name="buffer">The buffer.</param>
    public static void Return(byte[] buffer) => ArrayPool<byte>.Shared.Return(buffer);
}
