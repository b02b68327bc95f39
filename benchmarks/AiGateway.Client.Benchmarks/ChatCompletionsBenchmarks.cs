using System.ClientModel;
using System.ClientModel.Primitives;
using AiGateway.Client.Gateways;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Microsoft.Extensions.AI;
using OpenAI;
using OpenAI.Chat;

namespace AiGateway.Client.Benchmarks;

/// <summary>
/// Our leaf client on OpenAI Chat Completions vs the official OpenAI .NET SDK 2.15.0, on the same recorded payloads
/// served by an in-memory handler: one non-streaming request, one request with 1,000 prior messages (what writing a
/// long history costs), and one 200-chunk streamed response. The SDK is called through its own
/// <see cref="ChatClient"/> (its cheapest path, the baseline) and through Microsoft.Extensions.AI.OpenAI's
/// <c>AsIChatClient()</c> (the same types we return). The stream category also has the floor: the same bytes read with
/// SSE line finding and a <see cref="System.Text.Json.Utf8JsonReader"/> over every token, building no objects.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
[Config(typeof(StreamComparisonConfig))]
public class ChatCompletionsBenchmarks
{
    private static readonly Uri BaseUri = new("https://bench.test/v1/");
    private readonly List<Microsoft.Extensions.AI.ChatMessage> _ourMessages = [new(ChatRole.User, "Hello, world!")];
    private readonly List<OpenAI.Chat.ChatMessage> _sdkMessages = [new UserChatMessage("Hello, world!")];

    private readonly List<Microsoft.Extensions.AI.ChatMessage> _ourHistory = [.. History.Ours(HistoryMessages)];
    private readonly List<OpenAI.Chat.ChatMessage> _sdkHistory = [.. History.Sdk(HistoryMessages)];

    private AiGatewayChatClient _ours = null!;
    private AiGatewayChatClient _oursStreaming = null!;
    private ChatClient _sdk = null!;
    private ChatClient _sdkStreaming = null!;
    private IChatClient _meai = null!;
    private IChatClient _meaiStreaming = null!;
    private byte[] _streamBytes = null!;

    /// <summary>Prior messages in the long-history request.</summary>
    public const int HistoryMessages = 1000;

    /// <summary>
    /// Sets up and checks every benchmark. Synchronous on purpose: a failed setup check of a Task-returning
    /// [GlobalSetup] never surfaced under BenchmarkDotNet's in-process toolchain (the benchmarks ran and reported
    /// numbers), so checks and warm-up run to completion here and a failure fails the benchmark.
    /// </summary>
    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    private async Task SetupAsync()
    {
        var stream = StreamComparisonConfig.PayloadFor(typeof(ChatCompletionsBenchmarks));
        _ours = CreateOurs(new InMemoryHandler(Payloads.ChatCompletion(), "application/json"));
        _oursStreaming = CreateOurs(new InMemoryHandler(stream.Bytes, "text/event-stream"));
        _sdk = CreateSdk(new InMemoryHandler(Payloads.ChatCompletion(), "application/json"));
        _sdkStreaming = CreateSdk(new InMemoryHandler(stream.Bytes, "text/event-stream"));
        _meai = CreateSdk(new InMemoryHandler(Payloads.ChatCompletion(), "application/json")).AsIChatClient();
        _meaiStreaming = CreateSdk(new InMemoryHandler(stream.Bytes, "text/event-stream")).AsIChatClient();
        _streamBytes = stream.Bytes;

        // Each benchmark returns what it read; check it once against the payload, read independently.
        var expected = Payloads.ChatCompletionText();
        SetupCheck.Equal(expected, await OpenAISdkRequest(), "the OpenAI SDK's answer text");
        SetupCheck.Equal(expected, await AiGatewayRequest(), "AiGateway's answer text");
        SetupCheck.Equal(stream.ExpectedText.Length, await OpenAISdkStream(), "the OpenAI SDK's streamed text length");
        SetupCheck.Equal(expected, await MeaiRequest(), "the MEAI adapter's answer text");
        SetupCheck.Equal(expected, await OpenAISdkHistoryRequest(), "the OpenAI SDK's answer text after 1,000 messages");
        SetupCheck.Equal(expected, await AiGatewayHistoryRequest(), "AiGateway's answer text after 1,000 messages");
        SetupCheck.Equal(stream.ExpectedText.Length, await OpenAISdkStream(), "the OpenAI SDK's streamed text length");
        SetupCheck.Equal(stream.ExpectedText.Length, await AiGatewayStream(), "AiGateway's streamed text length");
        SetupCheck.Equal(stream.ExpectedText.Length, await MeaiStream(), "the MEAI adapter's streamed text length");
        SetupCheck.Equal(stream.FloorTokenCount, await Floor(), "the floor's count of JSON tokens");
        await History.CheckSameBodyAsync(CreateOurs, CreateSdk, _ourHistory, _sdkHistory);
        await WarmUp.OnceAsync(GetType(), OpenAISdkRequest, AiGatewayRequest, MeaiRequest, OpenAISdkHistoryRequest, AiGatewayHistoryRequest, OpenAISdkStream, AiGatewayStream, MeaiStream, Floor);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _ours.Dispose();
        _oursStreaming.Dispose();
    }

