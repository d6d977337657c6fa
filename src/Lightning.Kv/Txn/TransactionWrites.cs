using System.Runtime.InteropServices;
using Lightning.Kv.Encoding;
using Lightning.Kv.Iterators;

namespace Lightning.Kv.Txn;

/// <summary>
/// A transaction's buffered writes; a null value is a delete. Point lookups and overwrites go through a hash map probed
/// with spans (no allocation per lookup, O(1) per write); key order is needed only to encode the commit and to scan,
/// so keys written since the last ordered read wait in an unsorted tail that is sorted and merged in on demand.
/// </summary>
internal sealed class TransactionWrites
{
    private readonly Dictionary<byte[], byte[]?> _entries = new(KeyEqualityComparer.Instance);
    private readonly Dictionary<byte[], byte[]?>.AlternateLookup<ReadOnlySpan<byte>> _lookup;
    private List<byte[]> _sorted = [];
    private readonly List<byte[]> _unsortedTail = [];
    private bool _tailAscending = true;
    private long _bytes;

    public TransactionWrites() => _lookup = _entries.GetAlternateLookup<ReadOnlySpan<byte>>();

    public int Count => _entries.Count;

    /// <summary>A copy that later writes to either side do not affect (keys and values are never mutated, so they are shared).</summary>
    public TransactionWrites Clone()
    {
        var copy = new TransactionWrites();
        foreach (KeyValuePair<byte[], byte[]?> entry in _entries) copy._entries.Add(entry.Key, entry.Value);
        copy._sorted = [.. _sorted];
        copy._unsortedTail.AddRange(_unsortedTail);
        copy._tailAscending = _tailAscending;
        copy._bytes = _bytes;
        return copy;
    }

    /// <summary>Records a write, copying the key; <paramref name="value"/> is kept as given.</summary>
    public void Set(ReadOnlySpan<byte> key, byte[]? value)
    {
        if (_lookup.TryGetValue(key, out byte[]? existingKey, out _))
        {
            Account(key.Length, value);
            _entries[existingKey!] = value;
            return;
        }
        Add(key.ToArray(), value);
    }

    /// <summary>Records a write taking ownership of both arrays (the caller must not change them afterwards).</summary>
    public void SetOwned(byte[] key, byte[]? value)
    {
        Account(key.Length, value);
        // One hash probe finds or adds the slot (the SQL layer's inserts are mostly new keys).
        ref byte[]? slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_entries, key, out bool exists);
        slot = value;
        if (!exists) AppendToTail(key);
    }

    private void Add(byte[] key, byte[]? value)
    {
        Account(key.Length, value);
        _entries.Add(key, value);
        AppendToTail(key);
    }

    private void AppendToTail(byte[] key)
    {
        // Keys often arrive in ascending order (sequential ids): then the tail needs no sort.
        if (_tailAscending && _unsortedTail.Count > 0 && KeyComparer.Instance.Compare(_unsortedTail[^1], key) >= 0) _tailAscending = false;
        _unsortedTail.Add(key);
    }

    private void Account(int keyLength, byte[]? value)
    {
        // Overwrites are counted again: the bound is on work done, and stays a safe over-estimate of the encoded size.
        _bytes += keyLength + (value?.Length ?? 0) + 16;
        if (_bytes > KvLimits.MaxBatchSize) Throw.BatchTooLarge(_bytes);
    }

    public bool TryGet(ReadOnlySpan<byte> key, out byte[]? value) => _lookup.TryGetValue(key, out value);

    /// <summary>Encodes the write set for commit, in key order.</summary>
    public WriteSetBuilder Encode()
    {
        List<byte[]> keys = SortedKeys();
        var builder = new WriteSetBuilder((int)Math.Min(_bytes + 16, Array.MaxLength));
        foreach (byte[] key in keys)
        {
            byte[]? value = _entries[key];
            if (value is null) builder.Delete(key);
            else builder.Put(key, value);
        }
        return builder;
    }

    /// <summary>An iterator over a copy of the current writes, so later writes do not disturb a running scan.</summary>
    public EntryIterator CreateIterator()
    {
        List<byte[]> sorted = SortedKeys();
        var keys = sorted.ToArray();
        var values = new byte[]?[keys.Length];
        for (int i = 0; i < keys.Length; i++) values[i] = _entries[keys[i]];
        return new SortedArrayIterator(keys, values);
    }

    /// <summary>All keys in order: the tail written since the last call is sorted and merged into the sorted run.</summary>
    private List<byte[]> SortedKeys()
    {
        if (_unsortedTail.Count == 0) return _sorted;
        if (!_tailAscending) _unsortedTail.Sort(KeyComparer.Instance);
        _tailAscending = true;
        if (_sorted.Count == 0 || KeyComparer.Instance.Compare(_sorted[^1], _unsortedTail[0]) < 0)
        {
            // Everything new sorts after everything old: append instead of merging.
            _sorted.AddRange(_unsortedTail);
            _unsortedTail.Clear();
            return _sorted;
        }
        var merged = new List<byte[]>(_sorted.Count + _unsortedTail.Count);
        int a = 0, b = 0;
        while (a < _sorted.Count && b < _unsortedTail.Count)
            merged.Add(_sorted[a].AsSpan().SequenceCompareTo(_unsortedTail[b]) < 0 ? _sorted[a++] : _unsortedTail[b++]);
        while (a < _sorted.Count) merged.Add(_sorted[a++]);
        while (b < _unsortedTail.Count) merged.Add(_unsortedTail[b++]);
        _sorted = merged;
        _unsortedTail.Clear();
        return _sorted;
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
