using AiGateway.Client.Benchmarks.Columns;
using AiGateway.Client.Dialects;
using AiGateway.Client.Gateways;
using AiGateway.Client.Routing;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;

namespace AiGateway.Client.Benchmarks;

/// <summary>
/// Parse rate of each dialect's stream reader alone (SSE framing, JSON, mapping to <see cref="ChatResponseUpdate"/>),
/// over a large stream held in memory: no HTTP, no client, no request, for a text answer
/// (<see cref="Payloads.ForParseRate"/>) and for streamed tool calls (<see cref="ToolCallPayloads"/>). Each reader runs
/// next to its floor (<see cref="StreamFloor"/>: the same bytes with SSE line finding and a <c>Utf8JsonReader</c> over
/// every token, no objects), the baseline of its parameter group, so Ratio is reader time over floor time.
/// MB/s is payload bytes over mean time; Alloc/chunk is allocated bytes over the SSE events in the payload.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(Config))]
public class StreamParseBenchmarks
{
    private IChatDialect _dialect = null!;
    private DialectResponseContext _context = null!;
    private byte[] _bytes = null!;

    /// <summary>What the streamed answer holds.</summary>
    public enum StreamShape
    {
        /// <summary>Text deltas.</summary>
        Text,

        /// <summary>Tool calls (argument fragments, or whole calls on Gemini).</summary>
        ToolCalls,
    }

    [ParamsAllValues]
    public ChatDialect Dialect { get; set; }

    [ParamsAllValues]
    public StreamShape Shape { get; set; }

    /// <summary>
    /// Sets up and checks every benchmark. Synchronous on purpose: a failed setup check of a Task-returning
    /// [GlobalSetup] never surfaced under BenchmarkDotNet's in-process toolchain (the benchmarks ran and reported
    /// numbers), so checks and warm-up run to completion here and a failure fails the benchmark.
    /// </summary>
    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    private async Task SetupAsync()
    {
        var payload = PayloadFor(Dialect, Shape);
        _bytes = payload.Bytes;
        _dialect = ChatDialects.Get(Dialect);
        _context = new DialectResponseContext(RouteFor(Dialect), NullLogger.Instance, TimeProvider.System);

        // The reader must produce the payload's whole answer, read independently, and end normally.
        var text = new System.Text.StringBuilder();
        UsageDetails? usage = null;
        var calls = new List<FunctionCallContent>();
        await foreach (var update in _dialect.ReadStreamAsync(new MemoryStream(_bytes, writable: false), _context, CancellationToken.None))
        {
            text.Append(update.Text);
            usage = update.Contents.OfType<UsageContent>().LastOrDefault()?.Details ?? usage;
            calls.AddRange(update.Contents.OfType<FunctionCallContent>());
        }

        SetupCheck.Equal(payload.ExpectedText, text.ToString(), $"the text the {Dialect} reader produced from {payload.Description}");
        SetupCheck.Equal(payload.FloorTokenCount, await Floor(), $"the floor's count of JSON tokens in {payload.Description}");
        SetupCheck.True(usage?.OutputTokenCount > 0, $"the {Dialect} reader reports the stream's usage");
        if (Shape == StreamShape.ToolCalls)
        {
            SetupCheck.Equal(ToolCallPayloads.For(Dialect).Calls, calls.Count, $"the tool calls the {Dialect} reader produced from {payload.Description}");
            var expected = ToolCallPayloads.ArgumentText(ToolCallPayloads.FragmentsPerCall);
            SetupCheck.True(
                calls.TrueForAll(c => c.Arguments?["text"]?.ToString() == expected),
                $"the {Dialect} reader assembles every call's arguments from {payload.Description}");
        }
    }

    [Benchmark(Baseline = true, Description = "Floor: SSE lines + Utf8JsonReader")]
    public Task<int> Floor() => StreamFloor.ReadAsync(new MemoryStream(_bytes, writable: false));

    [Benchmark(Description = "ReadStreamAsync")]
    public async Task<int> ReadStream()
    {
        var updates = 0;
        await foreach (var update in _dialect.ReadStreamAsync(new MemoryStream(_bytes, writable: false), _context, CancellationToken.None))
        {
            updates += update.Contents.Count;
        }

        return updates;
    }

    /// <summary>
    /// A route as the leaf client makes it, on Netlify (which serves every dialect in its provider's native form): the
    /// readers only use it for names in messages and the catalog model.
    /// </summary>
    private static Route RouteFor(ChatDialect dialect)
    {
        using var client = new AiGatewayChatClient(new AiGatewayOptions
        {
            Environment = EnvironmentSource.FromDictionary(
            [
                new("NETLIFY_AI_GATEWAY_KEY", "bench-key"),
                new("NETLIFY_AI_GATEWAY_BASE_URL", "https://bench.netlify.app/.netlify/ai/"),
            ]),
        });
        var model = dialect switch
        {
            ChatDialect.ChatCompletions => "openai/gpt-4o-mini",
            ChatDialect.Responses => "openai/o3-mini",
            ChatDialect.Messages => "anthropic/claude-haiku-4.5",
            _ => "google/gemini-2.5-flash",
        };
        var route = client.Route(new ChatOptions { ModelId = model }.WithDialect(dialect));
        SetupCheck.Equal(dialect, route.Dialect, $"the dialect of the route for {model}");
        return route;
    }

    private static StreamPayload PayloadFor(ChatDialect dialect, StreamShape shape) =>
        shape == StreamShape.ToolCalls ? ToolCallPayloads.For(dialect).Payload : Payloads.ForParseRate(dialect);

    private sealed class Config : ManualConfig
    {
        public Config()
        {
            AddColumn(new ParseRateColumn(PayloadOf), new AllocatedPerChunkColumn(PayloadOf));
        }

        private static StreamPayload? PayloadOf(BenchmarkCase benchmarkCase) =>
            benchmarkCase.Parameters[nameof(Dialect)] is ChatDialect dialect && benchmarkCase.Parameters[nameof(Shape)] is StreamShape shape
                ? PayloadFor(dialect, shape)
                : null;
    }
}
