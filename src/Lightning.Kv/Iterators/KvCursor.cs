using Lightning.Kv.Engine;

namespace Lightning.Kv.Iterators;

/// <summary>
/// A range scan that lends each entry instead of copying it: <see cref="Key"/> and <see cref="Value"/> are views into the
/// engine's memory (memtable arena, run block or tree page), valid until the next <see cref="MoveNext"/> or
/// <see cref="Dispose"/>. The cursor pins one snapshot (a transaction's, including its own writes, or a fresh one) from
/// its first move until it ends or is disposed. Internal: the SQL layer decodes rows straight from these spans; the
/// public <c>Scan</c> copies them out. Every cursor counts as one scan in the metrics, timed from its opening until it
/// ends or is disposed (so the time includes what the caller does between entries, like a client's query duration).
/// </summary>
internal sealed class KvCursor : IDisposable
{
    private readonly LightningDb _db;
    private readonly MergingIterator _iterator;
    private readonly byte[]? _from;
    private readonly byte[]? _to;
    private readonly bool _reverse;
    private Snapshot _snapshot;
    private readonly long _timing;
    private bool _started;
    private bool _released;

    private KvCursor(LightningDb db, MergingIterator iterator, Snapshot snapshot, byte[]? from, byte[]? to, bool reverse)
    {
        _db = db;
        _iterator = iterator;
        _snapshot = snapshot;
        _from = from;
        _to = to;
        _reverse = reverse;
        _timing = db.EngineMetrics.Scans.Start();
    }

    /// <summary>
    /// Opens a cursor over <paramref name="from"/> &lt;= key &lt; <paramref name="to"/> (null = unbounded) at
    /// <paramref name="transaction"/>'s snapshot and writes, or at a fresh snapshot when it is null. The bounds are used
    /// as given (not copied): the caller must not change them while the cursor is open.
    /// </summary>
    public static KvCursor Open(LightningDb db, KvTransaction? transaction, byte[]? from, byte[]? to, bool reverse)
    {
        if (from is not null && from.Length > KvLimits.MaxKeySize) Throw.KeyTooLarge(from.Length);
        if (to is not null && to.Length > KvLimits.MaxKeySize) Throw.KeyTooLarge(to.Length);
        db.ThrowIfDisposed();
        Snapshot snapshot;
        EntryIterator? own = null;
        if (transaction is null)
        {
            snapshot = db.Versions.Acquire();
        }
        else
        {
            snapshot = transaction.PinSnapshot();
            own = transaction.CreateWriteIterator();
        }
        return new KvCursor(db, new MergingIterator(db.CreateSources(snapshot, own)), snapshot, from, to, reverse);
    }

    /// <summary>The current entry's key; valid until the next move.</summary>
    public ReadOnlySpan<byte> Key => _iterator.Key;

    /// <summary>The current entry's value; valid until the next move.</summary>
    public ReadOnlySpan<byte> Value => _iterator.Value;

    /// <summary>Moves to the first entry, then to each next one; false (and the snapshot released) past the last.</summary>
    public bool MoveNext()
    {
        if (_released) return false;
        _db.ThrowIfDisposed();
        if (!_started)
        {
            _started = true;
            _iterator.Seek(_from, _to, _reverse);
        }
        else
        {
            _iterator.Move();
        }
        if (!_iterator.Valid || OutOfRange(_iterator.Key))
        {
            Dispose();
            return false;
        }
        return true;
    }

    private bool OutOfRange(ReadOnlySpan<byte> key) =>
        _reverse
            ? _from is not null && key.SequenceCompareTo(_from) < 0
            : _to is not null && key.SequenceCompareTo(_to) >= 0;

    /// <summary>Releases the snapshot and the sources; the spans lent last become invalid.</summary>
    public void Dispose()
    {
        if (_released) return;
        _released = true;
        _iterator.Dispose();
        _snapshot.Release();
        _db.EngineMetrics.Scans.Stop(_timing);
    }
}
