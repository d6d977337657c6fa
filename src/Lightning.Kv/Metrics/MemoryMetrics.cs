namespace Lightning.Kv;

/// <summary>Memory held by the engine's big buffers (part of <see cref="LightningDbMetrics"/>).</summary>
public sealed record MemoryMetrics
{
    /// <summary>Arena bytes reserved by the active memtable.</summary>
    public long ActiveMemtableBytes { get; init; }

    /// <summary>Arena bytes reserved by full memtables waiting for the flush.</summary>
    public long ImmutableMemtableBytes { get; init; }

    /// <summary>Bytes of pages in the page cache.</summary>
    public long CacheBytes { get; init; }

    /// <summary>The sum of the three.</summary>
    public long TotalBytes => ActiveMemtableBytes + ImmutableMemtableBytes + CacheBytes;
}
