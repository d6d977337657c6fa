namespace Lightning.Kv;

/// <summary>
/// A snapshot of a database's counters and gauges, from <see cref="LightningDb.GetMetrics"/>. Counters and
/// latencies are cumulative since the database was opened; gauges (memory, backlog) are as of the call. The
/// same numbers are published continuously through the <c>Lightning.Kv</c> <see cref="System.Diagnostics.Metrics.Meter"/>
/// (docs/metrics.md).
/// </summary>
public sealed record LightningDbMetrics
{
    /// <summary>When the snapshot was taken.</summary>
    public DateTimeOffset Timestamp { get; init; }

    /// <summary>The database directory.</summary>
    public string Path { get; init; } = "";

    /// <summary>Point reads: Get and TryGet, on the database and in transactions.</summary>
    public OperationMetrics Gets { get; init; } = OperationMetrics.Empty;

    /// <summary>Writes outside transactions: Put, Delete and Write(batch), each one commit.</summary>
    public OperationMetrics Writes { get; init; } = OperationMetrics.Empty;

    /// <summary>Range scans started with <see cref="LightningDb.Scan"/>, timed from the start of enumeration to its end.</summary>
    public OperationMetrics Scans { get; init; } = OperationMetrics.Empty;

    /// <summary>Transaction commits that had writes (read-only commits do no work and are not counted).</summary>
    public OperationMetrics Commits { get; init; } = OperationMetrics.Empty;

    /// <summary>The page cache.</summary>
    public CacheMetrics Cache { get; init; } = new();

    /// <summary>Memory held by memtables and the page cache.</summary>
    public MemoryMetrics Memory { get; init; } = new();

    /// <summary>Work waiting for the background flush and compaction.</summary>
    public CompactionBacklogMetrics Backlog { get; init; } = new();

    /// <summary>Writers stalled by the flush backlog.</summary>
    public WriteStallMetrics WriteStalls { get; init; } = new();

    /// <summary>Time spent waiting for the engine's locks.</summary>
    public LockWaitMetrics LockWaits { get; init; } = new();

    /// <summary>Bytes written to disk and write amplification.</summary>
    public DiskWriteMetrics DiskWrites { get; init; } = new();

    /// <summary>NUMA placement of background threads.</summary>
    public NumaMetrics Numa { get; init; } = new();
}
