using BenchmarkDotNet.Running;
using Lightning.EFCore.Benchmarks;

// The same EF Core model and workloads on Lightning.EFCore and on Microsoft.EntityFrameworkCore.Sqlite, in the same run:
//   dotnet run -c Release --project benchmarks/Lightning.EFCore.Benchmarks -- --filter '*' --job short
// On a busy shared machine, cross-check with alternating rounds and medians:
//   dotnet run -c Release --project benchmarks/Lightning.EFCore.Benchmarks -- --interleaved
if (args.Length == 1 && args[0] == "--interleaved")
    InterleavedComparison.Run();
else
    BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
