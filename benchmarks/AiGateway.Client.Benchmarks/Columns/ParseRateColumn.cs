using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace AiGateway.Client.Benchmarks.Columns;

/// <summary>
/// Payload bytes read per second of mean time, in MB/s (10^6 bytes). The payload of a case comes from
/// <paramref name="payloadOf"/>, which runs in the host process: payloads are built deterministically from the
/// fixtures, so the host sees the same bytes the benchmark process read.
/// </summary>
internal sealed class ParseRateColumn(Func<BenchmarkCase, StreamPayload?> payloadOf) : IColumn
{
    public string Id => nameof(ParseRateColumn);

    public string ColumnName => "MB/s";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => "Stream payload bytes / mean time, in 10^6 bytes per second";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var meanNanoseconds = summary[benchmarkCase]?.ResultStatistics?.Mean;
        if (payloadOf(benchmarkCase) is not { } payload || meanNanoseconds is not > 0)
        {
            return "-";
        }

        return (payload.Bytes.Length / (meanNanoseconds.Value / 1e9) / 1e6).ToString("N1", CultureInfo.InvariantCulture);
    }

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public override string ToString() => ColumnName;
}
