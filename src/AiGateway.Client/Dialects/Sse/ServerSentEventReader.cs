using System.Text;
using System.Text.Json;
using AiGateway.Client.Diagnostics;
using AiGateway.Client.Errors;
using AiGateway.Client.Routing;

namespace AiGateway.Client.Dialects.Sse;

/// <summary>
/// Reads a <c>text/event-stream</c> body with <see cref="ServerSentEventBuffer"/> (zero-copy: each event's data is handed
/// to the dialect's parser as a span, parsed with <see cref="Utf8JsonReader"/>-based code, never a per-event JsonDocument).
/// Turns invalid JSON into <see cref="MalformedResponseException"/> and a connection dropped mid-stream into
/// <see cref="ProviderUnavailableException"/>, both saying how far the stream got.
/// </summary>
internal static class ServerSentEventReader
{
    /// <summary>Parses one event: the event type (<c>message</c> when absent) and its UTF-8 data.</summary>
    public delegate T EventParser<out T>(string eventType, ReadOnlySpan<byte> data);

    /// <summary>
    /// Reads a stream whose parser produces the final items itself: <see langword="null"/> items (events that add
    /// nothing) are skipped, <paramref name="stopMarker"/> ends the stream (even if the server keeps the connection
    /// open), and <paramref name="complete"/> (told whether the marker came) checks the ending and may add a last item.
    /// One enumerator (<see cref="ServerSentEventStream{TEvent, T}"/> over <see cref="ServerSentEventBuffer"/>) instead
    /// of three stacked async iterators (SseParser's, the generic overload's and the dialect's): this runs once per chunk
    /// of every stream.
    /// </summary>
    public static IAsyncEnumerable<T> ReadAsync<T>(
        Stream stream,
        EventParser<T?> parser,
        Route route,
        T stopMarker,
        Func<bool, T?> complete,
        CancellationToken cancellationToken)
        where T : class =>
        new ServerSentEventStream<T?, T>(
            stream,
            parser,
            (T? item, out bool stop) =>
            {
                stop = ReferenceEquals(item, stopMarker);
                return stop ? null : item;
            },
            route,
            complete,
            cancellationToken);

    /// <summary>
    /// Handles one parsed event, outside the parse (so what it throws reaches the caller as it is, not as a malformed
    /// event): the item to yield (<see langword="null"/> for none) and whether the stream ends after it.
    /// </summary>
    public delegate T? EventHandler<TEvent, T>(TEvent parsed, out bool stop);

    /// <summary>
    /// Reads a stream in two steps per event: <paramref name="parser"/> reads the event's data (its JSON errors become
    /// <see cref="MalformedResponseException"/>), <paramref name="handle"/> turns it into an item to yield (or none) and
    /// says whether the stream ends there (a terminal event; the rest of the body is not read), and
    /// <paramref name="complete"/> (told whether a terminal event came) checks the ending and may add a last item.
    /// Like the stop-marker overload, one enumerator over <see cref="ServerSentEventBuffer"/> in place of SseParser's,
    /// this class's and the dialect's async iterators: a dialect reader returns this enumerable as it is.
    /// </summary>
    public static IAsyncEnumerable<T> ReadAsync<TEvent, T>(
        Stream stream,
        EventParser<TEvent> parser,
        EventHandler<TEvent, T> handle,
        Route route,
        Func<bool, T?> complete,
        CancellationToken cancellationToken)
        where T : class =>
        new ServerSentEventStream<TEvent, T>(stream, parser, handle, route, complete, cancellationToken);

    internal static ProviderUnavailableException Broken(Route route, int count, Exception ex) =>
        (ProviderUnavailableException)(ex is IOException
            ? new ProviderUnavailableException(
                $"The connection to {route.Gateway.Name} closed in the middle of the {route.Dialect} stream for model '{route.WireModelId}' after {count} events. The answer is incomplete; retry the call.",
                ex)
            : new ProviderUnavailableException(
                $"Reading the {route.Dialect} stream from {route.Gateway.Name} failed after {count} events: {ExceptionDetail.Describe(ex)}",
                ex)).SetDetails(route.Gateway.Kind, route.Dialect, null, null, null, null, null, route.Model.Id, isTransient: true);

    internal static T Parse<T>(EventParser<T> parser, string type, ReadOnlySpan<byte> data, Route route, int index)
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
