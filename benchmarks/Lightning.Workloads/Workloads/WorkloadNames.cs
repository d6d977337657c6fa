namespace Lightning.Workloads;

/// <summary>The workload names accepted by <c>--workloads</c>, in run and report order, with their descriptions.</summary>
internal static class WorkloadNames
{
    public const string SequentialLoad = "seq-load";
    public const string RandomLoad = "random-load";
    public const string RandomRead = "read";
    public const string HotRead = "hot-read";
    public const string Scan = "scan";
    public const string Put = "put";
    public const string PutFsync = "put-fsync";
    public const string Mix = "mix";

    /// <summary>Every workload.</summary>
    public static readonly string[] All = [SequentialLoad, RandomLoad, RandomRead, HotRead, Scan, Put, PutFsync, Mix];

    /// <summary>One-line description for the report.</summary>
    public static string Describe(string name, RunSettings s) => name switch
    {
        SequentialLoad => $"Load {s.Keys:N0} keys in ascending order, {s.BatchSize:N0}-entry batches, {s.ValueSize} B values, no fsync. ops/s = entries/s; latency is per batch.",
        RandomLoad => $"Load {s.Keys:N0} keys in random order, {s.BatchSize:N0}-entry batches, {s.ValueSize} B values, no fsync. ops/s = entries/s; latency is per batch.",
        RandomRead => $"Point reads of random existing keys (uniform over {s.Keys:N0}) after the random load, a settle step and one unmeasured warm-up pass.",
        HotRead => $"Point reads of random keys from a {s.HotSetSize:N0}-key hot set (warmed first, all cached).",
        Scan => $"Range scans: {s.ScanLength} consecutive keys from a random existing start key, keys and values copied out.",
        Put => $"Single-key puts (each its own commit) overwriting random existing keys, {s.ValueSize} B values, no fsync.",
        PutFsync => $"Single-key puts of new keys into an empty store, {s.ValueSize} B values, fsync per commit (concurrent commits may share an fsync where the engine groups them).",
        Mix => $"Mixed: 50% point reads, 25% puts, 25% {s.MixScanLength}-key scans, random keys, values {s.MixMinValue} B to {s.MixMaxValue / 1024} KiB, no fsync, {s.Threads} threads.",
        _ => name,
    };
}
