using System.Buffers.Binary;
using Lightning.Kv.Encoding;

namespace Lightning.Kv.Sst;

/// <summary>
/// The index block decoded into flat arrays at open: separator keys packed in one array, and each data block's
/// handle. Immutable, so concurrent readers share it. Decoding checks that the blocks tile the data region exactly
/// and that separators ascend.
/// </summary>
internal sealed class SstIndex
{
    private readonly byte[] _keys;
    private readonly int[] _keyStarts;
    private readonly long[] _offsets;
    private readonly int[] _sizes;

    private SstIndex(byte[] keys, int[] keyStarts, long[] offsets, int[] sizes)
    {
        _keys = keys;
        _keyStarts = keyStarts;
        _offsets = offsets;
        _sizes = sizes;
    }

    /// <summary>Number of data blocks.</summary>
    public int Count => _offsets.Length;

    /// <summary>Where data block <paramref name="block"/> is stored.</summary>
    public SstBlockHandle Handle(int block) => new(_offsets[block], _sizes[block]);

    /// <summary>The separator of data block <paramref name="block"/>.</summary>
    public ReadOnlySpan<byte> Separator(int block) => _keys.AsSpan(_keyStarts[block], _keyStarts[block + 1] - _keyStarts[block]);

    /// <summary>The first block whose separator is &gt;= <paramref name="key"/>: the only block that can hold it. <see cref="Count"/> when none.</summary>
    public int FindBlock(ReadOnlySpan<byte> key)
    {
        int lo = 0, hi = _offsets.Length;
        while (lo < hi)
        {
            int mid = (int)((uint)(lo + hi) >> 1);
            if (Separator(mid).SequenceCompareTo(key) < 0) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    /// <summary>Decodes the index block's contents; the data blocks must end exactly at <paramref name="dataEnd"/>.</summary>
    public static SstIndex Decode(ReadOnlySpan<byte> contents, long dataEnd, string path, long blockOffset)
    {
        if (contents.Length < 4) Throw.Corrupt(path, blockOffset, "index block is too short");
        int count = BinaryPrimitives.ReadInt32LittleEndian(contents[^4..]);
        // Each entry takes at least 1 + 1 + 12 bytes.
        if (count < 1 || count > (contents.Length - 4) / 14) Throw.Corrupt(path, blockOffset, $"index block claims {count} entries");
        ReadOnlySpan<byte> entries = contents[..^4];
        var keyStarts = new int[count + 1];
        var offsets = new long[count];
        var sizes = new int[count];
        var keys = new byte[entries.Length];
        int at = 0, keyEnd = 0;
        long expectedOffset = 0;
        for (int i = 0; i < count; i++)
        {
            int n = VarInt.TryRead(entries[at..], out uint keyLength);
            if (n == 0 || keyLength == 0 || keyLength > KvLimits.MaxKeySize || (long)at + n + keyLength + 12 > entries.Length)
                Throw.Corrupt(path, blockOffset, $"index entry {i} is malformed");
            at += n;
            ReadOnlySpan<byte> key = entries.Slice(at, (int)keyLength);
            if (i > 0 && key.SequenceCompareTo(keys.AsSpan(keyStarts[i - 1], keyEnd - keyStarts[i - 1])) <= 0)
                Throw.Corrupt(path, blockOffset, $"index entry {i} is out of order");
            key.CopyTo(keys.AsSpan(keyEnd));
            keyStarts[i] = keyEnd;
            keyEnd += key.Length;
            at += key.Length;
            offsets[i] = BinaryPrimitives.ReadInt64LittleEndian(entries[at..]);
            sizes[i] = BinaryPrimitives.ReadInt32LittleEndian(entries[(at + 8)..]);
            at += 12;
            // Data blocks sit back to back from offset 0, each followed by its trailer.
            if (offsets[i] != expectedOffset || sizes[i] < 0 || sizes[i] > SstFormat.MaxBlockContentSize)
                Throw.Corrupt(path, blockOffset, $"index entry {i} points at offset {offsets[i]}, expected {expectedOffset}");
            expectedOffset = new SstBlockHandle(offsets[i], sizes[i]).End;
        }
        keyStarts[count] = keyEnd;
        if (at != entries.Length || expectedOffset != dataEnd)
            Throw.Corrupt(path, blockOffset, "index entries do not cover the data blocks exactly");
        return new SstIndex(keys.AsSpan(0, keyEnd).ToArray(), keyStarts, offsets, sizes);
    }
}
