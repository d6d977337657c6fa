using System.Diagnostics;
using Lightning.Kv.Platform;

namespace Lightning.Kv.Metrics;

/// <summary>
/// One database's counters: operation recorders, lock waits, write stalls, bytes written, the level-0 backlog
/// and the NUMA placement. The engine feeds it; <see cref="LightningDb.GetMetrics"/> reads it together with the
/// gauges it reads from the engine itself (memtables, cache).
/// </summary>
internal sealed class EngineMetrics
{
    /// <summary>
    /// Point reads are timed 1 in 2^4: two clock reads cost ~40 ns, over 10% of a cached read; sampled, the whole
    /// recording costs ~10 ns (docs/metrics.md has the measurements).
    /// </summary>
    public const int GetSampleShift = 4;

    /// <summary>
    /// Writes that do not wait for an fsync (~1.7 µs) are timed 1 in 2^2, which keeps recording near 1% of them;
    /// with <see cref="Durability.Full"/> a write waits for an fsync and every one is timed.
    /// </summary>
    public const int UnsyncedWriteSampleShift = 2;

    private long _userBytes;
    private long _stalls;
    private long _stallTicks;
    private long _level0Runs;
    private long _level0Bytes;

    public EngineMetrics(string databasePath, Durability durability, NumaPlacement numa)
    {
        DatabasePath = databasePath;
        Numa = numa;
        Gets = new OperationRecorder(LightningKvMeter.GetDuration, databasePath, GetSampleShift);
        Writes = new OperationRecorder(LightningKvMeter.WriteDuration, databasePath,
            durability == Durability.Full ? 0 : UnsyncedWriteSampleShift);
        Scans = new OperationRecorder(LightningKvMeter.ScanDuration, databasePath, 0);
        Commits = new OperationRecorder(LightningKvMeter.CommitDuration, databasePath, 0);
    }

    public string DatabasePath { get; }

    public OperationRecorder Gets { get; }

    public OperationRecorder Writes { get; }

    public OperationRecorder Scans { get; }

    public OperationRecorder Commits { get; }

    public LockWaitCounter CommitQueueWait { get; } = new();

    public LockWaitCounter CommitGateWait { get; } = new();

    public LockWaitCounter TreeLockWait { get; } = new();

    public DiskWriteCounters DiskWrites { get; } = new();

    public NumaPlacement Numa { get; }

    /// <summary>Key and value bytes accepted by commits.</summary>
    public long UserBytes => Volatile.Read(ref _userBytes);

    public long WriteStalls => Volatile.Read(ref _stalls);

    public TimeSpan WriteStallTime => Stopwatch.GetElapsedTime(0, Volatile.Read(ref _stallTicks));

    public int Level0Runs => (int)Volatile.Read(ref _level0Runs);

    public long Level0Bytes => Volatile.Read(ref _level0Bytes);

    public void AddUserBytes(long bytes) => Interlocked.Add(ref _userBytes, bytes);

    /// <summary>Records a write stall that began at <paramref name="startTimestamp"/> and ends now, and logs it.</summary>
    public void RecordWriteStall(long startTimestamp, int waitingMemtables)
    {
        long ticks = Stopwatch.GetTimestamp() - startTimestamp;
        Interlocked.Increment(ref _stalls);
        Interlocked.Add(ref _stallTicks, ticks);
        LightningKvEventSource.Log.WriteStall(DatabasePath, Stopwatch.GetElapsedTime(0, ticks).TotalMilliseconds, waitingMemtables);
    }

    /// <summary>Counts a writer's wait for level-0 compaction as a write stall and logs it (<see cref="LightningKvEventSource.Level0Stall"/>).</summary>
    public void RecordLevel0Stall(long startTimestamp, int level0Runs)
    {
        long ticks = Stopwatch.GetTimestamp() - startTimestamp;
        Interlocked.Increment(ref _stalls);
        Interlocked.Add(ref _stallTicks, ticks);
        LightningKvEventSource.Log.Level0Stall(DatabasePath, Stopwatch.GetElapsedTime(0, ticks).TotalMilliseconds, level0Runs);
    }

    /// <summary>
    /// Sets the level-0 backlog: the sorted runs waiting for compaction and their bytes. Called by the compaction
    /// code whenever the set of level-0 runs changes.
    /// </summary>
    internal void ReportLevel0(int runs, long bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(runs);
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        Volatile.Write(ref _level0Runs, runs);
        Volatile.Write(ref _level0Bytes, bytes);
    }
}
