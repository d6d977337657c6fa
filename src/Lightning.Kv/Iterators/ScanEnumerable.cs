using System.Collections;
using Lightning.Kv.Engine;

namespace Lightning.Kv.Iterators;

/// <summary>
/// The result of a Scan: each enumeration pins a snapshot (the transaction's, or a fresh one) and merges
/// the sources through a <see cref="MergingIterator"/>, copying out each entry.
/// </summary>
internal sealed class ScanEnumerable : IEnumerable<KeyValuePair<byte[], byte[]>>
{
    private readonly LightningDb _db;
    private readonly KvTransaction? _transaction;
    private readonly byte[]? _from;
    private readonly byte[]? _to;
    private readonly bool _reverse;

    public ScanEnumerable(LightningDb db, KvTransaction? transaction, byte[]? from, byte[]? to, bool reverse)
    {
        if (from is not null && from.Length > KvLimits.MaxKeySize) Throw.KeyTooLarge(from.Length);
        if (to is not null && to.Length > KvLimits.MaxKeySize) Throw.KeyTooLarge(to.Length);
        _db = db;
        _transaction = transaction;
        _from = from?.ToArray();
        _to = to?.ToArray();
        _reverse = reverse;
    }

    public IEnumerator<KeyValuePair<byte[], byte[]>> GetEnumerator()
    {
        _db.ThrowIfDisposed();
        Snapshot snapshot;
        EntryIterator? own = null;
        if (_transaction is null)
        {
            snapshot = _db.Versions.Acquire();
        }
        else
        {
            snapshot = _transaction.PinSnapshot();
            own = _transaction.CreateWriteIterator();
        }
        var merged = new MergingIterator(_db.CreateSources(snapshot, own));
        return new Enumerator(_db, merged, snapshot, _from, _to, _reverse);
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private sealed class Enumerator : IEnumerator<KeyValuePair<byte[], byte[]>>
    {
        private readonly LightningDb _db;
        private readonly MergingIterator _iterator;
        private readonly byte[]? _from;
        private readonly byte[]? _to;
        private readonly bool _reverse;
        private Snapshot _snapshot;
        private bool _started;
        private bool _released;

        public Enumerator(LightningDb db, MergingIterator iterator, Snapshot snapshot, byte[]? from, byte[]? to, bool reverse)
        {
            _db = db;
            _iterator = iterator;
            _snapshot = snapshot;
            _from = from;
            _to = to;
            _reverse = reverse;
        }

        public KeyValuePair<byte[], byte[]> Current { get; private set; }

        object IEnumerator.Current => Current;

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
            Current = new KeyValuePair<byte[], byte[]>(_iterator.Key.ToArray(), _iterator.Value.ToArray());
            return true;
        }

        private bool OutOfRange(ReadOnlySpan<byte> key) =>
            _reverse
                ? _from is not null && key.SequenceCompareTo(_from) < 0
                : _to is not null && key.SequenceCompareTo(_to) >= 0;

        public void Reset() => throw new NotSupportedException("Scans cannot be reset; call Scan again.");

        public void Dispose()
        {
            if (_released) return;
            _released = true;
            _iterator.Dispose();
            _snapshot.Release();
        }
    }
}
