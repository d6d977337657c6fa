using System.Runtime.CompilerServices;
using System.Buffers;
using System.Diagnostics;
using Lightning.Kv.Encoding;
using Lightning.Kv.Engine;
using Lightning.Kv.Memtable;
using Lightning.Kv.Metrics;
using Lightning.Kv.Wal;

namespace Lightning.Kv;

// The write path: group commit → WAL → memtable → publish the sequence number.
public sealed partial class LightningDb
{
    private readonly Lock _commitGate = new();
    private readonly Lock _installLock = new();
    private ulong _lastSequence;

    internal void Commit(PendingCommit commit)
    {
        ThrowIfDisposed();
        // Transactions check conflicts; single writes and batches do not: that is what tells the two apart.
        OperationRecorder recorder = commit.CheckConflicts ? _metrics.Commits : _metrics.Writes;
        long start = recorder.Start();
        _commitQueue.Run(commit, _processGroup);
        recorder.Stop(start);
        if (commit.Error is not null)
        {
            if (commit.Error is LightningException lightning) throw Rethrowable(lightning);
            if (commit.Error is IOException io) throw LightningIOException.From(io, Path, "commit to");
            throw new LightningException(LightningErrorCode.Unknown, "The commit failed: " + commit.Error.Message, commit.Error);
        }
    }

    // A leader's exception object is shared by its whole group; give each waiting thread its own.
    private static LightningException Rethrowable(LightningException error) => error switch
    {
        LightningConflictException conflict => new LightningConflictException(conflict.Message),
        LightningCorruptionException corruption => new LightningCorruptionException(corruption.FilePath, corruption.Offset, corruption.Message),
        LightningIOException io => new LightningIOException(io.Code, io.Message, io),
        _ => new LightningException(error.Code, error.Message, error),
    };

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot from the first call: see docs/architecture.md, "Warm from the start"
    private void ProcessGroup(List<PendingCommit> group)
    {
        _metrics.CommitGateWait.Enter(_commitGate);
        try
        {
            ThrowIfDisposed();
            ThrowIfBackgroundError();
            ThrottleForLevel0();
            MakeRoomForWrite();
            Engine.Version current = _versions.Current;

            long bytes = 0;
            foreach (PendingCommit member in group) bytes += WalFormat.RecordHeaderSize + member.WriteSet.Length;
            if (bytes > Array.MaxLength) Throw.BatchTooLarge(bytes);
            byte[] records = ArrayPool<byte>.Shared.Rent((int)bytes);
            try
            {
                ulong sequence = _lastSequence;
                int length = 0;
                for (int i = 0; i < group.Count; i++)
                {
                    PendingCommit member = group[i];
                    if (member.CheckConflicts && FindConflict(current, group, i, _lastSequence) is { } reason)
                    {
                        member.Error = new LightningConflictException(reason);
                        continue;
                    }
                    member.Sequence = ++sequence;
                    length += WalFormat.WriteRecord(records.AsSpan(length), member.Sequence, member.WriteSet.Encoded());
                }
                if (length == 0) return;

                _wal.Append(records.AsSpan(0, length), sequence, sync: _options.Durability == Durability.Full);
                MemTable active = current.Active;
                long userBytes = 0;
                foreach (PendingCommit member in group)
                {
                    if (member.Error is not null) continue;
                    var reader = new WriteSetReader(member.WriteSet.Encoded());
                    while (reader.MoveNext())
                    {
                        active.Add(member.Sequence, reader.Kind, reader.Key, reader.Value);
                        userBytes += reader.Key.Length + reader.Value.Length;
                    }
                }
                _metrics.AddUserBytes(userBytes);
                _lastSequence = sequence;
                _versions.PublishSequence(sequence);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(records);
            }
        }
        finally
        {
            _commitGate.Exit();
        }
    }

