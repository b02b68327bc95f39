using System.Net.ServerSentEvents;
using System.Text;
using AiGateway.Client.Dialects.Sse;

namespace AiGateway.Client.Tests.Dialects;

/// <summary>
/// Every dialect's stream reader reads its events with <see cref="ServerSentEventBuffer"/> instead of
/// <see cref="SseParser"/>: on every input, whole or arriving a byte at a time, it must produce the events SseParser
/// produces (type and data), including its edge cases.
/// </summary>
public sealed class ServerSentEventBufferTests
{
    public static TheoryData<string> Bodies() =>
    [
        "data: a\n\ndata: b",
        "data: a\n\ndata: b\n",
        "\uFEFFdata: x\r\n\r\n",
        "data\n\n",
        "data:\n\n",
        "event: e\n\n",
        "data: 1\ndata: 2\n\n",
        "event:\ndata: z\n\n",
        "data:  two\r\rdata:c\r\n\r\n",
        ": c\nid: 5\nretry: 10\nfoo: bar\ndata: q\n\n",
        "data: a\nevent: x\n\ndata: b\n\n",
        "event: ping\ndata: {}\n\nevent: ping\ndata: {\"n\":2}\n\n",
        "data: é€😀\r\n\r\ndata: [DONE]\r\r",
        "",
        "\n\n\n",
    ];

    [Theory]
    [MemberData(nameof(Bodies))]
    public async Task A_whole_body_gives_the_events_SseParser_gives(string body)
    {
        Assert.Equal(Expected(body), await ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(body))));
    }

    [Theory]
    [MemberData(nameof(Bodies))]
    public async Task A_body_arriving_a_byte_at_a_time_gives_the_same_events(string body)
    {
        Assert.Equal(Expected(body), await ReadAsync(new TrickleStream(Encoding.UTF8.GetBytes(body))));
    }

    [Fact]
    public async Task An_event_larger_than_the_buffer_is_read_whole()
    {
        var data = new string('x', 50_000);

        var events = await ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes($"data: {data}\ndata: {data}\n\n")));

        Assert.Equal([$"message|{data}\n{data}"], events);
    }

    private static List<string> Expected(string body) =>
        [.. SseParser.Create(new MemoryStream(Encoding.UTF8.GetBytes(body)), (t, d) => $"{t}|{Encoding.UTF8.GetString(d)}").Enumerate().Select(e => e.Data)];

    private static async Task<List<string>> ReadAsync(Stream stream)
    {
        var events = new List<string>();
        using var buffer = new ServerSentEventBuffer(stream);
        while (true)
        {
            while (buffer.TryReadEvent((t, d) => $"{t}|{Encoding.UTF8.GetString(d)}", out var item))
            {
                events.Add(item);
            }

            if (!await buffer.ReadMoreAsync(CancellationToken.None))
            {
                return events;
            }
        }
    }

    /// <summary>Returns one byte per read.</summary>
    private sealed class TrickleStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(1, buffer.Length)], cancellationToken);
    }
}
