using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;

// dotnet run -c Release --project benchmarks/AiGateway.Client.Benchmarks -- --filter '*'
// A quick pass: add --job short. Results land in BenchmarkDotNet.Artifacts/.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly)
    .Run(args, DefaultConfig.Instance.WithOptions(ConfigOptions.JoinSummary).AddLogicalGroupRules(BenchmarkLogicalGroupRule.ByCategory));
