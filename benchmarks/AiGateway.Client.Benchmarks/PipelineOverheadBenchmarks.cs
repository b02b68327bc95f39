using System.Text;
using AiGateway.Client.Benchmarks.Columns;
using AiGateway.Client.Gateways;
using AiGateway.Client.Middleware.Budget;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace AiGateway.Client.Benchmarks;

/// <summary>
/// What the middleware costs when nothing fails: the full pipeline as an app builds it
/// (<c>AddAiGateway().UseBudget(...).UseTags(...).UseFailover(...)</c>: budget → tags → failover → leaf) vs the bare
/// leaf from <c>AddAiGateway()</c> alone. Both come from DI with the same gateway (Vercel, which carries tags and user
/// natively), the same named HTTP client and the in-memory handler as its primary handler, so the difference
/// (Δ columns) is the middleware alone: budget reserve and settle in the in-memory store, tag merging and validation
/// plus the tags written on the wire, and the failover strategy (Polly retry and circuit breaker) around one
/// successful attempt. The streams come in two lengths: what the middleware adds per chunk is the slope between them
/// (the difference of the two Δs over the chunks between), so nothing a stream costs once per call is counted per chunk.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
[Config(typeof(Config))]
public class PipelineOverheadBenchmarks
{
    private const string Model = "openai/gpt-4o-mini";
    private const string Tag = "feature:bench";
    private const string User = "bench-user";

    /// <summary>The chunks of the short stream: a tenth of the comparison stream.</summary>
    public const int ShortStreamChunks = StreamComparisonConfig.StreamChunks / 10;

    private static readonly Lazy<StreamPayload> ShortStream = new(() => Payloads.ChatCompletionStream(ShortStreamChunks));
    private static readonly BudgetRule DailyTotal = BudgetRule.Global("daily-total", 1_000_000m, BudgetWindow.PerDay);
    private static readonly BudgetRule DailyPerUser = BudgetRule.PerUser("daily-per-user", 1_000m, BudgetWindow.PerDay);
    private readonly List<ChatMessage> _messages = [new(ChatRole.User, "Hello, world!")];
    private readonly List<ServiceProvider> _providers = [];

    private IChatClient _bare = null!;
    private IChatClient _pipeline = null!;
    private IChatClient _bareStreaming = null!;
    private IChatClient _pipelineStreaming = null!;
    private IChatClient _bareShortStreaming = null!;
    private IChatClient _pipelineShortStreaming = null!;

