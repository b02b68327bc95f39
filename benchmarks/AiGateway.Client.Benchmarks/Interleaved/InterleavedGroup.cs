namespace AiGateway.Client.Benchmarks.Interleaved;

/// <summary>The benchmarks of one class instance (one parameter combination), measured in the same rounds.</summary>
internal sealed class InterleavedGroup(Type type, string parameters, IReadOnlyList<InterleavedBenchmark> benchmarks, int rounds)
{
    public Type Type { get; } = type;

    public string Parameters { get; } = parameters;

    public IReadOnlyList<InterleavedBenchmark> Benchmarks { get; } = benchmarks;

    public int Rounds { get; } = rounds;

    public string Name => Parameters.Length == 0 ? Type.Name : $"{Type.Name} [{Parameters}]";

    public InterleavedBenchmark this[string method] =>
        Benchmarks.FirstOrDefault(b => b.Method == method) ?? throw new InvalidOperationException($"{Name} has no benchmark {method}.");

    /// <summary>The baseline of a benchmark's category (itself when it is the baseline).</summary>
    public InterleavedBenchmark? BaselineOf(InterleavedBenchmark benchmark) =>
        Benchmarks.FirstOrDefault(b => b.IsBaseline && b.Category == benchmark.Category);

    /// <summary>The floor of a benchmark's category (a benchmark whose description starts with "floor"), if any.</summary>
    public InterleavedBenchmark? FloorOf(InterleavedBenchmark benchmark) =>
        Benchmarks.FirstOrDefault(b => b.Category == benchmark.Category && b.Description.StartsWith("floor", StringComparison.OrdinalIgnoreCase));

    /// <summary>The median over rounds of a per-round figure: pairs are taken in the same round, so drift between rounds cancels.</summary>
    public double MedianOverRounds(Func<int, double> perRound) => Median(Enumerable.Range(0, Rounds).Select(perRound));

    /// <summary>Median of <paramref name="values"/>.</summary>
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
