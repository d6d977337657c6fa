using System.Collections;

namespace Lightning.Kv.Iterators;

/// <summary>
/// The result of a Scan: each enumeration opens a <see cref="KvCursor"/> (which pins a snapshot, the transaction's or a
/// fresh one, and merges the sources) and copies out each entry.
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

    public IEnumerator<KeyValuePair<byte[], byte[]>> GetEnumerator() =>
        new Enumerator(KvCursor.Open(_db, _transaction, _from, _to, _reverse));

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Copies each entry the cursor lends, so callers may keep it.</summary>
    private sealed class Enumerator(KvCursor cursor) : IEnumerator<KeyValuePair<byte[], byte[]>>
    {
        public KeyValuePair<byte[], byte[]> Current { get; private set; }

        object IEnumerator.Current => Current;

        public bool MoveNext()
        {
            if (!cursor.MoveNext()) return false;
            Current = new KeyValuePair<byte[], byte[]>(cursor.Key.ToArray(), cursor.Value.ToArray());
            return true;
        }

        public void Reset() => throw new NotSupportedException("Scans cannot be reset; call Scan again.");

        public void Dispose() => cursor.Dispose();
    }
}
