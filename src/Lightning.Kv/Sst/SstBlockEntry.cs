using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using Lightning.Kv.Encoding;

namespace Lightning.Kv.Sst;

/// <summary>
/// Decodes the parts of a data block (see <see cref="SstBlockBuilder"/>): its restart array and its entry headers.
/// Every length and offset is checked against the block, so damaged contents raise
/// <see cref="LightningCorruptionException"/> instead of reading out of bounds.
/// </summary>
internal static class SstBlockEntry
{
    /// <summary>Reads the restart count and finds where the restart array starts (= the end of the entries).</summary>
    public static int ReadRestartArray(ReadOnlySpan<byte> block, string path, long blockOffset, out int restartCount)
    {
        restartCount = 0;
        if (block.Length < 8) Throw.Corrupt(path, blockOffset, "data block is too short to hold a restart array");
        int count = BinaryPrimitives.ReadInt32LittleEndian(block[^4..]);
        if (count < 1 || count > (block.Length - 4) / 4)
            Throw.Corrupt(path, blockOffset, $"data block claims {count} restart points");
        restartCount = count;
        return block.Length - 4 - 4 * count;
    }

    /// <summary>The offset of restart point <paramref name="index"/>, checked to lie within the entries.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int RestartOffset(ReadOnlySpan<byte> block, int restartsOffset, int index, string path, long blockOffset)
    {
        int offset = BinaryPrimitives.ReadInt32LittleEndian(block[(restartsOffset + 4 * index)..]);
        if ((uint)offset >= (uint)restartsOffset) Throw.Corrupt(path, blockOffset, $"restart point {index} lies outside the block's entries");
        return offset;
    }

    /// <summary>
    /// Decodes the entry header at <paramref name="offset"/> (entries end at <paramref name="limit"/>) and returns the
    /// offset of its key suffix; the value follows the suffix. <paramref name="previousKeyLength"/> bounds the shared part.
    /// </summary>
    public static int DecodeHeader(ReadOnlySpan<byte> block, int offset, int limit, int previousKeyLength, string path, long blockOffset,
        out int shared, out int unshared, out int valueLength, out EntryKind kind, out ulong sequence)
    {
        ReadOnlySpan<byte> source = block[offset..limit];
        uint unsharedBytes = 0, valueBytes = 0;
        int a = VarInt.TryRead(source, out uint sharedBytes);
        int b = a == 0 ? 0 : VarInt.TryRead(source[a..], out unsharedBytes);
        int c = b == 0 ? 0 : VarInt.TryRead(source[(a + b)..], out valueBytes);
        int at = a + b + c;
        if (c == 0 || at + 9 > source.Length) Throw.Corrupt(path, blockOffset, $"entry header at block offset {offset} is cut short");
        kind = (EntryKind)source[at];
        sequence = BinaryPrimitives.ReadUInt64LittleEndian(source[(at + 1)..]);
        at += 9;
        if (sharedBytes > (uint)previousKeyLength || sharedBytes + (ulong)unsharedBytes > KvLimits.MaxKeySize
            || sharedBytes + (ulong)unsharedBytes == 0 || (kind != EntryKind.Put && kind != EntryKind.Delete)
            || (ulong)at + unsharedBytes + valueBytes > (ulong)source.Length)
            Throw.Corrupt(path, blockOffset, $"entry at block offset {offset} is malformed");
        shared = (int)sharedBytes;
        unshared = (int)unsharedBytes;
        valueLength = (int)valueBytes;
        return offset + at;
    }

    /// <summary>The whole key stored at a restart point (which shares nothing with its predecessor).</summary>
    public static ReadOnlySpan<byte> RestartKey(ReadOnlySpan<byte> block, int restartsOffset, int index, string path, long blockOffset)
    {
        int offset = RestartOffset(block, restartsOffset, index, path, blockOffset);
        int suffix = DecodeHeader(block, offset, restartsOffset, 0, path, blockOffset, out _, out int unshared, out _, out _, out _);
        return block.Slice(suffix, unshared);
    }

    /// <summary>
    /// Binary search: the last restart point whose key is &lt;= <paramref name="key"/> (or &lt; it when
    /// <paramref name="strictlyLess"/>); -1 when every restart key is greater (or equal).
    /// </summary>
    public static int FindRestart(ReadOnlySpan<byte> block, int restartsOffset, int restartCount, ReadOnlySpan<byte> key,
        bool strictlyLess, string path, long blockOffset)
    {
        int lo = 0, hi = restartCount - 1, found = -1;
        while (lo <= hi)
        {
            int mid = (int)((uint)(lo + hi) >> 1);
            int c = RestartKey(block, restartsOffset, mid, path, blockOffset).SequenceCompareTo(key);
            if (c < 0 || (c == 0 && !strictlyLess))
            {
                found = mid;
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }
        return found;
    }
}
