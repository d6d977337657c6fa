namespace Lightning.Kv;

/// <summary>Work waiting for the background flush and compaction (part of <see cref="LightningDbMetrics"/>).</summary>
public sealed record CompactionBacklogMetrics
{
    /// <summary>Full memtables waiting to be flushed. Writers stall when this reaches <see cref="LightningDbOptions.MaxImmutableMemtables"/>.</summary>
    public int ImmutableMemtables { get; init; }

    /// <summary>Bytes of entries in those memtables.</summary>
    public long ImmutableMemtableBytes { get; init; }

    /// <summary>Level-0 sorted runs waiting for compaction (0 while the engine has no level-0 runs).</summary>
    public int Level0Runs { get; init; }

    /// <summary>Bytes in those runs.</summary>
    public long Level0Bytes { get; init; }
}
