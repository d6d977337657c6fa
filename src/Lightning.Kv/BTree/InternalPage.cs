using System.Buffers.Binary;

namespace Lightning.Kv.BTree;

/// <summary>
/// Reads internal pages: the header's link field is child 0; then a u16 slot array; entries
/// <c>u16 keyLength, u64 childPageId, key</c>. Separator i is the smallest key that may live in child i+1.
/// </summary>
internal static class InternalPage
{
    public const int EntryHeaderSize = 10;
    public const int SlotSize = 2;

    /// <summary>Number of separators; the page has one more child.</summary>
    public static int SeparatorCount(ReadOnlySpan<byte> page) => PageFormat.CountOf(page);

    private static int EntryOffset(ReadOnlySpan<byte> page, int index) =>
        BinaryPrimitives.ReadUInt16LittleEndian(page[(PageFormat.HeaderSize + index * SlotSize)..]);

    public static ReadOnlySpan<byte> Separator(ReadOnlySpan<byte> page, int index)
    {
        int at = EntryOffset(page, index);
        return page.Slice(at + EntryHeaderSize, BinaryPrimitives.ReadUInt16LittleEndian(page[at..]));
    }

    public static ulong Child(ReadOnlySpan<byte> page, int childIndex) =>
        childIndex == 0
            ? PageFormat.LinkOf(page)
            : BinaryPrimitives.ReadUInt64LittleEndian(page[(EntryOffset(page, childIndex - 1) + 2)..]);

    /// <summary>The child index whose range holds <paramref name="key"/>: the number of separators &lt;= key.</summary>
    public static int ChildIndexFor(ReadOnlySpan<byte> page, ReadOnlySpan<byte> key)
    {
        int low = 0, high = SeparatorCount(page);
        while (low < high)
        {
            int mid = (int)((uint)(low + high) >> 1);
            if (Separator(page, mid).SequenceCompareTo(key) <= 0) low = mid + 1;
            else high = mid;
        }
        return low;
    }

    /// <summary>Bytes an entry takes in a page, slot included.</summary>
    public static int EntrySize(int keyLength) => SlotSize + EntryHeaderSize + keyLength;
}
