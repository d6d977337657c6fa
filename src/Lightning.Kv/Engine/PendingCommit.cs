using Lightning.Kv.Encoding;

namespace Lightning.Kv.Engine;

/// <summary>One commit waiting in the group-commit queue.</summary>
internal sealed class PendingCommit
{
    public PendingCommit(WriteSetBuilder writeSet, ulong snapshotSequence, bool checkConflicts)
    {
        WriteSet = writeSet;
        SnapshotSequence = snapshotSequence;
        CheckConflicts = checkConflicts;
    }

    public WriteSetBuilder WriteSet { get; }

    /// <summary>For transactions: the snapshot their reads saw. Writes committed after it conflict.</summary>
    public ulong SnapshotSequence { get; }

    public bool CheckConflicts { get; }

    /// <summary>Set by the leader; read by the waiting committer after <see cref="Done"/>.</summary>
    public Exception? Error { get; set; }

    public ulong Sequence { get; set; }

    public bool Done { get; set; }
}
