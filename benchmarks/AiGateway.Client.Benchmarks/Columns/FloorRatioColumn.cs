using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace AiGateway.Client.Benchmarks.Columns;

/// <summary>
/// Mean time divided by the mean of the floor benchmark (the method named <c>Floor</c>) of the same class and category:
/// how far a client is from the least work reading the same bytes needs. "-" where the category has no floor.
/// </summary>
internal sealed class FloorRatioColumn : IColumn
{
    public string Id => nameof(FloorRatioColumn);

    public string ColumnName => "÷ floor";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 2;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => "Mean time / the mean of the floor (SSE lines + Utf8JsonReader, no objects) in the same category";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var floor = summary.BenchmarksCases.FirstOrDefault(c =>
            c.Descriptor.Type == benchmarkCase.Descriptor.Type
            && c.Descriptor.WorkloadMethod.Name == "Floor"
            && c.Descriptor.Categories.SequenceEqual(benchmarkCase.Descriptor.Categories));
        var floorMean = floor is null ? null : summary[floor]?.ResultStatistics?.Mean;
        var mean = summary[benchmarkCase]?.ResultStatistics?.Mean;
        return floorMean is > 0 && mean is not null
            ? (mean.Value / floorMean.Value).ToString("0.00", CultureInfo.InvariantCulture) + "x"
            : "-";
    }

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public override string ToString() => ColumnName;
}
