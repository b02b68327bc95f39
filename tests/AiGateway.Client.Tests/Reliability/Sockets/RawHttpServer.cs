using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace AiGateway.Client.Tests.Reliability.Sockets;

/// <summary>
/// A deliberately misbehaving HTTP/1.1 server on 127.0.0.1 (an ephemeral port), built on a raw
/// <see cref="TcpListener"/> so a test controls every byte and the moment the connection dies. Each request is read
/// whole, then answered by the next scripted <see cref="Behavior"/> in order; every connection is closed after one
/// exchange, so a retry always opens a new one.
/// </summary>
internal sealed class RawHttpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly ConcurrentQueue<Behavior> _script = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentBag<Task> _connections = [];
    private readonly Task _acceptLoop;
    private int _requests;

    public RawHttpServer(params Behavior[] script)
    {
        foreach (var behavior in script)
        {
            _script.Enqueue(behavior);
        }

        _listener.Start();
        BaseUri = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _acceptLoop = AcceptAsync();
    }

    /// <summary>What the server does once it has read a request.</summary>
    public delegate Task Behavior(Socket socket, NetworkStream stream, CancellationToken stopping);

    public Uri BaseUri { get; }

    /// <summary>Gets how many requests arrived (read whole) so far.</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Answers with a complete response.</summary>
    public static Behavior Respond(int status, string body, string contentType = "application/json", params (string Name, string Value)[] headers) =>
        Respond(status, Encoding.UTF8.GetBytes(body), contentType, headers);

    /// <summary>Answers with a complete response whose body is exactly <paramref name="bytes"/>.</summary>
    public static Behavior Respond(int status, byte[] bytes, string contentType = "application/json", params (string Name, string Value)[] headers) =>
        async (socket, stream, stopping) =>
        {
            await WriteAsync(stream, Head(status, contentType, headers) + $"Content-Length: {bytes.Length}\r\n\r\n", stopping);
            await stream.WriteAsync(bytes, stopping);
            socket.Shutdown(SocketShutdown.Send);
        };

    /// <summary>Resets the connection (RST) before sending anything.</summary>
    public static Behavior ResetBeforeHeaders() => (socket, _, _) =>
    {
        Reset(socket);
        return Task.CompletedTask;
    };

    /// <summary>Sends headers that promise a body, then resets.</summary>
    public static Behavior ResetAfterHeaders(string contentType = "application/json") => async (socket, stream, stopping) =>
    {
        await WriteAsync(stream, Head(200, contentType) + "Content-Length: 4096\r\n\r\n", stopping);
        await stream.FlushAsync(stopping);
        await Task.Delay(50, stopping);
        Reset(socket);
    };

    /// <summary>Sends headers and the first <paramref name="sent"/> characters of <paramref name="body"/>, then resets.</summary>
    public static Behavior ResetMidBody(string body, int sent, string contentType = "application/json") => async (socket, stream, stopping) =>
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        await WriteAsync(stream, Head(200, contentType) + $"Content-Length: {bytes.Length}\r\n\r\n", stopping);
        await stream.WriteAsync(bytes.AsMemory(0, sent), stopping);
        await stream.FlushAsync(stopping);
        await Task.Delay(50, stopping);
        Reset(socket);
    };

    /// <summary>Accepts the request and never answers (until the test ends).</summary>
    public static Behavior StallBeforeHeaders() => (_, _, stopping) => WaitForStop(stopping);

    /// <summary>Sends headers and the first <paramref name="sent"/> characters of <paramref name="body"/>, then goes quiet with the connection open.</summary>
    public static Behavior StallMidBody(string body, int sent, string contentType) => async (_, stream, stopping) =>
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        await WriteAsync(stream, Head(200, contentType) + $"Content-Length: {bytes.Length}\r\n\r\n", stopping);
        await stream.WriteAsync(bytes.AsMemory(0, sent), stopping);
        await stream.FlushAsync(stopping);
        await WaitForStop(stopping);
    };

    /// <summary>Sends a chunked body's first <paramref name="sent"/> characters as one chunk, then closes without the final zero-length chunk.</summary>
    public static Behavior UnterminatedChunked(string body, int sent, string contentType) => async (socket, stream, stopping) =>
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        await WriteAsync(stream, Head(200, contentType) + "Transfer-Encoding: chunked\r\n\r\n", stopping);
        await WriteAsync(stream, $"{sent:X}\r\n", stopping);
        await stream.WriteAsync(bytes.AsMemory(0, sent), stopping);
        await WriteAsync(stream, "\r\n", stopping);
        await stream.FlushAsync(stopping);
        socket.Shutdown(SocketShutdown.Send);
    };

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await Task.WhenAll([_acceptLoop, .. _connections]).WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or IOException or ObjectDisposedException)
        {
            // The server is going away; whatever a connection was doing no longer matters.
        }

        _stop.Dispose();
    }

    private static string Head(int status, string contentType, params (string Name, string Value)[] headers)
    {
        var head = new StringBuilder($"HTTP/1.1 {status} {(status == 200 ? "OK" : "Status")}\r\nContent-Type: {contentType}\r\nConnection: close\r\n");
        foreach (var (name, value) in headers)
        {
            head.Append(name).Append(": ").Append(value).Append("\r\n");
        }

        return head.ToString();
    }

    private static ValueTask WriteAsync(NetworkStream stream, string text, CancellationToken stopping) =>
        stream.WriteAsync(Encoding.ASCII.GetBytes(text), stopping);

    private static void Reset(Socket socket)
    {
        // Linger on with a zero timeout makes Close send RST instead of FIN.
        socket.LingerState = new LingerOption(true, 0);
        socket.Close();
    }

    private static async Task WaitForStop(CancellationToken stopping)
    {
        try
        {
            await Task.Delay(Timeout.Infinite, stopping);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _connections.Add(ServeAsync(socket));
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        try
        {
            using (socket)
            await using (var stream = new NetworkStream(socket, ownsSocket: false))
            {
                await ReadRequestAsync(stream, _stop.Token);
                Interlocked.Increment(ref _requests);
                var behavior = _script.TryDequeue(out var next) ? next : Respond(500, """{"error":{"message":"the test script has no more answers"}}""");
                await behavior(socket, stream, _stop.Token);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or IOException or ObjectDisposedException)
        {
            // The client went away first, or the test is over.
        }
    }

    /// <summary>Reads the request line, headers and a Content-Length body.</summary>
    private static async Task ReadRequestAsync(NetworkStream stream, CancellationToken stopping)
    {
        var buffer = new byte[64 * 1024];
        var filled = 0;
        int headerEnd;
        while ((headerEnd = buffer.AsSpan(0, filled).IndexOf("\r\n\r\n"u8)) < 0)
        {
            var n = await stream.ReadAsync(buffer.AsMemory(filled), stopping);
            if (n == 0)
            {
                throw new IOException("The client closed before sending a whole request.");
            }

            filled += n;
        }

        var head = Encoding.ASCII.GetString(buffer, 0, headerEnd);
        var length = 0;
        foreach (var line in head.Split("\r\n"))
        {
            if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
            {
                length = int.Parse(line["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        var remaining = length - (filled - headerEnd - 4);
        while (remaining > 0)
        {
            var n = await stream.ReadAsync(buffer.AsMemory(0, Math.Min(buffer.Length, remaining)), stopping);
            if (n == 0)
            {
                throw new IOException("The client closed in the middle of the request body.");
            }

            remaining -= n;
        }
    }
}
