using System.Text;
using System.Text.Json;
using AiGateway.Client.Http;

namespace AiGateway.Client.Tests.Http;

/// <summary>
/// Request bodies live in a pooled buffer until their request is disposed: sendable again and again meanwhile (an
/// HTTP-level retry resends the same request), never after, and never handed back to the pool while a send still
/// reads it.
/// </summary>
public sealed class PooledBufferContentTests
{
    private static PooledBufferContent Json(string text) =>
        PooledBufferContent.WriteJson(text, static (writer, t) =>
        {
            writer.WriteStartObject();
            writer.WriteString("text", t);
            writer.WriteEndObject();
        });

    private static async Task<string> SendAsync(HttpContent content)
    {
        using var sent = new MemoryStream();
        await content.CopyToAsync(sent);
        return Encoding.UTF8.GetString(sent.ToArray());
    }

    [Fact]
    public async Task The_body_can_be_sent_twice_as_a_retry_resends_it()
    {
        using var content = Json("hello");

        var first = await SendAsync(content);
        var second = await SendAsync(content);

        Assert.Equal("""{"text":"hello"}""", first);
        Assert.Equal(first, second);
    }

    [Fact]
    public void The_content_length_is_the_length_of_the_body()
    {
        using var content = Json("hello");

        Assert.Equal(Encoding.UTF8.GetByteCount("""{"text":"hello"}"""), content.Headers.ContentLength);
    }

    [Fact]
    public async Task A_body_larger_than_the_first_buffer_is_sent_whole()
    {
        var text = new string('x', 100_000);
        using var content = Json(text);

        using var sent = JsonDocument.Parse(await SendAsync(content));

        Assert.Equal(text, sent.RootElement.GetProperty("text").GetString());
    }

    [Fact]
    public async Task Sending_after_the_request_was_disposed_throws_ObjectDisposedException()
    {
        var content = Json("hello");
        content.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => SendAsync(content));
        Assert.True(content.IsReturned);
    }

    [Fact]
    public async Task Disposing_during_a_send_returns_the_buffer_only_when_the_send_ends()
    {
        var content = Json("hello");
        var target = new GatedStream();
        var sending = content.CopyToAsync(target);
        await target.WriteStarted.Task;

        content.Dispose();
        Assert.False(content.IsReturned);

        target.Release.SetResult();
        await sending;
        Assert.True(content.IsReturned);
        Assert.Equal("""{"text":"hello"}""", Encoding.UTF8.GetString(target.Written.ToArray()));
    }

    [Fact]
    public void A_writer_that_fails_returns_its_buffer_and_lets_the_exception_through()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => PooledBufferContent.WriteJson(0, static (_, _) => throw new InvalidOperationException("boom")));

        Assert.Equal("boom", ex.Message);
    }

    /// <summary>A stream whose first write waits until the test lets it finish.</summary>
    private sealed class GatedStream : Stream
    {
        public TaskCompletionSource WriteStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public MemoryStream Written { get; } = new();

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => Written.Length;

        public override long Position { get => Written.Position; set => throw new NotSupportedException(); }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            WriteStarted.TrySetResult();
            await Release.Task;
            Written.Write(buffer.Span);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