    /// <summary>
    /// Sets up and checks every benchmark. Synchronous on purpose: a failed setup check of a Task-returning
    /// [GlobalSetup] never surfaced under BenchmarkDotNet's in-process toolchain (the benchmarks ran and reported
    /// numbers), so checks and warm-up run to completion here and a failure fails the benchmark.
    /// </summary>
    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    private async Task SetupAsync()
    {
        var stream = Payloads.ChatCompletionStream(StreamComparisonConfig.StreamChunks);
        var expected = Payloads.ChatCompletionText();
        (_bare, var bareHandler, _) = Create(Payloads.ChatCompletion(), "application/json", withMiddleware: false);
        (_pipeline, var pipelineHandler, var store) = Create(Payloads.ChatCompletion(), "application/json", withMiddleware: true);
        (_bareStreaming, _, _) = Create(stream.Bytes, "text/event-stream", withMiddleware: false);
        (_pipelineStreaming, var pipelineStreamingHandler, var streamingStore) = Create(stream.Bytes, "text/event-stream", withMiddleware: true);
        (_bareShortStreaming, _, _) = Create(ShortStream.Value.Bytes, "text/event-stream", withMiddleware: false);
        (_pipelineShortStreaming, _, _) = Create(ShortStream.Value.Bytes, "text/event-stream", withMiddleware: true);

        // Both sides answer correctly.
        SetupCheck.Equal(expected, await BareLeafRequest(), "the bare leaf's answer text");
        SetupCheck.Equal(expected, await PipelineRequest(), "the pipeline's answer text");
        SetupCheck.Equal(stream.ExpectedText.Length, await BareLeafStream(), "the bare leaf's streamed text length");
        SetupCheck.Equal(stream.ExpectedText.Length, await PipelineStream(), "the pipeline's streamed text length");
        SetupCheck.Equal(ShortStream.Value.ExpectedText.Length, await BareLeafShortStream(), "the bare leaf's short streamed text length");
        SetupCheck.Equal(ShortStream.Value.ExpectedText.Length, await PipelineShortStream(), "the pipeline's short streamed text length");

        // The middleware really ran: one attempt, tags and user on the wire, and the budget settled a real cost.
        var sentBefore = pipelineHandler.RequestCount;
        pipelineHandler.CaptureRequests = true;
        var response = await _pipeline.GetResponseAsync(_messages);
        pipelineHandler.CaptureRequests = false;
        SetupCheck.Equal(sentBefore + 1, pipelineHandler.RequestCount, "requests sent by the pipeline for one call (no retries)");
        SetupCheck.Equal(1, bareHandler.RequestCount, "requests sent by the bare leaf for one call");
        SetupCheck.Equal((object)1, response.AdditionalProperties?.GetValueOrDefault(AiGatewayPropertyKeys.Attempts), "the pipeline's attempt count");
        var body = Encoding.UTF8.GetString(pipelineHandler.LastRequestBody!);
        SetupCheck.True(body.Contains(Tag, StringComparison.Ordinal) && body.Contains(User, StringComparison.Ordinal), $"the pipeline's request carries the tag and user natively: {body}");
        foreach (var (budgets, what) in new[] { (store!, "request"), (streamingStore!, "stream") })
        {
            var usage = await budgets.GetUsageAsync(DailyTotal, string.Empty, DateTimeOffset.UtcNow);
            SetupCheck.True(usage.SpentUsd > 0 && usage.ReservedUsd == 0, $"the {what} pipeline's budget settled every call (spent {usage.SpentUsd}, reserved {usage.ReservedUsd})");
        }

        SetupCheck.Equal(1, pipelineStreamingHandler.RequestCount, "requests sent by the streaming pipeline for one call");
        await WarmUp.OnceAsync(GetType(), BareLeafRequest, PipelineRequest, BareLeafStream, PipelineStream, BareLeafShortStream, PipelineShortStream);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var provider in _providers)
        {
            provider.Dispose();
        }
    }

    [Benchmark(Baseline = true, Description = "bare leaf: GetResponse")]
    [BenchmarkCategory("request")]
    public async Task<string> BareLeafRequest() => (await _bare.GetResponseAsync(_messages)).Text;

    [Benchmark(Description = "budget+tags+failover: GetResponse")]
    [BenchmarkCategory("request")]
    public async Task<string> PipelineRequest() => (await _pipeline.GetResponseAsync(_messages)).Text;

    [Benchmark(Baseline = true, Description = "bare leaf: stream 200 chunks")]
    [BenchmarkCategory("stream")]
    public Task<int> BareLeafStream() => ReadAsync(_bareStreaming);

    [Benchmark(Description = "budget+tags+failover: stream 200 chunks")]
    [BenchmarkCategory("stream")]
    public Task<int> PipelineStream() => ReadAsync(_pipelineStreaming);

    [Benchmark(Baseline = true, Description = "bare leaf: stream 20 chunks")]
    [BenchmarkCategory("short stream")]
    public Task<int> BareLeafShortStream() => ReadAsync(_bareShortStreaming);

    [Benchmark(Description = "budget+tags+failover: stream 20 chunks")]
    [BenchmarkCategory("short stream")]
    public Task<int> PipelineShortStream() => ReadAsync(_pipelineShortStreaming);

    private async Task<int> ReadAsync(IChatClient client)
    {
        var length = 0;
        await foreach (var update in client.GetStreamingResponseAsync(_messages))
        {
            length += update.Text.Length;
        }

        return length;
    }

    private (IChatClient Client, InMemoryHandler Handler, InMemoryBudgetStore? Store) Create(byte[] body, string contentType, bool withMiddleware)
    {
        var handler = new InMemoryHandler(body, contentType);
        var services = new ServiceCollection();
        var builder = services.AddAiGateway(options =>
        {
            options.DefaultModel = Model;
            options.Environment = EnvironmentSource.FromDictionary([new("AI_GATEWAY_API_KEY", "bench-key")]);
        },
        http => http.ConfigurePrimaryHttpMessageHandler(() => handler));
        InMemoryBudgetStore? store = null;
        if (withMiddleware)
        {
            store = new InMemoryBudgetStore();
            builder
                .UseBudget(budget =>
                {
                    budget.Store = store;
                    budget.Rules.Add(DailyTotal);
                    budget.Rules.Add(DailyPerUser);
                })
                .UseTags(tags =>
                {
                    tags.DefaultTags.Add(Tag);
                    tags.DefaultUser = User;
                })
                .UseFailover(["openai/gpt-4.1-mini"]);
        }

        var provider = services.BuildServiceProvider();
        _providers.Add(provider);
        return (provider.GetRequiredService<IChatClient>(), handler, store);
    }

    private sealed class Config : ManualConfig
    {
        public Config()
        {
            AddColumn(BaselineDifferenceColumn.Time, BaselineDifferenceColumn.Allocated, new AllocatedPerChunkColumn(PayloadOf));
        }

        private static StreamPayload? PayloadOf(BenchmarkCase benchmarkCase) =>
            benchmarkCase.Descriptor.HasCategory("stream") ? StreamComparisonConfig.PayloadFor(typeof(PipelineOverheadBenchmarks))
            : benchmarkCase.Descriptor.HasCategory("short stream") ? ShortStream.Value
            : null;
    }
}
