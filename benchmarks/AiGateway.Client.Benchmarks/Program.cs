using BenchmarkDotNet.Running;

// Commands and what each benchmark measures: README.md next to this file.
// dotnet run -c Release --project benchmarks/AiGateway.Client.Benchmarks -- --filter '*'
// Each class prints its own summary (their extra columns differ); results land in BenchmarkDotNet.Artifacts/.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
