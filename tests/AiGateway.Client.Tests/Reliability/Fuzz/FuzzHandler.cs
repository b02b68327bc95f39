using System.Net;

namespace AiGateway.Client.Tests.Reliability.Fuzz;

/// <summary>
/// Answers every request with the case's status, headers and body; a streamed body arrives in random small reads so
/// event and UTF-8 boundaries fall anywhere. One case at a time.
/// </summary>
internal sealed class FuzzHandler : HttpMessageHandler
{
    public byte[] Body { get; set; } = [];

    public HttpStatusCode Status { get; set; } = HttpStatusCode.OK;

    public string ContentType { get; set; } = "application/json";

    public (string Name, string Value)? Header { get; set; }

    public int? ChunkSeed { get; set; }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        HttpContent content = ChunkSeed is { } seed ? new StreamContent(new TrickleStream(Body, new Random(seed))) : new ByteArrayContent(Body);
        content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
        var response = new HttpResponseMessage(Status) { Content = content, RequestMessage = request };
        if (Header is { } header)
        {
            response.Headers.TryAddWithoutValidation(header.Name, header.Value);
        }

        return Task.FromResult(response);
    }

    /// <summary>Hands out its bytes 1 to 64 at a time.</summary>
    private sealed class TrickleStream(byte[] data, Random random) : Stream
    {
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => data.Length;

        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var n = Math.Min(Math.Min(buffer.Length, data.Length - _position), 1 + random.Next(64));
            data.AsSpan(_position, n).CopyTo(buffer);
            _position += n;
            return n;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return new(Read(buffer.Span));
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
