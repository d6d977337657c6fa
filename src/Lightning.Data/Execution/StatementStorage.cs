using Lightning.Kv;

namespace Lightning.Data.Execution;

/// <summary>
/// A statement's view of the store: reads go to the transaction (its snapshot plus earlier statements' writes); writes
/// are buffered here and reach the transaction only when the whole statement succeeds, so a failing statement leaves
/// no partial effect even inside an explicit transaction. Point reads see the statement's own buffered writes (so a
/// multi-row INSERT detects duplicates among its own rows); scans do not, which is what UPDATE and INSERT … SELECT need.
/// </summary>
internal sealed class StatementStorage
{
    private KvTransaction _transaction;
    private Dictionary<byte[], byte[]?>? _writes;
    private List<byte[]>? _order;

    public StatementStorage(KvTransaction transaction) => _transaction = transaction;

    public KvTransaction Transaction => _transaction;

    /// <summary>Points a pooled plan's storage at the next execution's transaction, dropping anything still buffered.</summary>
    public void Reset(KvTransaction? transaction)
    {
        _transaction = transaction!;
        _order?.Clear();
        _writes?.Clear();
    }

    public bool HasWrites => _order is { Count: > 0 };

    public byte[]? Get(ReadOnlySpan<byte> key)
    {
        if (_writes is not null && _writes.GetAlternateLookup<ReadOnlySpan<byte>>().TryGetValue(key, out byte[]? own)) return own;
        return _transaction.GetShared(key);
    }

    public IEnumerable<KeyValuePair<byte[], byte[]>> Scan(byte[]? from, byte[]? to, bool reverse) => _transaction.Scan(from, to, reverse);

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
        _writes ??= new Dictionary<byte[], byte[]?>(Lightning.Kv.Encoding.KeyEqualityComparer.Instance);
        _order ??= [];
        if (!_writes.ContainsKey(key)) _order.Add(key);
        _writes[key] = value;
    }

    /// <summary>Moves the buffered writes into the transaction.</summary>
    public void Apply()
    {
        if (_order is null || _writes is null) return;
        foreach (byte[] key in _order)
        {
            byte[]? value = _writes[key];
            if (value is null) _transaction.DeleteOwned(key);
            else _transaction.PutOwned(key, value);
        }
        _order.Clear();
        _writes.Clear();
    }
}
