using System.Diagnostics;

namespace Lightning.EFCore.Benchmarks;

/// <summary>
/// A noise-resistant cross-check of the BenchmarkDotNet figures for a shared machine (<c>-- --interleaved</c>): both
/// engines' databases stay open side by side and every workload runs in many short rounds that alternate between
/// them, so a burst of background load hits both alike; the median round per engine is reported, with the
/// allocation per operation of this thread. Each workload is first run, alternating, for its warm-up time:
/// EF Core's query and update pipelines are thousands of methods, and a few hundred calls leave many of them in
/// tier-0 JIT code, which made the first workload measured (Find) look slower than it runs once warm; Find, whose
/// every call has EF Core interpret a new key lambda, took 4–5 s of calls to settle in a single-engine loop. Saves
/// warm up for less, as every save adds 1,000 rows to the table.
/// </summary>
public static class InterleavedComparison
{
    private const int Rounds = 15;
    private static readonly TimeSpan QueryWarmup = TimeSpan.FromSeconds(8);
    private static readonly TimeSpan SaveWarmup = TimeSpan.FromSeconds(2);

    private readonly record struct Workload(string Name, int OperationsPerRound, TimeSpan Warmup, Func<EfCoreBenchmarks, object?> Run);

    private static readonly Workload[] Workloads =
    [
        new("Find by key", 2_000, QueryWarmup, b => b.FindByKey()),
        new("FirstOrDefault by key", 2_000, QueryWarmup, b => b.FirstOrDefaultByKey()),
        new("FirstOrDefault by key, no tracking", 2_000, QueryWarmup, b => b.FirstOrDefaultByKeyNoTracking()),
        new("Where+OrderBy+Skip+Take: page 1", 500, QueryWarmup, b => b.FirstPage()),
        new("Where+OrderBy+Skip+Take: page 10", 200, QueryWarmup, b => b.TenthPage()),
        new("SaveChanges of 1,000 inserts", 2, SaveWarmup, b => b.SaveThousandInserts()),
    ];

    /// <summary>Runs every workload on both engines and prints one line per workload.</summary>
    public static void Run()
    {
        var lightning = new EfCoreBenchmarks { Engine = Engines.Lightning };
        var sqlite = new EfCoreBenchmarks { Engine = Engines.Sqlite };
        lightning.Setup();
        sqlite.Setup();
        try
        {
            Console.WriteLine($"{"workload",-36} {"Lightning",12} {"SQLite",12} {"speed-up",9} {"L alloc/op",11} {"S alloc/op",11}");
            foreach (Workload workload in Workloads)
            {
                var lightningTimes = new double[Rounds];
                var sqliteTimes = new double[Rounds];
                long warmupStart = Stopwatch.GetTimestamp();
                while (Stopwatch.GetElapsedTime(warmupStart) < workload.Warmup)
                {
                    Measure(lightning, workload, warmup: true);
                    Measure(sqlite, workload, warmup: true);
                }
                long lightningBytes = 0, sqliteBytes = 0;
                for (int round = 0; round < Rounds; round++)
                {
                    (lightningTimes[round], lightningBytes) = Measure(lightning, workload, warmup: false);
                    (sqliteTimes[round], sqliteBytes) = Measure(sqlite, workload, warmup: false);
                }
                double l = Median(lightningTimes), s = Median(sqliteTimes);
                Console.WriteLine($"{workload.Name,-36} {Format(l),12} {Format(s),12} {s / l,8:F2}× {lightningBytes,9:N0} B {sqliteBytes,9:N0} B");
            }
        }
        finally
        {
            lightning.Cleanup();
            sqlite.Cleanup();
        }
    }

    /// <returns>Microseconds per operation and bytes allocated per operation over one round.</returns>
    private static (double Microseconds, long Bytes) Measure(EfCoreBenchmarks benchmarks, Workload workload, bool warmup)
    {
        int operations = warmup ? Math.Max(1, workload.OperationsPerRound / 2) : workload.OperationsPerRound;
        long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        long start = Stopwatch.GetTimestamp();
        for (int i = 0; i < operations; i++) workload.Run(benchmarks);
        double microseconds = Stopwatch.GetElapsedTime(start).TotalMicroseconds / operations;
        return (microseconds, (GC.GetAllocatedBytesForCurrentThread() - allocatedBefore) / operations);
    }

    private static double Median(double[] values)
    {
        double[] sorted = (double[])values.Clone();
        Array.Sort(sorted);
        return sorted[sorted.Length / 2];
    }

    private static string Format(double microseconds)
        => microseconds >= 1_000 ? $"{microseconds / 1_000:F2} ms" : $"{microseconds:F1} µs";
}