    /// <summary>Why group member <paramref name="index"/> conflicts, or null when it may commit.</summary>
    private static string? FindConflict(Engine.Version current, List<PendingCommit> group, int index, ulong lastCommitted)
    {
        PendingCommit member = group[index];
        ulong snapshot = member.SnapshotSequence;
        if (snapshot >= lastCommitted)
        {
            // Nothing committed since the snapshot, so no stored version can be newer than it: only the earlier members of
            // this group can conflict. The common case of one writer, and it saves a memtable search per key.
            var own = new WriteSetReader(member.WriteSet.Encoded());
            while (own.MoveNext())
                if (WrittenEarlierInGroup(group, index, own.Key))
                    return $"Write-write conflict: key {Describe(own.Key)} was changed by another transaction after this transaction began; retry it.";
            return null;
        }
        if (current.Tree.LastSequence > snapshot)
            return "The transaction's snapshot predates writes that have since been flushed to the tree, so conflicts cannot be ruled out; retry the transaction.";
        var keys = new WriteSetReader(member.WriteSet.Encoded());
        while (keys.MoveNext())
        {
            ReadOnlySpan<byte> key = keys.Key;
            ulong latest = current.Active.LatestSequence(key);
            for (int t = 0; latest == 0 && t < current.Immutables.Length; t++) latest = current.Immutables[t].LatestSequence(key);
            // Runs are newest first with disjoint sequence ranges: once a run is older than the snapshot, so are the rest.
            for (int r = 0; latest == 0 && r < current.Level0.Length && current.Level0[r].MaxSequence > snapshot; r++)
            {
                if (current.Level0[r].Reader.TryGet(key, out _, out ulong sequence, Span<byte>.Empty, out _)) latest = sequence;
            }
            if (latest > snapshot || WrittenEarlierInGroup(group, index, key))
                return $"Write-write conflict: key {Describe(key)} was changed by another transaction after this transaction began; retry it.";
        }
        return null;
    }

    private static bool WrittenEarlierInGroup(List<PendingCommit> group, int index, ReadOnlySpan<byte> key)
    {
        for (int i = 0; i < index; i++)
        {
            if (group[i].Error is not null) continue;
            var reader = new WriteSetReader(group[i].WriteSet.Encoded());
            while (reader.MoveNext())
                if (reader.Key.SequenceEqual(key)) return true;
        }
        return false;
    }

    private static string Describe(ReadOnlySpan<byte> key) =>
        key.Length <= 32 ? "0x" + Convert.ToHexString(key) : "0x" + Convert.ToHexString(key[..32]) + "…";

    /// <summary>Rotates a full memtable; waits (a write stall) while too many are waiting for the flush.</summary>
    private void MakeRoomForWrite()
    {
        if (_versions.Current.Active.ApproximateBytes < _options.MemtableSize) return;
        RotateMemtableLocked();
    }

    /// <summary>Makes the active memtable immutable and starts a new one with a new WAL segment. Caller holds <see cref="_commitGate"/>.</summary>
    private void RotateMemtableLocked()
    {
        long stallStart = 0;
        while (_versions.Current.Immutables.Length >= _options.MaxImmutableMemtables)
        {
            if (stallStart == 0) stallStart = Stopwatch.GetTimestamp();
            ThrowIfDisposed();
            ThrowIfBackgroundError();
            WaitForFlushProgress();
        }
        if (stallStart != 0) _metrics.RecordWriteStall(stallStart, _options.MaxImmutableMemtables);
        _wal.Rotate();
        lock (_installLock)
        {
            Engine.Version current = _versions.Current;
            var immutables = new MemTable[current.Immutables.Length + 1];
            immutables[0] = current.Active;
            current.Immutables.CopyTo(immutables, 1);
            _versions.Install(new Engine.Version(_versions, new MemTable(), immutables, current.Level0, current.Tree));
        }
        SignalFlusher();
    }

    private void RotateMemtable(bool force)
    {
        _metrics.CommitGateWait.Enter(_commitGate);
        try
        {
            ThrowIfDisposed();
            if (force ? _versions.Current.Active.EntryCount == 0 : _versions.Current.Active.ApproximateBytes < _options.MemtableSize) return;
            RotateMemtableLocked();
        }
        finally
        {
            _commitGate.Exit();
        }
    }
}
