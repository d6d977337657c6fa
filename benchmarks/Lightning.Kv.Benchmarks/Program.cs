using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;

namespace Lightning.Kv.Benchmarks;

/// <summary>
/// Entry point. <c>--quick</c> runs every benchmark with a short job (a smoke run for CI, not a measurement);
/// other arguments go to BenchmarkDotNet (e.g. <c>--filter '*Get*'</c>).
/// </summary>
public static class Program
{
    public static void Main(string[] args)
    {
        bool quick = Array.IndexOf(args, "--quick") >= 0;
        string[] rest = Array.FindAll(args, a => a != "--quick");
        IConfig config = DefaultConfig.Instance;
        if (quick)
        {
            config = config.AddJob(Job.Dry.WithWarmupCount(1).WithIterationCount(3).WithInvocationCount(16).WithUnrollFactor(1))
                .WithOptions(ConfigOptions.DisableOptimizationsValidator);
            if (rest.Length == 0) rest = ["--filter", "*"];
        }
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(rest, config);
    }
}
