namespace Lightning.Kv;

/// <summary>
/// Time threads spent waiting for the engine's locks (part of <see cref="LightningDbMetrics"/>); only waits are
/// counted, not uncontended entries.
/// </summary>
public sealed record LockWaitMetrics
{
    /// <summary>Committers that waited in the group-commit queue for the group ahead of them (including its WAL fsync).</summary>
    public long CommitQueueWaits { get; init; }

    /// <summary>Total time of those waits.</summary>
    public TimeSpan CommitQueueWaitTime { get; init; }

    /// <summary>Commit leaders that waited for the commit gate (held while a memtable is rotated or the database closes).</summary>
    public long CommitGateWaits { get; init; }

    /// <summary>Total time of those waits.</summary>
    public TimeSpan CommitGateWaitTime { get; init; }

    /// <summary>Flushes (and verifications) that waited for the tree lock, which allows one tree transaction at a time.</summary>
    public long TreeLockWaits { get; init; }

    /// <summary>Total time of those waits.</summary>
    public TimeSpan TreeLockWaitTime { get; init; }

    /// <summary>The sum of the three wait times.</summary>
    public TimeSpan TotalWaitTime => CommitQueueWaitTime + CommitGateWaitTime + TreeLockWaitTime;
}
