using System.Buffers.Binary;

namespace Lightning.Kv.BTree;

/// <summary>
/// Reads leaf pages: after the header, a u16 slot array of entry offsets in key order; entries
/// <c>u16 keyLength, u8 flags, u32 valueLength, key, value</c> (or a u64 overflow page id when flag bit 0 is set).
/// </summary>
internal static class LeafPage
{
    public const byte OverflowFlag = 1;
    public const int EntryHeaderSize = 7;
    public const int SlotSize = 2;

    public static int Count(ReadOnlySpan<byte> page) => PageFormat.CountOf(page);

    private static int EntryOffset(ReadOnlySpan<byte> page, int index) =>
        BinaryPrimitives.ReadUInt16LittleEndian(page[(PageFormat.HeaderSize + index * SlotSize)..]);

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

    /// <summary>Index of the first entry with key &gt;= <paramref name="key"/> (Count when none).</summary>
    public static int LowerBound(ReadOnlySpan<byte> page, ReadOnlySpan<byte> key, out bool found)
    {
        int low = 0, high = Count(page);
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

    /// <summary>Bytes an entry takes in a page, slot included.</summary>
    public static int EntrySize(int keyLength, int storedValueLength) => SlotSize + EntryHeaderSize + keyLength + storedValueLength;
}
