using Lightning.Kv.BTree;
using Lightning.Kv.Encoding;
using Lightning.Kv.Engine;
using Lightning.Kv.Iterators;
using Lightning.Kv.Memtable;
using Lightning.Kv.Metrics;
using Lightning.Kv.Platform;
using Lightning.Kv.Sst;
using Lightning.Kv.Wal;

namespace Lightning.Kv;

/// <summary>
/// An embedded, ordered, crash-safe key-value store in one directory. Thread-safe: any number of threads
/// may read, write and run transactions concurrently; readers never wait for writers.
/// </summary>
/// <remarks>
/// One process opens a database directory at a time (an OS file lock). Within a process, opening a path
/// that is already open fails with <see cref="LightningErrorCode.DatabaseLocked"/>: share the one
/// <see cref="LightningDb"/> instance instead (Lightning.Data's connections do that for you).
/// </remarks>
public sealed partial class LightningDb : IDisposable
{
    private readonly LightningDbOptions _options;
    private readonly IDisposable _directoryLock;
    private readonly PageFile _pageFile;
    private readonly PageAllocator _allocator;
    private readonly WalLog _wal;
    private readonly IFileSystem _fileSystem;
    private readonly ArcSstBlockCache _sstCache = null!;
    private readonly VersionSet _versions = new();
    private readonly CommitQueue _commitQueue;
    private readonly EngineMetrics _metrics;
    private readonly Action<List<PendingCommit>> _processGroup;
    private volatile bool _disposed;

    /// <summary>The database directory.</summary>
    public string Path { get; }

    /// <summary>The options the database was opened with.</summary>
    public Durability Durability => _options.Durability;

    /// <summary>Opens (creating when missing, unless disabled) the database in directory <paramref name="path"/>.</summary>
    /// <exception cref="LightningException">The directory is locked by another process, a file is damaged
    /// (<see cref="LightningCorruptionException"/>), or an I/O error occurred.</exception>
    public static LightningDb Open(string path, LightningDbOptions? options = null)
    {
        if (string.IsNullOrWhiteSpace(path)) Throw.Invalid("The database path must not be empty.");
        return new LightningDb(System.IO.Path.GetFullPath(path), (options ?? new LightningDbOptions()).Validated());
    }

    /// <summary>Stores <paramref name="value"/> under <paramref name="key"/>, replacing any previous value.</summary>
    public void Put(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        PendingCommit commit = PendingCommit.RentSingle();
        commit.WriteSet.Put(key, value);
        Commit(commit);
        PendingCommit.ReturnSingle(commit);
    }

    /// <summary>Removes <paramref name="key"/>; removing an absent key is not an error.</summary>
    public void Delete(ReadOnlySpan<byte> key)
    {
        PendingCommit commit = PendingCommit.RentSingle();
        commit.WriteSet.Delete(key);
        Commit(commit);
        PendingCommit.ReturnSingle(commit);
    }

    /// <summary>Applies every operation of <paramref name="batch"/> atomically.</summary>
    public void Write(WriteBatch batch)
    {
        if (batch is null) Throw.Invalid("The write batch must not be null.");
        if (batch.Count == 0) return;
        Commit(new PendingCommit(batch.Builder, 0, checkConflicts: false));
    }

    /// <summary>The value of <paramref name="key"/>; null when absent, an empty array for an empty value.</summary>
    public byte[]? Get(ReadOnlySpan<byte> key)
    {
        KvLimits.CheckKey(key);
        ThrowIfDisposed();
        Snapshot snapshot = _versions.Acquire();
        try
        {
            return GetAt(snapshot, key);
        }
        finally
        {
            snapshot.Release();
        }
    }

    /// <summary>
    /// Copies the value of <paramref name="key"/> into <paramref name="destination"/> without allocating.
    /// Returns false when the key is absent. When the value is longer than the destination, nothing is
    /// copied, true is returned and <paramref name="valueLength"/> tells the size needed.
    /// </summary>
    public bool TryGet(ReadOnlySpan<byte> key, Span<byte> destination, out int valueLength)
    {
        KvLimits.CheckKey(key);
        ThrowIfDisposed();
        Snapshot snapshot = _versions.Acquire();
        try
        {
            return TryGetAt(snapshot, key, destination, out valueLength);
        }
        finally
        {
            snapshot.Release();
        }
    }

    /// <summary>
    /// The live entries with <paramref name="from"/> &lt;= key &lt; <paramref name="to"/> (null = unbounded),
    /// ascending or, when <paramref name="reverse"/>, descending. Enumeration reads one consistent snapshot
    /// taken when it starts; dispose the enumerator (foreach does) to release it.
    /// </summary>
    public IEnumerable<KeyValuePair<byte[], byte[]>> Scan(byte[]? from, byte[]? to, bool reverse = false)
    {
        ThrowIfDisposed();
        return new ScanEnumerable(this, null, from, to, reverse);
    }

    /// <summary>Starts a snapshot-isolation transaction. Dispose it (or call <see cref="KvTransaction.Rollback"/>) when done.</summary>
    public KvTransaction BeginTransaction()
    {
        ThrowIfDisposed();
        return new KvTransaction(this, _versions.Acquire());
    }

    /// <summary>
    /// Writes everything in memory to disk and merges every level-0 run into the B+Tree now, waiting for both
    /// (normally the background flush and compaction do this as data accumulates).
    /// </summary>
    public void Flush()
    {
        FlushMemtables();
        CompactLevel0();
    }

    /// <summary>Writes every memtable out as a level-0 run and waits, without compacting (tests use it to build runs).</summary>
    internal void FlushMemtables()
    {
        ThrowIfDisposed();
        RotateMemtable(force: true);
        WaitForFlushes();
    }

    /// <summary>Closes the database, making every acknowledged commit durable regardless of the durability mode.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        LightningKvMeter.Unregister(this);
        StopBackgroundWork();
        try
        {
            lock (_commitGate)
            {
                _wal.Dispose();
            }
        }
        finally
        {
            foreach (Level0Run run in _versions.Current.Level0) run.Close();
            _pageFile.Dispose();
            _directoryLock.Dispose();
        }
    }

    internal void ThrowIfDisposed()
    {
        if (_disposed) Throw.Disposed("database");
    }

    internal PageFile PageFile => _pageFile;

    internal VersionSet Versions => _versions;

    internal EntryIterator[] CreateSources(Snapshot snapshot, EntryIterator? newest)
    {
        Engine.Version version = snapshot.Version;
        var sources = new EntryIterator[(newest is null ? 0 : 1) + 1 + version.Immutables.Length + version.Level0.Length + 1];
        int at = 0;
        if (newest is not null) sources[at++] = newest;
        sources[at++] = new MemTableIterator(version.Active, snapshot.Sequence);
        foreach (MemTable table in version.Immutables) sources[at++] = new MemTableIterator(table, snapshot.Sequence);
        foreach (Level0Run run in version.Level0) sources[at++] = run.Reader.NewIterator();
        sources[at] = new TreeIterator(_pageFile, version.Tree);
        return sources;
    }
}
