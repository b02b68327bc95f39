using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using AiGateway.Client.Diagnostics;
using AiGateway.Client.Errors;
using AiGateway.Client.Routing;

namespace AiGateway.Client.Dialects.Sse;

/// <summary>
/// Reads a <c>text/event-stream</c> body with <see cref="SseParser"/> (zero-copy: each event's data is handed to the
/// dialect's parser as a span, parsed with <see cref="Utf8JsonReader"/>-based code, never a per-event JsonDocument).
/// Turns invalid JSON into <see cref="MalformedResponseException"/> and a connection dropped mid-stream into
/// <see cref="ProviderUnavailableException"/>, both saying how far the stream got.
/// </summary>
internal static class ServerSentEventReader
{
    /// <summary>Parses one event: the event type (<c>message</c> when absent) and its UTF-8 data.</summary>
    public delegate T EventParser<out T>(string eventType, ReadOnlySpan<byte> data);

    public static async IAsyncEnumerable<T> ReadAsync<T>(
        Stream stream,
        EventParser<T> parser,
        Route route,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var count = 0;
        var sseParser = SseParser.Create(stream, (type, data) => Parse(parser, type, data, route, count));
        var enumerator = sseParser.EnumerateAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);
        try
        {
            while (true)
            {
                T item;
                try
                {
                    if (!await enumerator.MoveNextAsync().ConfigureAwait(false))
                    {
                        yield break;
                    }

                    item = enumerator.Current.Data;
                }
                catch (Exception ex) when (ex is IOException or HttpRequestException && !cancellationToken.IsCancellationRequested)
                {
                    throw Broken(route, count, ex);
                }

                count++;
                yield return item;
            }
        }
        finally
        {
            await enumerator.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Reads a stream whose parser produces the final items itself: <see langword="null"/> items (events that add
    /// nothing) are skipped, <paramref name="stopMarker"/> ends the stream (even if the server keeps the connection
    /// open), and <paramref name="complete"/> (told whether the marker came) checks the ending and may add a last item.
    /// One async iterator (over <see cref="ServerSentEventBuffer"/>) instead of three stacked ones (SseParser's, the
    /// generic overload's and the dialect's): this runs once per chunk of every stream.
    /// </summary>
    public static async IAsyncEnumerable<T> ReadAsync<T>(
        Stream stream,
        EventParser<T?> parser,
        Route route,
        T stopMarker,
        Func<bool, T?> complete,
        [EnumeratorCancellation] CancellationToken cancellationToken)
        where T : class
    {
        var count = 0;
        var stopped = false;
        EventParser<T?> parse = (type, data) => Parse(parser, type, data, route, count);
        using (var events = new ServerSentEventBuffer(stream))
        {
            while (true)
            {
                T? item;
                try
                {
                    var ended = false;
                    while (!events.TryReadEvent(parse, out item))
                    {
                        if (!await events.ReadMoreAsync(cancellationToken).ConfigureAwait(false))
                        {
                            ended = true;
                            break;
                        }
                    }

                    if (ended)
                    {
                        break;
                    }
                }
                catch (Exception ex) when (ex is IOException or HttpRequestException && !cancellationToken.IsCancellationRequested)
                {
                    throw Broken(route, count, ex);
                }

                count++;
                if (ReferenceEquals(item, stopMarker))
                {
                    stopped = true;
                    break;
                }

                if (item is not null)
                {
                    yield return item;
                }
            }
        }

        if (complete(stopped) is { } last)
        {
            yield return last;
        }
    }

    private static ProviderUnavailableException Broken(Route route, int count, Exception ex) =>
        (ProviderUnavailableException)(ex is IOException
            ? new ProviderUnavailableException(
                $"The connection to {route.Gateway.Name} closed in the middle of the {route.Dialect} stream for model '{route.WireModelId}' after {count} events. The answer is incomplete; retry the call.",
                ex)
            : new ProviderUnavailableException(
                $"Reading the {route.Dialect} stream from {route.Gateway.Name} failed after {count} events: {ExceptionDetail.Describe(ex)}",
                ex)).SetDetails(route.Gateway.Kind, route.Dialect, null, null, null, null, null, route.Model.Id, isTransient: true);

    private static T Parse<T>(EventParser<T> parser, string type, ReadOnlySpan<byte> data, Route route, int index)
    {
        try
        {
            return parser(type, data);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            throw MalformedResponse.Create(route, $"event {index + 1} ('{type}') is not valid: {ex.Message} Data: {Preview(data)}", ex);
        }
    }

    private static string Preview(ReadOnlySpan<byte> data)
    {
        const int Max = 200;
        var text = Encoding.UTF8.GetString(data.Length > Max ? data[..Max] : data);
        return data.Length > Max ? text + "…" : text;
    }
}
