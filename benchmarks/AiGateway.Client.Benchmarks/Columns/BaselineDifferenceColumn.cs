using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace AiGateway.Client.Benchmarks.Columns;

/// <summary>
/// The absolute difference from the baseline of the same group (category): mean time in microseconds, or bytes
/// allocated per operation. BenchmarkDotNet's Ratio columns give the relative figure; overhead is asked for in
/// microseconds and bytes.
/// </summary>
internal sealed class BaselineDifferenceColumn : IColumn
{
    private readonly bool _memory;

    private BaselineDifferenceColumn(bool memory) => _memory = memory;

    /// <summary>Gets the column of the mean-time difference in microseconds.</summary>
    public static IColumn Time { get; } = new BaselineDifferenceColumn(memory: false);

    /// <summary>Gets the column of the allocated-bytes difference.</summary>
    public static IColumn Allocated { get; } = new BaselineDifferenceColumn(memory: true);

    public string Id => nameof(BaselineDifferenceColumn) + (_memory ? ".Allocated" : ".Time");

    public string ColumnName => _memory ? "Δ Allocated" : "Δ Mean";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => _memory ? 11 : 10;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => _memory
        ? "Bytes allocated per operation minus the baseline's in the same category"
        : "Mean time minus the baseline's in the same category, in microseconds";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var baseline = summary.GetBaseline(summary.GetLogicalGroupKey(benchmarkCase));
        if (baseline is null || summary[baseline] is not { } baseReport || summary[benchmarkCase] is not { } report)
        {
            return "?";
        }

        if (ReferenceEquals(baseline, benchmarkCase))
        {
            return "baseline";
        }

        if (_memory)
        {
            var bytes = report.GcStats.GetBytesAllocatedPerOperation(benchmarkCase);
            var baseBytes = baseReport.GcStats.GetBytesAllocatedPerOperation(baseline);
            return bytes is null || baseBytes is null ? "?" : (bytes.Value - baseBytes.Value).ToString("+#,0 B;-#,0 B;0 B", CultureInfo.InvariantCulture);
        }

        var mean = report.ResultStatistics?.Mean;
        var baseMean = baseReport.ResultStatistics?.Mean;
        return mean is null || baseMean is null ? "?" : ((mean.Value - baseMean.Value) / 1000).ToString("+#,0.00 μs;-#,0.00 μs;0 μs", CultureInfo.InvariantCulture);
    }

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public override string ToString() => ColumnName;
}
