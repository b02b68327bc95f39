using AiGateway.Client.Benchmarks.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;

namespace AiGateway.Client.Benchmarks;

/// <summary>
/// Adds the per-chunk allocation and floor-ratio columns to the SDK comparisons: their "stream" category reads a
/// <see cref="StreamChunks"/>-chunk payload; the request categories have no stream and show "-".
/// </summary>
internal sealed class StreamComparisonConfig : ManualConfig
{
    /// <summary>Content chunks in the streams of the SDK comparisons.</summary>
    public const int StreamChunks = 200;

    private static readonly Lazy<StreamPayload> ChatCompletionStream = new(() => Payloads.ChatCompletionStream(StreamChunks));
    private static readonly Lazy<StreamPayload> MessageStream = new(() => Payloads.MessageStream(StreamChunks));

    public StreamComparisonConfig() => AddColumn(new AllocatedPerChunkColumn(PayloadOf), new FloorRatioColumn());

    /// <summary>The stream payload a comparison benchmark reads (shared with the benchmarks so both sides agree).</summary>
    public static StreamPayload PayloadFor(Type benchmarkType) =>
        benchmarkType == typeof(MessagesBenchmarks) ? MessageStream.Value : ChatCompletionStream.Value;

    private static StreamPayload? PayloadOf(BenchmarkCase benchmarkCase) =>
        benchmarkCase.Descriptor.HasCategory("stream") ? PayloadFor(benchmarkCase.Descriptor.Type) : null;
}
