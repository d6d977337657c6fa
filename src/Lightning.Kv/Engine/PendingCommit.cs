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

    /// <summary>Set by the leader after <see cref="Error"/> and <see cref="Sequence"/> (a release), read by a follower spinning outside the queue's lock.</summary>
    public bool Done
    {
        get => Volatile.Read(ref _done);
        set => Volatile.Write(ref _done, value);
    }

    private bool _done;

    // Single-operation commits reuse one PendingCommit per thread: the committing thread waits until the
    // leader has marked it done, and the leader never touches a member after that, so reuse is safe.
    [ThreadStatic]
    private static PendingCommit? t_single;

    private const int MaxRetainedBytes = 64 * 1024;

    /// <summary>A cleared single-operation commit for the calling thread.</summary>
    public static PendingCommit RentSingle()
    {
        PendingCommit? commit = t_single;
        t_single = null;
        if (commit is null) return new PendingCommit(new WriteSetBuilder(), 0, checkConflicts: false);
        commit.WriteSet.Clear();
        commit.Error = null;
        commit.Sequence = 0;
        commit.Done = false;
        return commit;
    }

    /// <summary>Keeps <paramref name="commit"/> for the thread's next single operation, unless its buffer grew large.</summary>
    public static void ReturnSingle(PendingCommit commit)
    {
        if (commit.WriteSet.Length <= MaxRetainedBytes) t_single = commit;
    }
}
