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
                catch (IOException ex) when (!cancellationToken.IsCancellationRequested)
                {
                    throw new ProviderUnavailableException(
                        $"The connection to {route.Gateway.Name} closed in the middle of the {route.Dialect} stream for model '{route.WireModelId}' after {count} events. The answer is incomplete; retry the call.",
                        ex).SetDetails(route.Gateway.Kind, route.Dialect, null, null, null, null, null, route.Model.Id, isTransient: true);
                }
                catch (HttpRequestException ex) when (!cancellationToken.IsCancellationRequested)
                {
                    throw new ProviderUnavailableException(
                        $"Reading the {route.Dialect} stream from {route.Gateway.Name} failed after {count} events: {ExceptionDetail.Describe(ex)}",
                        ex).SetDetails(route.Gateway.Kind, route.Dialect, null, null, null, null, null, route.Model.Id, isTransient: true);
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
