using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Runtime;
using BenchmarkDotNet.Attributes;

namespace AiGateway.Client.Benchmarks.Interleaved;

/// <summary>
/// Runs the benchmark classes' own methods (same setup and setup checks) in interleaved rounds: every round measures
/// one batch of each benchmark of every class (in a rotated order within a class), and figures are medians over rounds
/// of per-round comparisons. BenchmarkDotNet measures one benchmark after another, so on a shared machine a burst of other work
/// during one benchmark's minute skews every ratio against it; here both sides of a ratio are measured seconds apart in
/// every round, and the median drops the rounds a burst hit. Time is process CPU time (the issue's method), with wall
/// time shown next to it.
/// </summary>
internal static class InterleavedRunner
{
    /// <summary>The classes the performance goals are measured on.</summary>
    private static readonly Type[] GoalClasses =
    [
        typeof(ChatCompletionsBenchmarks),
        typeof(MessagesBenchmarks),
        typeof(PipelineOverheadBenchmarks),
        typeof(StreamParseBenchmarks),
    ];

    public static async Task<int> RunAsync(string[] args)
    {
        var rounds = IntArgument(args, "--rounds", 21);
        var batchMilliseconds = IntArgument(args, "--batchMs", 30);
        Console.WriteLine($"Interleaved rounds: {rounds} measured (after warm-up rounds), batches of about {batchMilliseconds} ms, process CPU time, medians over rounds.");
        Console.WriteLine($"Runtime {Environment.Version}, {Environment.ProcessorCount} cores, server GC {GCSettings.IsServerGC}, started {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC.");
        var filter = StringArgument(args, "--class");
        var groups = new List<(InterleavedGroup Group, object Instance)>();
        try
        {
            foreach (var type in GoalClasses.Where(t => filter is null || t.Name.Contains(filter, StringComparison.OrdinalIgnoreCase)))
            {
                foreach (var parameters in ParameterCombinations(type))
                {
                    groups.Add(await SetUpAsync(type, parameters, rounds, batchMilliseconds).ConfigureAwait(false));
                }
            }

            // Every round measures every benchmark of every class, so a burst of other work on the machine (they last
            // seconds) hits a few rounds of every class rather than all the rounds of one, and the medians drop it.
            var all = groups.SelectMany(g => g.Group.Benchmarks).ToList();
            WarmUntilCompiled(all);
            for (var round = 0; round < rounds; round++)
            {
                foreach (var (group, _) in groups)
                {
                    for (var i = 0; i < group.Benchmarks.Count; i++)
                    {
                        // Rotated each round, so no benchmark always runs right after the same one.
                        MeasureBatch(group.Benchmarks[(i + round) % group.Benchmarks.Count], record: true);
                    }
                }
            }
        }
        finally
        {
            foreach (var (_, instance) in groups)
            {
                await InvokeAsync(instance, typeof(GlobalCleanupAttribute)).ConfigureAwait(false);
            }
        }

        foreach (var (group, _) in groups)
        {
            InterleavedReport.PrintGroup(group);
        }

        if (filter is not null)
        {
            // The goals need every class.
            return 0;
        }

        return IssueGoals.Print([.. groups.Select(g => g.Group)]) ? 0 : 1;
    }

