using System.Buffers.Binary;
using Lightning.Kv.Encoding;

namespace Lightning.Kv.BTree;

/// <summary>
/// Reads leaf pages: after the header, the <see cref="KeyPrefixArray"/> (skip count, u64 per entry), then a u16 slot array
/// of entry offsets in key order; entries <c>u16 keyLength, u8 flags, u32 valueLength, key, value</c> (or a u64
/// overflow page id when flag bit 0 is set).
/// </summary>
internal static class LeafPage
{
    public const byte OverflowFlag = 1;
    public const int EntryHeaderSize = 7;
    public const int SlotSize = 2;

    public static int Count(ReadOnlySpan<byte> page) => PageFormat.CountOf(page);

    private static int EntryOffset(ReadOnlySpan<byte> page, int index) =>
        BinaryPrimitives.ReadUInt16LittleEndian(page[(KeyPrefixArray.SlotArrayOffset(Count(page)) + index * SlotSize)..]);

    public static ReadOnlySpan<byte> Key(ReadOnlySpan<byte> page, int index)
    {
        int at = EntryOffset(page, index);
        return page.Slice(at + EntryHeaderSize, BinaryPrimitives.ReadUInt16LittleEndian(page[at..]));
    }

    public static bool IsOverflow(ReadOnlySpan<byte> page, int index) =>
        (page[EntryOffset(page, index) + 2] & OverflowFlag) != 0;

    public static int ValueLength(ReadOnlySpan<byte> page, int index) =>
        (int)BinaryPrimitives.ReadUInt32LittleEndian(page[(EntryOffset(page, index) + 3)..]);

    /// <summary>The inline value bytes (only when <see cref="IsOverflow"/> is false).</summary>
    public static ReadOnlySpan<byte> InlineValue(ReadOnlySpan<byte> page, int index)
    {
        int at = EntryOffset(page, index);
        int keyLength = BinaryPrimitives.ReadUInt16LittleEndian(page[at..]);
        int valueLength = (int)BinaryPrimitives.ReadUInt32LittleEndian(page[(at + 3)..]);
        return page.Slice(at + EntryHeaderSize + keyLength, valueLength);
    }

    /// <summary>The first page of the value's overflow chain (only when <see cref="IsOverflow"/> is true).</summary>
    public static ulong OverflowPage(ReadOnlySpan<byte> page, int index)
    {
        int at = EntryOffset(page, index);
        int keyLength = BinaryPrimitives.ReadUInt16LittleEndian(page[at..]);
        return BinaryPrimitives.ReadUInt64LittleEndian(page[(at + EntryHeaderSize + keyLength)..]);
    }

    /// <summary>
    /// Index of the first entry with key &gt;= <paramref name="key"/> (Count when none). Prefixes first (vectorized,
    /// see <see cref="KeyPrefixSearch"/>); full keys are compared only among entries whose prefix equals the probe's.
    /// </summary>
    public static int LowerBound(ReadOnlySpan<byte> page, ReadOnlySpan<byte> key, out bool found)
    {
        if (!BitConverter.IsLittleEndian) return LowerBoundScalar(page, key, out found);
        int count = Count(page);
        found = false;
        ReadOnlySpan<byte> first = count != 0 && KeyPrefixArray.NeedsFirstKey(KeyPrefixArray.SkipOf(page)) ? Key(page, 0) : default;
        if (KeyPrefixArray.TryDecide(page, count, first, key, out int low, out ReadOnlySpan<ulong> prefixes, out ulong probe)) return low;
        // With distinct prefixes the first tie is the only one, so one full compare usually decides.
        int c = Key(page, low).SequenceCompareTo(key);
        if (c >= 0)
        {
            found = c == 0;
            return low;
        }
        int high = low + 1 + KeyPrefixSearch.CountAtOrBelow(prefixes[(low + 1)..], probe);
        return LowerBoundByKeys(page, key, low + 1, high, out found);
    }

    /// <summary>
    /// The reference search: binary search by full keys over the whole page, no prefixes. The fallback on
    /// big-endian hosts, and what the tests and the node-search benchmark compare <see cref="LowerBound"/> with.
    /// </summary>
    internal static int LowerBoundScalar(ReadOnlySpan<byte> page, ReadOnlySpan<byte> key, out bool found) =>
        LowerBoundByKeys(page, key, 0, Count(page), out found);

    private static int LowerBoundByKeys(ReadOnlySpan<byte> page, ReadOnlySpan<byte> key, int low, int high, out bool found)
    {
        found = false;
        while (low < high)
        {
            int mid = (int)((uint)(low + high) >> 1);
            int c = Key(page, mid).SequenceCompareTo(key);
            if (c < 0) low = mid + 1;
            else
            {
                if (c == 0) found = true;
                high = mid;
            }
        }
        return low;
    }

    /// <summary>Bytes an entry takes in a page: its prefix, its slot and the entry itself.</summary>
    public static int EntrySize(int keyLength, int storedValueLength) =>
        KeyPrefix.Length + SlotSize + EntryHeaderSize + keyLength + storedValueLength;
}
