using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;

// Commands and what each benchmark measures: README.md next to this file.
// dotnet run -c Release --project benchmarks/AiGateway.Client.Benchmarks -- --filter '*'
// Each class prints its own summary (their extra columns differ); results land in BenchmarkDotNet.Artifacts/.
// Building the generated benchmark project (with both peer SDKs) takes longer than BenchmarkDotNet's default 120 s on a
// busy 2-core machine, which made the default out-of-process run fail; allow ten minutes.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, ManualConfig.Create(DefaultConfig.Instance).WithBuildTimeout(TimeSpan.FromMinutes(10)));
