using System.Globalization;

namespace AiGateway.Client.Benchmarks.Interleaved;

/// <summary>Prints a group's figures as a Markdown table.</summary>
internal static class InterleavedReport
{
    public static void PrintGroup(InterleavedGroup group)
    {
        Console.WriteLine();
        Console.WriteLine($"### {group.Name}");
        Console.WriteLine();
        Console.WriteLine("| Benchmark | Category | CPU/op (median) | CPU p25–p75 | wall/op (median) | ÷ baseline | ÷ floor | Allocated/op |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|");
        foreach (var benchmark in group.Benchmarks)
        {
            var baseline = group.BaselineOf(benchmark);
            var floor = group.FloorOf(benchmark);
            var sorted = benchmark.CpuNanoseconds.Order().ToArray();
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"| {benchmark.Description} | {benchmark.Category} | {Time(InterleavedGroup.Median(benchmark.CpuNanoseconds))} | {Time(sorted[sorted.Length / 4])}–{Time(sorted[sorted.Length * 3 / 4])} | {Time(InterleavedGroup.Median(benchmark.WallNanoseconds))} | {Ratio(group, benchmark, baseline)} | {Ratio(group, benchmark, floor)} | {InterleavedGroup.Median(benchmark.AllocatedBytes):N0} B |"));
        }
    }

    /// <summary>Median over rounds of <paramref name="benchmark"/>'s CPU time over <paramref name="other"/>'s in the same round.</summary>
    public static double CpuRatio(InterleavedGroup group, InterleavedBenchmark benchmark, InterleavedBenchmark other) =>
        group.MedianOverRounds(r => benchmark.CpuNanoseconds[r] / other.CpuNanoseconds[r]);

    /// <summary>A time in nanoseconds as microseconds.</summary>
    public static string Time(double nanoseconds) => string.Create(CultureInfo.InvariantCulture, $"{nanoseconds / 1000:N3} µs");

    private static string Ratio(InterleavedGroup group, InterleavedBenchmark benchmark, InterleavedBenchmark? other) =>
        other is null ? "-" : string.Create(CultureInfo.InvariantCulture, $"{CpuRatio(group, benchmark, other):0.000}");
}
