using System.Text;
using AiGateway.Client.Dialects.Sse;
using AiGateway.Client.Tests.TestSupport;

namespace AiGateway.Client.Tests.Dialects;

/// <summary>The hand-written SSE enumerator keeps the iterator's contract: items, terminal events, the ending, failures.</summary>
public sealed class ServerSentEventStreamTests
{
    private static readonly AiGateway.Client.Routing.Route Route = new TestGateway().RouteFor(ChatDialect.ChatCompletions);

    [Fact]
    public async Task Items_come_in_order_and_the_ending_may_add_a_last_one()
    {
        var endings = new List<bool>();
        var items = await ReadAllAsync(Stream("data: a\n\ndata: skip\n\ndata: b\n\n"), complete: stopped =>
        {
            endings.Add(stopped);
            return "end";
        });

        Assert.Equal(new[] { "a", "b", "end" }, items);
        Assert.Equal(new[] { false }, endings);
    }

    [Fact]
    public async Task A_terminal_event_ends_the_stream_without_reading_further()
    {
        var endings = new List<bool>();
        var items = await ReadAllAsync(Stream("data: a\n\ndata: stop-with-item\n\ndata: never\n\n"), complete: stopped =>
        {
            endings.Add(stopped);
            return null;
        });

        Assert.Equal(new[] { "a", "stop-with-item" }, items);
        Assert.Equal(new[] { true }, endings);
    }

    [Fact]
    public async Task A_connection_dropped_mid_stream_is_a_transient_error_saying_how_far_it_got()
    {
        var body = new FailingStream(Encoding.UTF8.GetBytes("data: a\n\ndata: b\n\n"));

        var error = await Assert.ThrowsAsync<ProviderUnavailableException>(() => ReadAllAsync(body, complete: _ => null));

        Assert.Contains("after 2 events", error.Message, StringComparison.Ordinal);
        Assert.IsType<IOException>(error.InnerException);
    }

    [Fact]
    public async Task An_event_that_does_not_parse_is_a_malformed_response_naming_it()
    {
        var error = await Assert.ThrowsAsync<MalformedResponseException>(() => ReadAllAsync(Stream("data: a\n\ndata: bad\n\n"), complete: _ => null));

        Assert.Contains("event 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_enumerator_token_cancels_a_read_that_waits()
    {
        using var cancel = new CancellationTokenSource();
        var stream = Read(new BlockingStream(), complete: _ => null);
        await using var items = stream.GetAsyncEnumerator(cancel.Token);

        var next = items.MoveNextAsync();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await next);
        Assert.False(await items.MoveNextAsync());
    }

    private static MemoryStream Stream(string body) => new(Encoding.UTF8.GetBytes(body));

    private static IAsyncEnumerable<string> Read(Stream body, Func<bool, string?> complete) =>
        ServerSentEventReader.ReadAsync<string, string>(
            body,
            (_, data) => Encoding.UTF8.GetString(data) is "bad" ? throw new FormatException("not an item") : Encoding.UTF8.GetString(data),
            (string text, out bool stop) =>
            {
                stop = text.StartsWith("stop", StringComparison.Ordinal);
                return text == "skip" ? null : text;
            },
            Route,
            complete,
            CancellationToken.None);

    private static async Task<List<string>> ReadAllAsync(Stream body, Func<bool, string?> complete)
    {
        var items = new List<string>();
        await foreach (var item in Read(body, complete))
        {
            items.Add(item);
        }

        return items;
    }

    /// <summary>Gives its bytes, then fails as a reset connection does.</summary>
    private sealed class FailingStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Position < Length ? base.ReadAsync(buffer, cancellationToken) : ValueTask.FromException<int>(new IOException("connection reset"));
    }

    /// <summary>Never gives a byte until cancelled.</summary>
    private sealed class BlockingStream : MemoryStream
    {
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return 0;
        }
    }
}
