using System.Net;
using System.Text;
using AiGateway.Client.Tests.TestSupport;
using Microsoft.Extensions.AI;

namespace AiGateway.Client.Tests.Reliability;

/// <summary>
/// A whole (non-streamed) answer whose body breaks after the headers arrived (connection reset or closed, chunked
/// body cut short) is a transient <see cref="ProviderUnavailableException"/> that keeps the status, like a stream
/// that breaks. Before, the <see cref="HttpRequestException"/> or <see cref="IOException"/> leaked to the caller.
/// The same break on a real socket is covered by <c>SocketFaultTests</c>.
/// </summary>
public sealed class BrokenWholeBodyTests
{
    public static TheoryData<string> Failures => new() { "io", "http" };

    private static Exception Failure(string kind) => kind == "io"
        ? new IOException("Unable to read data from the transport connection: Connection reset by peer.")
        : new HttpRequestException(HttpRequestError.ResponseEnded, "The response ended prematurely.");

    private static HttpResponseMessage Breaking(HttpStatusCode status, string firstBytes, Exception failure) =>
        new(status) { Content = new StreamContent(new BreakingStream(Encoding.UTF8.GetBytes(firstBytes), failure)) };

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task A_success_body_that_breaks_is_a_transient_provider_failure(string kind)
    {
        var body = WireBodies.WholeWithFinishReason(ChatDialect.ChatCompletions, "stop");
        using var client = new TestGateway().CreateClient(new ReplayHandler([() => Breaking(HttpStatusCode.OK, body[..20], Failure(kind))]));

        var ex = await Assert.ThrowsAsync<ProviderUnavailableException>(() => client.GetResponseAsync("Hi"));

        Assert.True(ex.IsTransient);
        Assert.Contains("closed while", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task An_error_body_that_breaks_keeps_the_status_it_came_with(string kind)
    {
        using var client = new TestGateway().CreateClient(new ReplayHandler([() => Breaking(HttpStatusCode.ServiceUnavailable, "{\"error\":{\"mess", Failure(kind))]));

        var ex = await Assert.ThrowsAsync<ProviderUnavailableException>(() => client.GetResponseAsync("Hi"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ex.StatusCode);
        Assert.True(ex.IsTransient);
    }

    [Fact]
    public async Task A_400_whose_body_breaks_is_still_an_invalid_request()
    {
        using var client = new TestGateway().CreateClient(new ReplayHandler([() => Breaking(HttpStatusCode.BadRequest, "{\"error\"", Failure("http"))]));

        var ex = await Assert.ThrowsAsync<InvalidRequestException>(() => client.GetResponseAsync("Hi"));

        Assert.Equal(HttpStatusCode.BadRequest, ex.StatusCode);
    }

    [Fact]
    public async Task The_callers_cancellation_while_reading_the_body_stays_a_cancellation()
    {
        using var cts = new CancellationTokenSource();
        var stream = new BreakingStream("{\"id\""u8.ToArray(), new IOException("never reached"), onExhausted: cts.Cancel);
        using var client = new TestGateway().CreateClient(new ReplayHandler([() => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(stream) }]));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetResponseAsync("Hi", cancellationToken: cts.Token));
    }

    /// <summary>Yields its first bytes, then fails every read (or, with <c>onExhausted</c>, runs it and waits for cancellation).</summary>
    private sealed class BreakingStream(byte[] first, Exception failure, Action? onExhausted = null) : AsyncReadOnlyStream
    {
        private int _position;

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_position < first.Length)
            {
                var n = Math.Min(buffer.Length, first.Length - _position);
                first.AsMemory(_position, n).CopyTo(buffer);
                _position += n;
                return n;
            }

            if (onExhausted is not null)
            {
                onExhausted();
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }

            throw failure;
        }
    }
}
