using Lightning.Kv;
using Lightning.Kv.Iterators;

namespace Lightning.Data.Execution;

/// <summary>
/// A statement's view of the store: reads go to the transaction (its snapshot plus earlier statements' writes); writes
/// are buffered here and reach the transaction only when the whole statement succeeds, so a failing statement leaves
/// no partial effect even inside an explicit transaction. Point reads see the statement's own buffered writes (so a
/// multi-row INSERT detects duplicates among its own rows); scans do not, which is what UPDATE and INSERT … SELECT need.
/// Most statements buffer a handful of writes (a row and its index entries), so they are kept in write order and
/// searched by a short scan; a map is built only once a statement has written more than a few keys.
/// </summary>
internal sealed class StatementStorage
{
    private const int ScanLimit = 8;

    private KvTransaction _transaction;
    private readonly List<byte[]> _keys = [];
    private readonly List<byte[]?> _values = [];
    private Dictionary<byte[], int>? _index;
    private Dictionary<byte[], int>.AlternateLookup<ReadOnlySpan<byte>> _indexLookup;

    public StatementStorage(KvTransaction transaction) => _transaction = transaction;

    public KvTransaction Transaction => _transaction;

    /// <summary>Points a pooled plan's storage at the next execution's transaction, dropping anything still buffered.</summary>
    public void Reset(KvTransaction? transaction)
    {
        _transaction = transaction!;
        ClearBuffer();
    }

    public bool HasWrites => _keys.Count > 0;

    /// <summary>Whether this statement may have buffered a write to a key starting with <paramref name="prefix"/> (a table's
    /// key space). Only a short buffer is searched; a longer one answers true, so a long statement never pays per row.</summary>
    public bool MayHaveWritesWithin(ReadOnlySpan<byte> prefix)
    {
        if (_keys.Count > ScanLimit) return true;
        foreach (byte[] key in _keys)
            if (key.AsSpan().StartsWith(prefix)) return true;
        return false;
    }

    /// <summary>The value at <paramref name="key"/> (this statement's own write first); null when absent. Do not modify it.</summary>
    public byte[]? Get(ReadOnlySpan<byte> key)
    {
        int own = IndexOf(key);
        return own >= 0 ? _values[own] : _transaction.GetShared(key);
    }

    /// <summary>Whether <paramref name="key"/> is present, without copying its value (uniqueness probes).</summary>
    public bool Contains(ReadOnlySpan<byte> key)
    {
        int own = IndexOf(key);
        return own >= 0 ? _values[own] is not null : _transaction.Contains(key);
    }

    /// <summary>
    /// Reads the value at <paramref name="key"/> in place (this statement's own write first, else the transaction's
    /// zero-copy read): <paramref name="reader"/> is called once when it is present and must not keep the span.
    /// </summary>
    public bool TryRead<TState>(ReadOnlySpan<byte> key, TState state, ValueReader<TState> reader) where TState : allows ref struct
    {
        int own = IndexOf(key);
        if (own < 0) return _transaction.TryRead(key, state, reader);
        byte[]? value = _values[own];
        if (value is null) return false;
        reader(value, state);
        return true;
    }

    public IEnumerable<KeyValuePair<byte[], byte[]>> Scan(byte[]? from, byte[]? to, bool reverse) => _transaction.Scan(from, to, reverse);

    /// <summary>
    /// A scan that lends each entry's key and value (valid until the next move) instead of copying them: for operators
    /// that decode rows as they go. The bounds must not change while it is open.
    /// </summary>
    public KvCursor OpenCursor(byte[]? from, byte[]? to, bool reverse) => _transaction.OpenCursor(from, to, reverse);

    public void Put(byte[] key, byte[] value)
    {
        if (key.Length > KvLimits.MaxKeySize)
            throw new LightningException(LightningErrorCode.KeyTooLarge,
                $"The stored key would be {key.Length} bytes, over the {KvLimits.MaxKeySize}-byte limit: the primary-key (or indexed) values of this row are too long. See docs/sql.md (Limits).");
        KvLimits.CheckKey(key);
        KvLimits.CheckValue(value);
        Record(key, value);
    }

    public void Delete(byte[] key) => Record(key, null);

    private void Record(byte[] key, byte[]? value)
    {
        int own = IndexOf(key);
        if (own >= 0)
        {
            _values[own] = value;
            return;
        }
        _keys.Add(key);
        _values.Add(value);
        if (_keys.Count == ScanLimit + 1) BuildIndex();
        else if (_keys.Count > ScanLimit + 1) _index!.Add(key, _keys.Count - 1);
    }

    private int IndexOf(ReadOnlySpan<byte> key)
    {
        int count = _keys.Count;
        if (count > ScanLimit) return _indexLookup.TryGetValue(key, out int found) ? found : -1;
        for (int i = 0; i < count; i++)
            if (key.SequenceEqual(_keys[i])) return i;
        return -1;
    }

    private void BuildIndex()
    {
        if (_index is null)
        {
            _index = new Dictionary<byte[], int>(Lightning.Kv.Encoding.KeyEqualityComparer.Instance);
            _indexLookup = _index.GetAlternateLookup<ReadOnlySpan<byte>>();
        }
        for (int i = 0; i < _keys.Count; i++) _index.Add(_keys[i], i);
    }

    /// <summary>Moves the buffered writes into the transaction, in the order they were made.</summary>
    public void Apply()
    {
        for (int i = 0; i < _keys.Count; i++)
        {
            byte[]? value = _values[i];
            if (value is null) _transaction.DeleteOwned(_keys[i]);
            else _transaction.PutOwned(_keys[i], value);
        }
        ClearBuffer();
    }

    private void ClearBuffer()
    {
        if (_keys.Count == 0) return;
        _keys.Clear();
        _values.Clear();
        _index?.Clear();
    }
}
