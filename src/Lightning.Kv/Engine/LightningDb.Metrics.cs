using Lightning.Kv.Memtable;
using Lightning.Kv.Metrics;
using Lightning.Kv.Platform;

namespace Lightning.Kv;

// Observability: the metrics snapshot. Counters live in EngineMetrics; gauges are read from the engine here.
public sealed partial class LightningDb
{
    /// <summary>
    /// A snapshot of the database's metrics: operation counts and latency percentiles, page cache, memory,
    /// flush and compaction backlog, write stalls, lock waits, bytes written and write amplification, and NUMA
    /// placement. Cheap enough to call every second (it copies four histograms); works after
    /// <see cref="Dispose"/> too, returning the final numbers. See docs/metrics.md.
    /// </summary>
    public LightningDbMetrics GetMetrics()
    {
        Engine.Version version = _versions.Current;
        long activeBytes = version.Active.ReservedBytes;
        long immutableReserved = 0, immutableData = 0;
        foreach (MemTable table in version.Immutables)
        {
            immutableReserved += table.ReservedBytes;
            immutableData += table.ApproximateBytes;
        }
        Cache.PageCache cache = _pageFile.Cache;
        long cacheBytes = cache.BytesInUse;
        NumaPlacement numa = _metrics.Numa;
        int pinnedThreads = numa.PinnedThreads;
        DiskWriteCounters disk = _metrics.DiskWrites;
        return new LightningDbMetrics
        {
            Timestamp = DateTimeOffset.UtcNow,
            Path = Path,
            Gets = Snapshot(_metrics.Gets),
            Writes = Snapshot(_metrics.Writes),
            Scans = Snapshot(_metrics.Scans),
            Commits = Snapshot(_metrics.Commits),
            Cache = new CacheMetrics { Hits = cache.Hits, Misses = cache.Misses, BytesInUse = cacheBytes, CapacityBytes = cache.CapacityBytes },
            Memory = new MemoryMetrics { ActiveMemtableBytes = activeBytes, ImmutableMemtableBytes = immutableReserved, CacheBytes = cacheBytes },
            Backlog = new CompactionBacklogMetrics
            {
                ImmutableMemtables = version.Immutables.Length,
                ImmutableMemtableBytes = immutableData,
                Level0Runs = _metrics.Level0Runs,
                Level0Bytes = _metrics.Level0Bytes,
            },
            WriteStalls = new WriteStallMetrics { Count = _metrics.WriteStalls, TotalTime = _metrics.WriteStallTime },
            LockWaits = new LockWaitMetrics
            {
                CommitQueueWaits = _metrics.CommitQueueWait.Waits,
                CommitQueueWaitTime = _metrics.CommitQueueWait.TotalWait,
                CommitGateWaits = _metrics.CommitGateWait.Waits,
                CommitGateWaitTime = _metrics.CommitGateWait.TotalWait,
                TreeLockWaits = _metrics.TreeLockWait.Waits,
                TreeLockWaitTime = _metrics.TreeLockWait.TotalWait,
            },
            DiskWrites = new DiskWriteMetrics
            {
                WalBytes = disk.Read(MeteredFileKind.Wal),
                TreeBytes = disk.Read(MeteredFileKind.Tree),
                SstBytes = disk.Read(MeteredFileKind.Sst),
                OtherBytes = disk.Read(MeteredFileKind.Other),
                UserBytes = _metrics.UserBytes,
            },
            Numa = new NumaMetrics
            {
                NodeCount = numa.NodeCount,
                PinningActive = pinnedThreads > 0,
                Node = pinnedThreads > 0 && numa.Node is { } node ? node.Id : -1,
                PinnedThreads = pinnedThreads,
                Status = numa.FailedPins > 0 && pinnedThreads == 0 ? numa.Status + " (the kernel refused the pin)" : numa.Status,
            },
        };
    }

    /// <summary>The engine's counters, for the code that feeds them (the compaction code reports level 0 here).</summary>
    internal EngineMetrics EngineMetrics => _metrics;

    private static OperationMetrics Snapshot(OperationRecorder recorder)
    {
        long count = recorder.Count; // before the histogram, so a window never shows more latencies than operations
        return OperationMetrics.From(count, recorder.Snapshot());
    }
}
