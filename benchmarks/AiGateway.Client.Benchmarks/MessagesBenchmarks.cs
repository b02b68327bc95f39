using AiGateway.Client.Gateways;
using Anthropic;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Microsoft.Extensions.AI;

namespace AiGateway.Client.Benchmarks;

/// <summary>
/// Our leaf client on Anthropic Messages vs the official Anthropic .NET SDK 13.11.0's <see cref="IChatClient"/>
/// (<c>AnthropicClient.AsIChatClient</c>), both behind the same <see cref="IChatClient"/> interface, on the same
/// recorded payloads served by an in-memory handler: one non-streaming request (thinking + text), and one 200-chunk
/// streamed response. Our client reaches Messages as an app would: <c>ANTHROPIC_API_KEY</c> (and a base URL pointing
/// at the in-memory handler) selects the direct Anthropic route. The stream category also runs the stream's floor
/// (<see cref="StreamFloor"/>: the same bytes with SSE line finding and a <c>Utf8JsonReader</c> over every token, no
/// client, no objects), so "ours ÷ floor" is the ratio of the two Ratio values.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
[Config(typeof(StreamComparisonConfig))]
public class MessagesBenchmarks
{
    private const string Model = "claude-sonnet-4-5";
    private const string BaseUrl = "https://bench.test";
    private readonly List<ChatMessage> _messages = [new(ChatRole.User, "Hello, world!")];

    private IChatClient _ours = null!;
    private IChatClient _oursStreaming = null!;
    private IChatClient _sdk = null!;
    private IChatClient _sdkStreaming = null!;
    private byte[] _streamBytes = null!;

    /// <summary>
    /// Sets up and checks every benchmark. Synchronous on purpose: a failed setup check of a Task-returning
    /// [GlobalSetup] never surfaced under BenchmarkDotNet's in-process toolchain (the benchmarks ran and reported
    /// numbers), so checks and warm-up run to completion here and a failure fails the benchmark.
    /// </summary>
    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    private async Task SetupAsync()
    {
        var stream = StreamComparisonConfig.PayloadFor(typeof(MessagesBenchmarks));
        _streamBytes = stream.Bytes;
        var ours = CreateOurs(new InMemoryHandler(Payloads.Message(), "application/json"));
        SetupCheck.Equal(ChatDialect.Messages, ours.Route(null).Dialect, "the dialect our client routes Claude to");
        _ours = ours;
        _oursStreaming = CreateOurs(new InMemoryHandler(stream.Bytes, "text/event-stream"));
        _sdk = CreateSdk(new InMemoryHandler(Payloads.Message(), "application/json"));
        _sdkStreaming = CreateSdk(new InMemoryHandler(stream.Bytes, "text/event-stream"));

        // Each benchmark returns what it read; check it once against the payload, read independently.
        var expected = Payloads.MessageText();
        SetupCheck.Equal(expected, await AnthropicSdkRequest(), "the Anthropic SDK's answer text");
        SetupCheck.Equal(expected, await AiGatewayRequest(), "AiGateway's answer text");
        SetupCheck.Equal(stream.ExpectedText.Length, await AnthropicSdkStream(), "the Anthropic SDK's streamed text length");
        SetupCheck.Equal(stream.ExpectedText.Length, await AiGatewayStream(), "AiGateway's streamed text length");
        SetupCheck.Equal(stream.FloorTokenCount, await StreamFloor200(), "the floor's count of JSON tokens");
        await WarmUp.OnceAsync(GetType(), AnthropicSdkRequest, AiGatewayRequest, AnthropicSdkStream, AiGatewayStream, StreamFloor200);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _ours.Dispose();
        _oursStreaming.Dispose();
        _sdk.Dispose();
        _sdkStreaming.Dispose();
    }

    private static AiGatewayChatClient CreateOurs(HttpMessageHandler handler) => new(
        new AiGatewayOptions
        {
            DefaultModel = Model,
            Environment = EnvironmentSource.FromDictionary(
            [
                new("ANTHROPIC_API_KEY", "bench-key"),
                new("ANTHROPIC_BASE_URL", BaseUrl),
            ]),
        },
        new HttpClient(handler));

    private static IChatClient CreateSdk(HttpMessageHandler handler) =>
        new AnthropicClient { ApiKey = "bench-key", BaseUrl = BaseUrl, HttpClient = new HttpClient(handler), MaxRetries = 0 }.AsIChatClient(Model);

    [Benchmark(Baseline = true, Description = "Anthropic SDK: GetResponse")]
    [BenchmarkCategory("request")]
    public async Task<string> AnthropicSdkRequest()
    {
        var response = await _sdk.GetResponseAsync(_messages);
        return response.Text;
    }

    [Benchmark(Description = "AiGateway: GetResponse")]
    [BenchmarkCategory("request")]
    public async Task<string> AiGatewayRequest()
    {
        var response = await _ours.GetResponseAsync(_messages);
        return response.Text;
    }

    [Benchmark(Baseline = true, Description = "Anthropic SDK: stream 200 chunks")]
    [BenchmarkCategory("stream")]
    public async Task<int> AnthropicSdkStream()
    {
        var length = 0;
        await foreach (var update in _sdkStreaming.GetStreamingResponseAsync(_messages))
        {
            length += update.Text.Length;
        }

        return length;
    }

    [Benchmark(Description = "AiGateway: stream 200 chunks")]
    [BenchmarkCategory("stream")]
    public async Task<int> AiGatewayStream()
    {
        var length = 0;
        await foreach (var update in _oursStreaming.GetStreamingResponseAsync(_messages))
        {
            length += update.Text.Length;
        }

        return length;
    }

    [Benchmark(Description = "Floor: SSE lines + Utf8JsonReader, 200 chunks")]
    [BenchmarkCategory("stream")]
    public Task<int> StreamFloor200() => StreamFloor.ReadAsync(new MemoryStream(_streamBytes, writable: false));
}
