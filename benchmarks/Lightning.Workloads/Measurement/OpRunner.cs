using System.Diagnostics;

namespace Lightning.Workloads.Measurement;

/// <summary>
/// Runs one operation delegate on N threads for a fixed count or until a time cap, timing every call with
/// Stopwatch timestamps written into preallocated arrays, and returns throughput, latency percentiles and
/// allocation per operation (process-wide <see cref="GC.GetTotalAllocatedBytes"/> delta, so the engine's own
/// background threads are included).
/// </summary>
internal static class OpRunner
{
    /// <summary>One operation: (thread index, operation index within the thread).</summary>
    public delegate void Operation(int thread, int index);

    /// <summary>Runs <paramref name="op"/> <paramref name="opsPerThread"/> times on each of <paramref name="threads"/> threads, or until <paramref name="timeCapSeconds"/>; <paramref name="unitsPerOp"/> scales ops/s; <paramref name="workload"/> names the result.</summary>
    public static WorkloadResult Run(string workload, int threads, int opsPerThread, double timeCapSeconds, Operation op, int unitsPerOp = 1)
    {
        var latencies = new long[threads][];
        var counts = new int[threads];
        for (int t = 0; t < threads; t++) latencies[t] = new long[opsPerThread];
        long capTicks = timeCapSeconds > 1e6 ? long.MaxValue / 4 : (long)(timeCapSeconds * Stopwatch.Frequency);
        using var start = new Barrier(threads + 1);
        var failures = new Exception?[threads];
        var workers = new Thread[threads];
        long deadline = 0;
        for (int t = 0; t < threads; t++)
        {
            int thread = t;
            workers[t] = new Thread(() =>
            {
                long[] lat = latencies[thread];
                start.SignalAndWait();
                long end = Volatile.Read(ref deadline);
                int i = 0;
                try
                {
                    for (; i < lat.Length; i++)
                    {
                        long before = Stopwatch.GetTimestamp();
                        op(thread, i);
                        long after = Stopwatch.GetTimestamp();
                        lat[i] = after - before;
                        if (after > end) { i++; break; }
                    }
                }
                catch (Exception e) { failures[thread] = e; }
                counts[thread] = i;
            }) { IsBackground = true, Name = $"workload-{t}" };
            workers[t].Start();
        }
        GC.Collect();
        GC.WaitForPendingFinalizers();
        long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        long began = Stopwatch.GetTimestamp();
        Volatile.Write(ref deadline, began + capTicks);
        start.SignalAndWait();
        foreach (Thread w in workers) w.Join();
        long finished = Stopwatch.GetTimestamp();
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        foreach (Exception? e in failures)
            if (e is not null) throw new InvalidOperationException($"{workload}: {e.GetType().Name}: {e.Message}", e);

        long total = 0;
        for (int t = 0; t < threads; t++) total += counts[t];
        var all = new long[total];
        long at = 0;
        for (int t = 0; t < threads; t++) { Array.Copy(latencies[t], 0, all, at, counts[t]); at += counts[t]; }
        Array.Sort(all);
        double seconds = (finished - began) / (double)Stopwatch.Frequency;
        return new WorkloadResult
        {
            Workload = workload,
            Threads = threads,
            Operations = total * unitsPerOp,
            Seconds = seconds,
            OpsPerSecond = total * unitsPerOp / seconds,
            P50Micros = Percentile(all, 0.50),
            P99Micros = Percentile(all, 0.99),
            AllocatedBytesPerOp = total == 0 ? 0 : allocated / (double)(total * unitsPerOp),
        };
    }

    private static double Percentile(long[] sorted, double p)
    {
        if (sorted.Length == 0) return 0;
        int index = Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1);
        return sorted[Math.Max(0, index)] * 1_000_000.0 / Stopwatch.Frequency;
    }
}
