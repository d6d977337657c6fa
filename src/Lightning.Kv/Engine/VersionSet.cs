namespace Lightning.Kv.Engine;

/// <summary>
/// Holds the current <see cref="Version"/> and the visible sequence number, and knows which versions are
/// still pinned, so that the page allocator can tell which freed pages no reader can reach.
/// </summary>
internal sealed class VersionSet
{
    private readonly HashSet<Version> _live = new();
    private readonly Lock _lock = new();
    private Version _current = null!;
    private ulong _visibleSequence;

    public Version Current => Volatile.Read(ref _current);

    /// <summary>The newest sequence number whose commit is complete and visible to new reads.</summary>
    public ulong VisibleSequence => Volatile.Read(ref _visibleSequence);

    public void PublishSequence(ulong sequence) => Volatile.Write(ref _visibleSequence, sequence);

    /// <summary>Makes <paramref name="next"/> current; the previous current loses the set's reference.</summary>
    public void Install(Version next)
    {
        Version? previous;
        lock (_lock)
        {
            _live.Add(next);
            previous = _current;
            Volatile.Write(ref _current, next);
        }
        previous?.Release();
    }

    /// <summary>
    /// Pins a consistent (version, sequence) pair: the sequence is read while the version is current, so
    /// every commit at or below it lives in that version's memtables or tree.
    /// </summary>
    public Snapshot Acquire()
    {
        while (true)
        {
            Version version = Current;
            if (!version.TryAcquire()) continue;
            ulong sequence = VisibleSequence;
            if (ReferenceEquals(version, Current)) return new Snapshot(version, sequence);
            version.Release();
        }
    }

    /// <summary>The oldest tree transaction any live version reads.</summary>
    public ulong OldestPinnedTreeTxn()
    {
        lock (_lock)
        {
            ulong oldest = ulong.MaxValue;
            foreach (Version version in _live) oldest = Math.Min(oldest, version.Tree.TxnId);
            return oldest;
        }
    }

    internal void OnReleased(Version version)
    {
        lock (_lock) _live.Remove(version);
    }
}
