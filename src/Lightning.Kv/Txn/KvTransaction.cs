using Lightning.Kv.Engine;
using Lightning.Kv.Iterators;
using Lightning.Kv.Txn;

namespace Lightning.Kv;

/// <summary>
/// A snapshot-isolation transaction: reads see the database as of <see cref="LightningDb.BeginTransaction"/>
/// plus this transaction's own writes; writes are buffered and applied atomically by <see cref="Commit"/>,
/// which throws <see cref="LightningConflictException"/> when another transaction committed a write to one
/// of the same keys in the meantime. Not thread-safe: use one transaction from one thread at a time.
/// A transaction that only reads costs a snapshot pin and nothing else.
/// </summary>
public sealed partial class KvTransaction : IDisposable
{
    private readonly LightningDb _db;
    private Snapshot _snapshot;
    private TransactionWrites? _writes;
    private bool _completed;

    internal KvTransaction(LightningDb db, Snapshot snapshot)
    {
        _db = db;
        _snapshot = snapshot;
    }

    /// <summary>True until the transaction commits, rolls back or is disposed.</summary>
    public bool IsActive => !_completed;

    /// <summary>The sequence number of the snapshot the transaction reads (for history checkers in tests).</summary>
    internal ulong SnapshotSequence => _snapshot.Sequence;

    /// <summary>The sequence number its commit received; 0 before commit or when it wrote nothing.</summary>
    internal ulong CommitSequence { get; private set; }

    /// <summary>The value of <paramref name="key"/> as this transaction sees it; null when absent.</summary>
    public byte[]? Get(ReadOnlySpan<byte> key)
    {
        KvLimits.CheckKey(key);
        ThrowIfCompleted();
        if (_writes is not null && _writes.TryGet(key, out byte[]? own)) return own?.ToArray();
        return _db.GetAt(_snapshot, key);
    }

    /// <summary>Like <see cref="Get"/>, but a value this transaction wrote itself is returned without a copy: for callers
    /// (the SQL layer) that never modify what they read.</summary>
    internal byte[]? GetShared(ReadOnlySpan<byte> key)
    {
        KvLimits.CheckKey(key);
        ThrowIfCompleted();
        if (_writes is not null && _writes.TryGet(key, out byte[]? own)) return own;
        return _db.GetAt(_snapshot, key);
    }

    /// <summary>Whether <paramref name="key"/> is present as this transaction sees it, without copying its value: the SQL
    /// layer's uniqueness probes only need to know that a row or index entry exists.</summary>
    internal bool Contains(ReadOnlySpan<byte> key)
    {
        KvLimits.CheckKey(key);
        ThrowIfCompleted();
        if (_writes is not null && _writes.TryGet(key, out byte[]? own)) return own is not null;
        // An empty destination: the lookup reports presence and length and copies nothing.
        return _db.TryGetAt(_snapshot, key, Span<byte>.Empty, out _);
    }

    /// <summary>Buffers a put; visible to this transaction at once, to others after <see cref="Commit"/>.</summary>
    public void Put(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        KvLimits.CheckKey(key);
        KvLimits.CheckValue(value);
        ThrowIfCompleted();
        (_writes ??= new TransactionWrites()).Set(key, value.ToArray());
    }

    /// <summary>Buffers a put of arrays the caller hands over (no copies): the SQL layer builds fresh keys and rows per write.</summary>
    internal void PutOwned(byte[] key, byte[] value)
    {
        KvLimits.CheckKey(key);
        KvLimits.CheckValue(value);
        ThrowIfCompleted();
        (_writes ??= new TransactionWrites()).SetOwned(key, value);
    }

    /// <summary>Buffers a delete of a key array the caller hands over.</summary>
    internal void DeleteOwned(byte[] key)
    {
        KvLimits.CheckKey(key);
        ThrowIfCompleted();
        (_writes ??= new TransactionWrites()).SetOwned(key, null);
    }

    /// <summary>A snapshot of the buffered writes, for a SQL savepoint (<see cref="RestoreWrites"/> goes back to it).</summary>
    internal object? CaptureWrites()
    {
        ThrowIfCompleted();
        return _writes?.Clone();
    }

    /// <summary>Replaces the buffered writes with a snapshot from <see cref="CaptureWrites"/> (ROLLBACK TO a savepoint).</summary>
    internal void RestoreWrites(object? captured)
    {
        ThrowIfCompleted();
        _writes = ((TransactionWrites?)captured)?.Clone();
    }

    /// <summary>Buffers a delete.</summary>
    public void Delete(ReadOnlySpan<byte> key)
    {
        KvLimits.CheckKey(key);
        ThrowIfCompleted();
        (_writes ??= new TransactionWrites()).Set(key, null);
    }

    /// <summary>Like <see cref="LightningDb.Scan"/>, at this transaction's snapshot and including its own writes.</summary>
    public IEnumerable<KeyValuePair<byte[], byte[]>> Scan(byte[]? from, byte[]? to, bool reverse = false)
    {
        ThrowIfCompleted();
        return new ScanEnumerable(_db, this, from, to, reverse);
    }

    /// <summary>
    /// A scan at this transaction's snapshot, including its own writes, that lends each entry without copying
    /// (<see cref="KvCursor"/>): for the SQL layer, which decodes rows straight from the spans. Dispose it when done.
    /// </summary>
    internal KvCursor OpenCursor(byte[]? from, byte[]? to, bool reverse)
    {
        ThrowIfCompleted();
        return KvCursor.Open(_db, this, from, to, reverse);
    }

    /// <summary>Applies the buffered writes atomically and durably (per the database's durability mode).</summary>
    /// <exception cref="LightningConflictException">Another transaction wrote one of the same keys after this one began; nothing was written.</exception>
    public void Commit()
    {
        ThrowIfCompleted();
        _completed = true;
        try
        {
            if (_writes is null || _writes.Count == 0) return;
            var commit = new PendingCommit(_writes.Encode(), _snapshot.Sequence, checkConflicts: true);
            _db.Commit(commit);
            CommitSequence = commit.Sequence;
        }
        finally
        {
            _writes = null;
            _snapshot.Release();
        }
    }

    /// <summary>Discards the buffered writes.</summary>
    public void Rollback()
    {
        ThrowIfCompleted();
        Complete();
    }

    /// <summary>Rolls back unless the transaction was committed.</summary>
    public void Dispose()
    {
        if (!_completed) Complete();
    }

    /// <summary>
    /// Starts this completed transaction object again on a fresh snapshot, as <see cref="LightningDb.BeginTransaction"/>
    /// would: the SQL layer keeps one per session for its autocommit reads, so a cached query allocates no transaction.
    /// </summary>
    internal void Restart()
    {
        _db.ThrowIfDisposed();
        if (!_completed) throw new InvalidOperationException("Only a completed transaction can be restarted.");
        _snapshot = _db.Versions.Acquire();
        CommitSequence = 0;
        _completed = false;
    }

    internal Snapshot PinSnapshot()
    {
        ThrowIfCompleted();
        if (!_snapshot.Version.TryAcquire()) Throw.Disposed("transaction");
        return _snapshot;
    }

    internal EntryIterator? CreateWriteIterator() => _writes?.CreateIterator();

    private void Complete()
    {
        _completed = true;
        _writes = null;
        _snapshot.Release();
    }

    private void ThrowIfCompleted()
    {
        _db.ThrowIfDisposed();
        if (_completed)
            throw new LightningException(LightningErrorCode.TransactionCompleted, "The transaction has already been committed or rolled back.");
    }
}
