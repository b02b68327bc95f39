using System.Globalization;

namespace AiGateway.Client.Benchmarks.Interleaved;

/// <summary>
/// The performance goals (issue #12) worked out from one interleaved run: each ratio is the median over rounds of the
/// two sides measured in the same round; the middleware's per-chunk figure is the slope between two stream lengths,
/// (200-chunk Δ − 20-chunk Δ) ÷ 180 per round, so what a stream costs once per call is not counted per chunk.
/// </summary>
internal static class IssueGoals
{
    /// <summary>Prints the goal table; returns whether every goal was met.</summary>
    public static bool Print(IReadOnlyList<InterleavedGroup> groups)
    {
        var chat = Single(groups, typeof(ChatCompletionsBenchmarks));
        var messages = Single(groups, typeof(MessagesBenchmarks));
        var pipeline = Single(groups, typeof(PipelineOverheadBenchmarks));
        const int Chunks = StreamComparisonConfig.StreamChunks;
        const int ChunksBetween = Chunks - PipelineOverheadBenchmarks.ShortStreamChunks;

        var notes = new List<string>();
        var rows = new List<(string Measure, string Goal, double Value, double Limit, string Detail)>
        {
            Ratio("Chat Completions call, ours ÷ OpenAI SDK", 0.40, chat, nameof(ChatCompletionsBenchmarks.AiGatewayRequest), nameof(ChatCompletionsBenchmarks.OpenAISdkRequest)),
            Ratio("Chat Completions 200-chunk stream, ours ÷ OpenAI SDK", 0.25, chat, nameof(ChatCompletionsBenchmarks.AiGatewayStream), nameof(ChatCompletionsBenchmarks.OpenAISdkStream)),
            Ratio("Chat Completions stream ÷ floor", 2.0, chat, nameof(ChatCompletionsBenchmarks.AiGatewayStream), nameof(ChatCompletionsBenchmarks.Floor)),
            Ratio("Messages 200-chunk stream ÷ its floor", 3.0, messages, nameof(MessagesBenchmarks.AiGatewayStream), nameof(MessagesBenchmarks.StreamFloor200)),
            AllocationRatio("request bytes with 1,000 prior messages, ours ÷ OpenAI SDK", 1.5, chat, nameof(ChatCompletionsBenchmarks.AiGatewayHistoryRequest), nameof(ChatCompletionsBenchmarks.OpenAISdkHistoryRequest)),
        };

        var bareRequest = pipeline[nameof(PipelineOverheadBenchmarks.BareLeafRequest)];
        var fullRequest = pipeline[nameof(PipelineOverheadBenchmarks.PipelineRequest)];
        var bareStream = pipeline[nameof(PipelineOverheadBenchmarks.BareLeafStream)];
        var fullStream = pipeline[nameof(PipelineOverheadBenchmarks.PipelineStream)];
        var perCall = pipeline.MedianOverRounds(r => fullRequest.CpuNanoseconds[r] - bareRequest.CpuNanoseconds[r]);
        rows.Add(("budget + tags + failover, added per call", "≤ +2 µs", perCall, 2000, Us(perCall) + string.Create(CultureInfo.InvariantCulture, $" on a {Us(InterleavedGroup.Median(bareRequest.CpuNanoseconds))} bare call")));
        var bareShort = pipeline[nameof(PipelineOverheadBenchmarks.BareLeafShortStream)];
        var fullShort = pipeline[nameof(PipelineOverheadBenchmarks.PipelineShortStream)];
        var perChunk = pipeline.MedianOverRounds(r =>
            ((fullStream.CpuNanoseconds[r] - bareStream.CpuNanoseconds[r]) - (fullShort.CpuNanoseconds[r] - bareShort.CpuNanoseconds[r])) / ChunksBetween);
        rows.Add(("same, added per streamed chunk (time)", "≤ +0.05 µs", perChunk, 50, string.Create(CultureInfo.InvariantCulture, $"+{perChunk / 1000:0.000} µs")));
        var bytesPerChunk = ((Median(fullStream.AllocatedBytes) - Median(bareStream.AllocatedBytes)) - (Median(fullShort.AllocatedBytes) - Median(bareShort.AllocatedBytes))) / ChunksBetween;
        rows.Add(("same, added per streamed chunk (bytes)", "≤ +8 B", bytesPerChunk, 8, string.Create(CultureInfo.InvariantCulture, $"+{bytesPerChunk:0.0} B")));

        // The estimate earlier runs printed (200-chunk stream Δ less the request Δ, over 200 chunks) counts what a
        // stream costs once per call beyond a request (its relays, start and finish) as if it were per chunk.
        var perCallEstimate = pipeline.MedianOverRounds(r =>
            ((fullStream.CpuNanoseconds[r] - bareStream.CpuNanoseconds[r]) - (fullRequest.CpuNanoseconds[r] - bareRequest.CpuNanoseconds[r])) / Chunks);
        var streamOnce = pipeline.MedianOverRounds(r =>
            (fullShort.CpuNanoseconds[r] - bareShort.CpuNanoseconds[r]) - (PipelineOverheadBenchmarks.ShortStreamChunks * ((fullStream.CpuNanoseconds[r] - bareStream.CpuNanoseconds[r]) - (fullShort.CpuNanoseconds[r] - bareShort.CpuNanoseconds[r])) / ChunksBetween));
        notes.Add(string.Create(CultureInfo.InvariantCulture, $"Per chunk as earlier runs estimated it ((200-chunk stream Δ − request Δ) ÷ 200): +{perCallEstimate / 1000:0.000} µs; the middleware's once-per-stream cost (20-chunk Δ less 20 × the slope): {Us(streamOnce)}."));

        foreach (var reader in groups.Where(g => g.Type == typeof(StreamParseBenchmarks)))
        {
            rows.Add(Ratio($"reader ÷ floor, {reader.Parameters}", 3.0, reader, nameof(StreamParseBenchmarks.ReadStream), nameof(StreamParseBenchmarks.Floor)));
        }

        Console.WriteLine();
        Console.WriteLine("### Goals (issue #12), this run");
        Console.WriteLine();
        Console.WriteLine("| measure | goal | this run | met |");
        Console.WriteLine("|---|---|---:|:---:|");
        foreach (var row in rows)
        {
            Console.WriteLine($"| {row.Measure} | {row.Goal} | {row.Detail} | {(row.Value <= row.Limit ? "yes" : "**no**")} |");
        }

        var met = rows.TrueForAll(r => r.Value <= r.Limit);
        Console.WriteLine();
        foreach (var note in notes)
        {
            Console.WriteLine(note);
        }

        Console.WriteLine();
        Console.WriteLine(met ? "Every goal met in this run." : $"{rows.Count(r => r.Value > r.Limit)} goal(s) not met in this run.");
        return met;
    }