    private static AiGatewayChatClient CreateOurs(HttpMessageHandler handler) => new(
        new AiGatewayOptions { BaseUrl = BaseUri, ApiKey = "bench-key", DefaultModel = "gpt-4o-mini", Environment = EnvironmentSource.FromDictionary([]) },
        new HttpClient(handler));

    private static ChatClient CreateSdk(HttpMessageHandler handler) => new(
        "gpt-4o-mini",
        new ApiKeyCredential("bench-key"),
        new OpenAIClientOptions { Endpoint = BaseUri, Transport = new HttpClientPipelineTransport(new HttpClient(handler)) });

    [Benchmark(Baseline = true, Description = "OpenAI SDK: CompleteChat")]
    [BenchmarkCategory("request")]
    public async Task<string> OpenAISdkRequest()
    {
        ChatCompletion completion = await _sdk.CompleteChatAsync(_sdkMessages);
        return completion.Content[0].Text;
    }

    [Benchmark(Description = "AiGateway: GetResponse")]
    [BenchmarkCategory("request")]
    public async Task<string> AiGatewayRequest()
    {
        var response = await _ours.GetResponseAsync(_ourMessages);
        return response.Text;
    }

    [Benchmark(Description = "MEAI.OpenAI AsIChatClient: GetResponse")]
    [BenchmarkCategory("request")]
    public async Task<string> MeaiRequest()
    {
        var response = await _meai.GetResponseAsync(_ourMessages);
        return response.Text;
    }

    [Benchmark(Baseline = true, Description = "OpenAI SDK: CompleteChat, 1,000 prior messages")]
    [BenchmarkCategory("request, 1,000 messages")]
    public async Task<string> OpenAISdkHistoryRequest()
    {
        ChatCompletion completion = await _sdk.CompleteChatAsync(_sdkHistory);
        return completion.Content[0].Text;
    }

    [Benchmark(Description = "AiGateway: GetResponse, 1,000 prior messages")]
    [BenchmarkCategory("request, 1,000 messages")]
    public async Task<string> AiGatewayHistoryRequest()
    {
        var response = await _ours.GetResponseAsync(_ourHistory);
        return response.Text;
    }

    [Benchmark(Baseline = true, Description = "OpenAI SDK: stream 200 chunks")]
    [BenchmarkCategory("stream")]
    public async Task<int> OpenAISdkStream()
    {
        var length = 0;
        await foreach (var update in _sdkStreaming.CompleteChatStreamingAsync(_sdkMessages))
        {
            foreach (var part in update.ContentUpdate)
            {
                length += part.Text.Length;
            }
        }

        return length;
    }

    [Benchmark(Description = "AiGateway: stream 200 chunks")]
    [BenchmarkCategory("stream")]
    public async Task<int> AiGatewayStream()
    {
        var length = 0;
        await foreach (var update in _oursStreaming.GetStreamingResponseAsync(_ourMessages))
        {
            length += update.Text.Length;
        }

        return length;
    }

    [Benchmark(Description = "MEAI.OpenAI AsIChatClient: stream 200 chunks")]
    [BenchmarkCategory("stream")]
    public async Task<int> MeaiStream()
    {
        var length = 0;
        await foreach (var update in _meaiStreaming.GetStreamingResponseAsync(_ourMessages))
        {
            length += update.Text.Length;
        }

        return length;
    }

    [Benchmark(Description = "floor: SSE lines + Utf8JsonReader")]
    [BenchmarkCategory("stream")]
    public Task<int> Floor() => StreamFloor.ReadAsync(new MemoryStream(_streamBytes, writable: false));
}
