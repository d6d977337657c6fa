using Lightning.Kv.Encoding;

namespace Lightning.Kv.Sst;

/// <summary>
/// Moves through one decoded data block in both directions. Prefix-compressed keys can only be rebuilt forward from
/// a restart point, so the cursor decodes a whole restart interval at a time into small reusable buffers (entry
/// headers plus a key arena); stepping inside the interval then costs nothing in either direction, and stepping
/// out of it decodes the neighbouring interval. Values stay in the block and are sliced, never copied.
/// </summary>
internal sealed class SstBlockCursor
{
    private byte[] _block = [];
    private int _blockLength;
    private int _limit;
    private int _restartCount;
    private string _path = "";
    private long _blockOffset;
    private DecodedEntry[] _entries = new DecodedEntry[SstFormat.DefaultRestartInterval];
    // Grown on demand (see LoadInterval): a restart interval of short keys needs a few hundred bytes, not MaxKeySize.
    private byte[] _keys = new byte[256];
    private int _count;
    private int _index;
    private int _restart;
    private bool _valid;

    /// <summary>True when positioned on an entry of the block.</summary>
    public bool Valid => _valid;

    /// <summary>The current entry's key; valid until the cursor moves.</summary>
    public ReadOnlySpan<byte> Key => _keys.AsSpan(_entries[_index].KeyStart, _entries[_index].KeyLength);

    /// <summary>The current entry's value, a slice of the block.</summary>
    public ReadOnlySpan<byte> Value => _block.AsSpan(_entries[_index].ValueOffset, _entries[_index].ValueLength);

    /// <summary>The current entry's kind.</summary>
    public EntryKind Kind => _entries[_index].Kind;

    /// <summary>The current entry's sequence number.</summary>
    public ulong Sequence => _entries[_index].Sequence;

    /// <summary>Points the cursor at a new block (not positioned until a seek).</summary>
    public void Reset(byte[] block, int length, string path, long blockOffset)
    {
        _block = block;
        _blockLength = length;
        _path = path;
        _blockOffset = blockOffset;
        _limit = SstBlockEntry.ReadRestartArray(Contents, path, blockOffset, out _restartCount);
        _valid = false;
    }

    /// <summary>Drops the reference to the block (so a pooled buffer can be returned).</summary>
    public void Clear()
    {
        _block = [];
        _blockLength = 0;
        _valid = false;
    }

    private ReadOnlySpan<byte> Contents => _block.AsSpan(0, _blockLength);

    /// <summary>Positions at the block's first entry.</summary>
    public void SeekToFirst() => Position(0, 0);

    /// <summary>Positions at the block's last entry.</summary>
    public void SeekToLast() => Position(_restartCount - 1, int.MaxValue);

    /// <summary>Positions at the first entry &gt;= <paramref name="key"/>; invalid when every entry is smaller.</summary>
    public void Seek(ReadOnlySpan<byte> key)
    {
        int restart = Math.Max(0, SstBlockEntry.FindRestart(Contents, _limit, _restartCount, key, strictlyLess: true, _path, _blockOffset));
        LoadInterval(restart);
        for (int i = 0; i < _count; i++)
        {
            if (KeyAt(i).SequenceCompareTo(key) >= 0)
            {
                _index = i;
                _valid = true;
                return;
            }
        }
        // Everything in this interval is smaller; the next restart key is >= key by the binary search.
        if (restart + 1 < _restartCount) Position(restart + 1, 0);
        else _valid = false;
    }

    /// <summary>Positions at the last entry &lt; <paramref name="key"/>; invalid when every entry is greater or equal.</summary>
    public void SeekBefore(ReadOnlySpan<byte> key)
    {
        int restart = SstBlockEntry.FindRestart(Contents, _limit, _restartCount, key, strictlyLess: true, _path, _blockOffset);
        if (restart < 0)
        {
            _valid = false;
            return;
        }
        LoadInterval(restart);
        int i = _count - 1;
        while (i > 0 && KeyAt(i).SequenceCompareTo(key) >= 0) i--;
        _index = i; // entry 0 is the restart key, which is < key
        _valid = true;
    }

    /// <summary>Moves to the next entry; invalid past the block's last.</summary>
    public void Next()
    {
        if (++_index < _count) return;
        if (_restart + 1 < _restartCount) Position(_restart + 1, 0);
        else _valid = false;
    }

    /// <summary>Moves to the previous entry; invalid before the block's first.</summary>
    public void Previous()
    {
        if (--_index >= 0) return;
        if (_restart > 0) Position(_restart - 1, int.MaxValue);
        else _valid = false;
    }

    private ReadOnlySpan<byte> KeyAt(int i) => _keys.AsSpan(_entries[i].KeyStart, _entries[i].KeyLength);

    /// <summary>Loads interval <paramref name="restart"/> and stands on entry <paramref name="index"/> (clamped to its last).</summary>
    private void Position(int restart, int index)
    {
        LoadInterval(restart);
        _index = Math.Min(index, _count - 1);
        _valid = true;
    }

    private void LoadInterval(int restart)
    {
        ReadOnlySpan<byte> block = Contents;
        int offset = SstBlockEntry.RestartOffset(block, _limit, restart, _path, _blockOffset);
        int end = restart + 1 < _restartCount ? SstBlockEntry.RestartOffset(block, _limit, restart + 1, _path, _blockOffset) : _limit;
        if (end <= offset) Throw.Corrupt(_path, _blockOffset, $"restart interval {restart} of the data block is empty");
        _restart = restart;
        _count = 0;
        int keyEnd = 0, previousStart = 0, previousLength = 0;
        while (offset < end)
        {
            int suffix = SstBlockEntry.DecodeHeader(block, offset, _limit, previousLength, _path, _blockOffset,
                out int shared, out int unshared, out int valueLength, out EntryKind kind, out ulong sequence);
            if (_count == _entries.Length) Array.Resize(ref _entries, _entries.Length * 2);
            if (keyEnd + shared + unshared > _keys.Length) Array.Resize(ref _keys, Math.Max(_keys.Length * 2, keyEnd + shared + unshared));
            // The shared prefix comes from the previous key of the interval, already rebuilt in the arena.
            _keys.AsSpan(previousStart, shared).CopyTo(_keys.AsSpan(keyEnd));
            block.Slice(suffix, unshared).CopyTo(_keys.AsSpan(keyEnd + shared));
            ref DecodedEntry entry = ref _entries[_count++];
            entry.KeyStart = keyEnd;
            entry.KeyLength = shared + unshared;
            entry.ValueOffset = suffix + unshared;
            entry.ValueLength = valueLength;
            entry.Kind = kind;
            entry.Sequence = sequence;
            previousStart = keyEnd;
            previousLength = entry.KeyLength;
            keyEnd += entry.KeyLength;
            offset = entry.ValueOffset + valueLength;
        }
        if (offset != end) Throw.Corrupt(_path, _blockOffset, $"an entry of restart interval {restart} runs past the next restart point");
    }

    /// <summary>One entry of the loaded interval: where its rebuilt key and its value lie.</summary>
    private struct DecodedEntry
    {
        public int KeyStart;
        public int KeyLength;
        public int ValueOffset;
        public int ValueLength;
        public ulong Sequence;
        public EntryKind Kind;
    }
}
