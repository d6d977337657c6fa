using BenchmarkDotNet.Running;

// Dapper workloads against Lightning.Data and Microsoft.Data.Sqlite with the same schema, in the same run:
//   dotnet run -c Release --project benchmarks/Lightning.Data.Benchmarks -- --filter '*' --job short
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