    /// <summary>
    /// Runs one benchmark alone, after its class's setup and warm-up, for a given time: a steady loop for a sampling
    /// profiler (<c>DOTNET_PerfMapEnabled=1 perf record -g dotnet …</c>) to attribute.
    /// </summary>
    public static async Task<int> ProfileAsync(string[] args)
    {
        var name = StringArgument(args, "--profile") ?? throw new ArgumentException("--profile needs Class.Method.");
        var seconds = IntArgument(args, "--seconds", 20);
        var dot = name.IndexOf('.', StringComparison.Ordinal);
        var type = GoalClasses.Single(t => t.Name == name[..dot]);
        var instance = Activator.CreateInstance(type)!;
        foreach (var assignment in (StringArgument(args, "--params") ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            // --params Dialect=GenerateContent,Shape=ToolCalls
            var property = type.GetProperty(assignment[..assignment.IndexOf('=', StringComparison.Ordinal)])!;
            var text = assignment[(assignment.IndexOf('=', StringComparison.Ordinal) + 1)..];
            property.SetValue(instance, property.PropertyType.IsEnum ? Enum.Parse(property.PropertyType, text) : Convert.ChangeType(text, property.PropertyType, CultureInfo.InvariantCulture));
        }

        await InvokeAsync(instance, typeof(GlobalSetupAttribute)).ConfigureAwait(false);
        var method = type.GetMethod(name[(dot + 1)..])
            ?? throw new ArgumentException($"{type.Name} has no method {name[(dot + 1)..]}; its benchmarks are {string.Join(", ", type.GetMethods().Where(m => m.IsDefined(typeof(BenchmarkAttribute))).Select(m => m.Name))}.");
        var run = AsTaskFactory(instance, method);
        using var sampler = args.Contains("--allocations") ? new AllocationSampler() : null;
        var operations = 0L;
        var elapsed = Stopwatch.StartNew();
        while (elapsed.Elapsed < TimeSpan.FromSeconds(seconds))
        {
            run().GetAwaiter().GetResult();
            operations++;
        }

        sampler?.Print(operations);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}: {operations:N0} operations in {elapsed.Elapsed.TotalSeconds:0.0} s, {elapsed.Elapsed.TotalNanoseconds / operations / 1000:0.000} µs each (wall)."));
        await InvokeAsync(instance, typeof(GlobalCleanupAttribute)).ConfigureAwait(false);
        return 0;
    }

    /// <summary>Creates a class's instance with its parameters, runs its setup (and checks), and sizes each benchmark's batch.</summary>
    private static async Task<(InterleavedGroup Group, object Instance)> SetUpAsync(Type type, IReadOnlyList<(PropertyInfo Property, object Value)> parameters, int rounds, int batchMilliseconds)
    {
        var instance = Activator.CreateInstance(type)!;
        foreach (var (property, value) in parameters)
        {
            property.SetValue(instance, value);
        }

        await InvokeAsync(instance, typeof(GlobalSetupAttribute)).ConfigureAwait(false);
        var benchmarks = type.GetMethods(BindingFlags.Public | BindingFlags.Instance)
            .Select(method => (Method: method, Attribute: method.GetCustomAttribute<BenchmarkAttribute>()))
            .Where(m => m.Attribute is not null)
            .OrderBy(m => m.Attribute!.SourceCodeLineNumber)
            .Select(m => new InterleavedBenchmark(
                m.Method.Name,
                m.Attribute!.Description ?? m.Method.Name,
                string.Join(", ", m.Method.GetCustomAttribute<BenchmarkCategoryAttribute>()?.Categories ?? []),
                m.Attribute.Baseline,
                AsTaskFactory(instance, m.Method)))
            .ToList();
        foreach (var benchmark in benchmarks)
        {
            benchmark.OperationsPerBatch = Calibrate(benchmark, batchMilliseconds);
        }

        return (new InterleavedGroup(type, string.Join(", ", parameters.Select(p => $"{p.Property.Name}={p.Value}")), benchmarks, rounds), instance);
    }

