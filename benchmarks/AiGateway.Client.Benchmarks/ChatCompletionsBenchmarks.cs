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
/// served by an in-memory handler: one non-streaming request, and one 200-chunk streamed response. The SDK is called
/// through its own <see cref="ChatClient"/> (no Microsoft.Extensions.AI adapter on top), its cheapest path.
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

    private AiGatewayChatClient _ours = null!;
    private AiGatewayChatClient _oursStreaming = null!;
    private ChatClient _sdk = null!;
    private ChatClient _sdkStreaming = null!;

    [GlobalSetup]
    public async Task Setup()
    {
        var stream = StreamComparisonConfig.PayloadFor(typeof(ChatCompletionsBenchmarks));
        _ours = CreateOurs(new InMemoryHandler(Payloads.ChatCompletion(), "application/json"));
        _oursStreaming = CreateOurs(new InMemoryHandler(stream.Bytes, "text/event-stream"));
        _sdk = CreateSdk(new InMemoryHandler(Payloads.ChatCompletion(), "application/json"));
        _sdkStreaming = CreateSdk(new InMemoryHandler(stream.Bytes, "text/event-stream"));

        // Each benchmark returns what it read; check it once against the payload, read independently.
        var expected = Payloads.ChatCompletionText();
        SetupCheck.Equal(expected, await OpenAISdkRequest(), "the OpenAI SDK's answer text");
        SetupCheck.Equal(expected, await AiGatewayRequest(), "AiGateway's answer text");
        SetupCheck.Equal(stream.ExpectedText.Length, await OpenAISdkStream(), "the OpenAI SDK's streamed text length");
        SetupCheck.Equal(stream.ExpectedText.Length, await AiGatewayStream(), "AiGateway's streamed text length");
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
}
