using System.Diagnostics;

namespace Lightning.Workloads.Measurement;

/// <summary>
/// Runs one operation delegate on N threads for a fixed count or until a time cap and returns throughput, latency
/// percentiles and allocation per operation (process-wide <see cref="GC.GetTotalAllocatedBytes"/> delta, so the
/// engine's own background threads are included). Throughput is the count over the wall time. Latency is sampled:
/// in long runs every <see cref="SampleStride"/>-th call is timed with Stopwatch timestamps into a preallocated
/// array, because timestamps around every call distort what they measure — on this VM a timestamp pair costs
/// ~40 ns alone and keeps the CPU from overlapping one call's cache misses with the next (a 0.65 µs point read
/// measured 1.0 µs when every call was timed). Short runs (slow calls such as fsync puts) time every call.
/// </summary>
internal static class OpRunner
{
    /// <summary>One operation: (thread index, operation index within the thread).</summary>
    public delegate void Operation(int thread, int index);

    /// <summary>Every this many calls one is timed, in runs longer than <see cref="TimeEveryCallUpTo"/> calls per thread.</summary>
    public const int SampleStride = 8;

    /// <summary>Runs of at most this many calls per thread time every call.</summary>
    public const int TimeEveryCallUpTo = 10_000;

    /// <summary>Runs <paramref name="op"/> <paramref name="opsPerThread"/> times on each of <paramref name="threads"/> threads, or until <paramref name="timeCapSeconds"/>; <paramref name="unitsPerOp"/> scales ops/s; <paramref name="workload"/> names the result.</summary>
    public static WorkloadResult Run(string workload, int threads, int opsPerThread, double timeCapSeconds, Operation op, int unitsPerOp = 1)
    {
        int stride = opsPerThread > TimeEveryCallUpTo ? SampleStride : 1;
        var latencies = new long[threads][];
        var counts = new int[threads];
        var sampled = new int[threads];
        for (int t = 0; t < threads; t++) latencies[t] = new long[(opsPerThread + stride - 1) / stride];
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
                int i = 0, taken = 0;
                try
                {
                    for (; i < opsPerThread; i++)
                    {
                        if (i % stride != 0)
                        {
                            op(thread, i);
                            continue;
                        }
                        long before = Stopwatch.GetTimestamp();
                        op(thread, i);
                        long after = Stopwatch.GetTimestamp();
                        lat[taken++] = after - before;
                        if (after > end) { i++; break; }
                    }
                }
                catch (Exception e) { failures[thread] = e; }
                counts[thread] = i;
                sampled[thread] = taken;
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

        long total = 0, samples = 0;
        for (int t = 0; t < threads; t++) { total += counts[t]; samples += sampled[t]; }
        var all = new long[samples];
        long at = 0;
        for (int t = 0; t < threads; t++) { Array.Copy(latencies[t], 0, all, at, sampled[t]); at += sampled[t]; }
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
