using AiGateway.Client.Benchmarks.Interleaved;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;

// Commands and what each benchmark measures: README.md next to this file.
// dotnet run -c Release --project benchmarks/AiGateway.Client.Benchmarks -- --filter '*'
// Each class prints its own summary (their extra columns differ); results land in BenchmarkDotNet.Artifacts/.
//
// Benchmarks run in this process by default (BenchmarkDotNet's InProcessEmitToolchain, what --inProcess selects): the
// out-of-process toolchain builds a generated project with both peer SDKs for every run, which on a busy 2-core machine
// takes minutes and failed at BenchmarkDotNet's default 120 s timeout. Pass --outOfProcess to get the separate process
// anyway (then the build may take up to ten minutes).
//
// --interleaved runs the goal classes' benchmarks in interleaved rounds instead (Interleaved/InterleavedRunner.cs) and
// prints the performance goals met or not; its exit code is 1 when one is not (--class <part of a name> runs some classes
// only, without the goals). --profile Class.Method runs one benchmark in a loop for a sampling profiler (and with
// --allocations samples what it allocates, by type; --params Name=Value,... sets a parameterised class's parameters).
if (args.Contains("--profile"))
{
    return await InterleavedRunner.ProfileAsync(args).ConfigureAwait(false);
}

if (args.Contains("--interleaved"))
{
    return await InterleavedRunner.RunAsync(args).ConfigureAwait(false);
}

var outOfProcess = args.Contains("--outOfProcess");
args = [.. args.Where(a => a != "--outOfProcess")];
if (!outOfProcess && !args.Contains("--inProcess"))
{
    args = [.. args, "--inProcess"];
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, ManualConfig.Create(DefaultConfig.Instance).WithBuildTimeout(TimeSpan.FromMinutes(10)));
return 0;