    /// <summary>
    /// Runs unrecorded rounds until two in a row compiled no method (at most 60 s): the runtime's tiered compilation
    /// recompiles hot methods on a background thread, whose CPU time would otherwise count in the process's.
    /// </summary>
    private static void WarmUntilCompiled(List<InterleavedBenchmark> benchmarks)
    {
        var elapsed = Stopwatch.StartNew();
        var quietRounds = 0;
        while (quietRounds < 2 && elapsed.Elapsed < TimeSpan.FromSeconds(60))
        {
            var compiled = JitInfo.GetCompiledMethodCount();
            foreach (var benchmark in benchmarks)
            {
                MeasureBatch(benchmark, record: false);
            }

            // The runtime waits about 100 ms without new tier-0 code before it promotes methods; give it the time.
            Thread.Sleep(250);
            quietRounds = JitInfo.GetCompiledMethodCount() == compiled ? quietRounds + 1 : 0;
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"(warmed {elapsed.Elapsed.TotalSeconds:0.0} s until no method was compiled in two rounds{(quietRounds < 2 ? ": NOT reached, figures may include compilation" : string.Empty)})"));
    }

    private static int Calibrate(InterleavedBenchmark benchmark, int batchMilliseconds)
    {
        var operations = 0;
        var elapsed = Stopwatch.StartNew();
        while (elapsed.ElapsedMilliseconds < Math.Max(50, batchMilliseconds))
        {
            benchmark.Run().GetAwaiter().GetResult();
            operations++;
        }

        return Math.Max(1, (int)(operations * batchMilliseconds / elapsed.Elapsed.TotalMilliseconds));
    }

    private static void MeasureBatch(InterleavedBenchmark benchmark, bool record)
    {
        // No collection is forced between batches (BenchmarkDotNet forces one per iteration): the young generation's
        // collections fall inside every batch as they do in an app, while a forced full collection, with every class's
        // payloads alive, left the next batch measurably slower (the bare leaf's request by up to 40 %).
        var operations = benchmark.OperationsPerBatch;
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var wallBefore = Stopwatch.GetTimestamp();
        var cpuBefore = ProcessCpuClock.Nanoseconds();
        for (var i = 0; i < operations; i++)
        {
            benchmark.Run().GetAwaiter().GetResult();
        }

        var cpuAfter = ProcessCpuClock.Nanoseconds();
        var wall = Stopwatch.GetElapsedTime(wallBefore);
        var allocatedAfter = GC.GetTotalAllocatedBytes(precise: true);
        if (record)
        {
            benchmark.CpuNanoseconds.Add((double)(cpuAfter - cpuBefore) / operations);
            benchmark.WallNanoseconds.Add(wall.TotalNanoseconds / operations);
            benchmark.AllocatedBytes.Add((double)(allocatedAfter - allocatedBefore) / operations);
        }
    }

    /// <summary>The benchmark as a call returning its task: every benchmark method returns a Task or Task of a reference or value type.</summary>
    private static Func<Task> AsTaskFactory(object instance, MethodInfo method)
    {
        if (!typeof(Task).IsAssignableFrom(method.ReturnType))
        {
            throw new InvalidOperationException($"{method.DeclaringType!.Name}.{method.Name} does not return a Task; the interleaved runner runs Task-returning benchmarks only.");
        }

        // Func<Task<T>> converts to Func<Task> (Func is covariant and Task<T> is a Task), so no wrapper per call.
        return (Func<Task>)Delegate.CreateDelegate(typeof(Func<>).MakeGenericType(method.ReturnType), instance, method);
    }

    private static async Task InvokeAsync(object instance, Type attribute)
    {
        foreach (var method in instance.GetType().GetMethods(BindingFlags.Public | BindingFlags.Instance).Where(m => m.IsDefined(attribute)))
        {
            if (method.Invoke(instance, null) is Task task)
            {
                await task.ConfigureAwait(false);
            }
        }
    }

    private static IEnumerable<IReadOnlyList<(PropertyInfo Property, object Value)>> ParameterCombinations(Type type)
    {
        IEnumerable<IReadOnlyList<(PropertyInfo, object)>> combinations = [[]];
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            object[]? values = property.GetCustomAttribute<ParamsAttribute>()?.Values.Select(v => v!).ToArray()
                ?? (property.IsDefined(typeof(ParamsAllValuesAttribute)) ? AllValues(property.PropertyType) : null);
            if (values is null)
            {
                continue;
            }

            combinations = combinations.SelectMany(c => values.Select(v => (IReadOnlyList<(PropertyInfo, object)>)[.. c, (property, v)])).ToList();
        }

        return combinations;
    }

    private static object[] AllValues(Type type) =>
        type == typeof(bool) ? [false, true]
        : type.IsEnum ? Enum.GetValues(type).Cast<object>().ToArray()
        : throw new InvalidOperationException($"[ParamsAllValues] on {type.Name} is not supported by the interleaved runner.");

    private static string? StringArgument(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }

    private static int IntArgument(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length && int.TryParse(args[index + 1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : fallback;
    }
}