    private static (string, string, double, double, string) Ratio(string measure, double limit, InterleavedGroup group, string ours, string other)
    {
        var value = InterleavedReport.CpuRatio(group, group[ours], group[other]);
        return (measure, string.Create(CultureInfo.InvariantCulture, $"≤ {limit:0.00}"), value, limit,
            string.Create(CultureInfo.InvariantCulture, $"{value:0.000} ({Us(Median(group[ours].CpuNanoseconds))} ÷ {Us(Median(group[other].CpuNanoseconds))})"));
    }

    private static (string, string, double, double, string) AllocationRatio(string measure, double limit, InterleavedGroup group, string ours, string other)
    {
        var (a, b) = (Median(group[ours].AllocatedBytes), Median(group[other].AllocatedBytes));
        return (measure, string.Create(CultureInfo.InvariantCulture, $"≤ {limit:0.0}×"), a / b, limit, string.Create(CultureInfo.InvariantCulture, $"{a / b:0.00}× ({a:N0} ÷ {b:N0} B)"));
    }

    private static InterleavedGroup Single(IReadOnlyList<InterleavedGroup> groups, Type type) => groups.Single(g => g.Type == type);

    private static double Median(IEnumerable<double> values) => InterleavedGroup.Median(values);

    private static string Us(double nanoseconds) => InterleavedReport.Time(nanoseconds);
}
