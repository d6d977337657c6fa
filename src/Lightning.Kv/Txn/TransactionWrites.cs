using Lightning.Kv.Encoding;
using Lightning.Kv.Iterators;

namespace Lightning.Kv.Txn;

/// <summary>A transaction's buffered writes, sorted by key; a null value is a delete.</summary>
internal sealed class TransactionWrites
{
    private readonly SortedDictionary<byte[], byte[]?> _entries = new(KeyComparer.Instance);
    private long _bytes;

    public int Count => _entries.Count;

    public void Set(ReadOnlySpan<byte> key, byte[]? value)
    {
        _bytes += key.Length + (value?.Length ?? 0) + 16;
        if (_bytes > KvLimits.MaxBatchSize) Throw.BatchTooLarge(_bytes);
        _entries[key.ToArray()] = value;
    }

    public bool TryGet(ReadOnlySpan<byte> key, out byte[]? value) =>
        _entries.TryGetValue(key.ToArray(), out value);

    /// <summary>Encodes the write set for commit, in key order.</summary>
    public WriteSetBuilder Encode()
    {
        var builder = new WriteSetBuilder((int)Math.Min(_bytes + 16, Array.MaxLength));
        foreach (KeyValuePair<byte[], byte[]?> entry in _entries)
        {
            if (entry.Value is null) builder.Delete(entry.Key);
            else builder.Put(entry.Key, entry.Value);
        }
        return builder;
    }

    /// <summary>An iterator over a copy of the current writes, so later writes do not disturb a running scan.</summary>
    public EntryIterator CreateIterator()
    {
        var keys = new byte[_entries.Count][];
        var values = new byte[]?[_entries.Count];
        int i = 0;
        foreach (KeyValuePair<byte[], byte[]?> entry in _entries)
        {
            keys[i] = entry.Key;
            values[i++] = entry.Value;
        }
        return new SortedArrayIterator(keys, values);
    }

    private sealed class SortedArrayIterator : EntryIterator
    {
        private readonly byte[][] _keys;
        private readonly byte[]?[] _values;
        private int _index = -1;

        public SortedArrayIterator(byte[][] keys, byte[]?[] values)
        {
            _keys = keys;
            _values = values;
        }

        public override bool Valid => _index >= 0 && _index < _keys.Length;

        public override ReadOnlySpan<byte> Key => _keys[_index];

        public override bool IsDeleted => _values[_index] is null;

        public override ReadOnlySpan<byte> Value => _values[_index];

        public override void SeekForward(byte[]? from) => _index = from is null ? 0 : LowerBound(from);

        public override void SeekBackward(byte[]? before) => _index = (before is null ? _keys.Length : LowerBound(before)) - 1;

        public override void Next() => _index++;

        public override void Previous() => _index--;

        private int LowerBound(byte[] key)
        {
            int index = Array.BinarySearch(_keys, key, KeyComparer.Instance);
            return index >= 0 ? index : ~index;
        }
    }
}
