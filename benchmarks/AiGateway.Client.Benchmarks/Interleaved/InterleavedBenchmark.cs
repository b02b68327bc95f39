namespace AiGateway.Client.Benchmarks.Interleaved;

/// <summary>One benchmark method of a group, with what each round measured of it.</summary>
internal sealed class InterleavedBenchmark(string method, string description, string category, bool isBaseline, Func<Task> run)
{
    public string Method { get; } = method;

    public string Description { get; } = description;

    public string Category { get; } = category;

    public bool IsBaseline { get; } = isBaseline;

    public Func<Task> Run { get; } = run;

    /// <summary>Gets or sets the operations per batch (a batch is one measurement).</summary>
    public int OperationsPerBatch { get; set; } = 1;

    /// <summary>Gets the process CPU time per operation of each round, in nanoseconds.</summary>
    public List<double> CpuNanoseconds { get; } = [];

    /// <summary>Gets the wall-clock time per operation of each round, in nanoseconds.</summary>
    public List<double> WallNanoseconds { get; } = [];

    /// <summary>Gets the bytes allocated per operation of each round.</summary>
    public List<double> AllocatedBytes { get; } = [];
}
