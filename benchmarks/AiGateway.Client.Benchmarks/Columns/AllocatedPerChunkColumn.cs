using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace AiGateway.Client.Benchmarks.Columns;

/// <summary>
/// Bytes allocated per operation divided by the SSE events in the case's stream payload: what one streamed chunk
/// costs in allocations (fixed per-call costs included, spread over the chunks). Needs the MemoryDiagnoser.
/// </summary>
internal sealed class AllocatedPerChunkColumn(Func<BenchmarkCase, StreamPayload?> payloadOf) : IColumn
{
    public string Id => nameof(AllocatedPerChunkColumn);

    public string ColumnName => "Alloc/chunk";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 1;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => "Allocated bytes per operation / SSE events in the stream (1 B = 1 byte)";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var allocated = summary[benchmarkCase]?.GcStats.GetBytesAllocatedPerOperation(benchmarkCase);
        if (payloadOf(benchmarkCase) is not { } payload || allocated is null)
        {
            return "-";
        }

        return ((double)allocated.Value / payload.EventCount).ToString("N0", CultureInfo.InvariantCulture) + " B";
    }

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public override string ToString() => ColumnName;
}
