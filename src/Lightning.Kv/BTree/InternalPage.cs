using System.Buffers.Binary;
using Lightning.Kv.Encoding;

namespace Lightning.Kv.BTree;

/// <summary>
/// Reads internal pages: the header's link field is child 0; then the <see cref="KeyPrefixArray"/> (skip count,
/// u64 per separator), a u16 slot array, and entries <c>u16 keyLength, u64 childPageId, key</c>. Separator i is the
/// smallest key that may live in child i+1.
/// </summary>
internal static class InternalPage
{
    public const int EntryHeaderSize = 10;
    public const int SlotSize = 2;

    /// <summary>Number of separators; the page has one more child.</summary>
    public static int SeparatorCount(ReadOnlySpan<byte> page) => PageFormat.CountOf(page);

    private static int EntryOffset(ReadOnlySpan<byte> page, int index) =>
        BinaryPrimitives.ReadUInt16LittleEndian(page[(KeyPrefixArray.SlotArrayOffset(SeparatorCount(page)) + index * SlotSize)..]);

    public static ReadOnlySpan<byte> Separator(ReadOnlySpan<byte> page, int index)
    {
        int at = EntryOffset(page, index);
        return page.Slice(at + EntryHeaderSize, BinaryPrimitives.ReadUInt16LittleEndian(page[at..]));
    }

    public static ulong Child(ReadOnlySpan<byte> page, int childIndex) =>
        childIndex == 0
            ? PageFormat.LinkOf(page)
            : BinaryPrimitives.ReadUInt64LittleEndian(page[(EntryOffset(page, childIndex - 1) + 2)..]);

    /// <summary>
    /// The child index whose range holds <paramref name="key"/>: the number of separators &lt;= key. Prefixes
    /// first (vectorized); full keys are compared only among separators whose prefix equals the probe's.
    /// </summary>
    public static int ChildIndexFor(ReadOnlySpan<byte> page, ReadOnlySpan<byte> key)
    {
        if (!BitConverter.IsLittleEndian) return ChildIndexForScalar(page, key);
        int count = SeparatorCount(page);
        ReadOnlySpan<byte> first = count != 0 && KeyPrefixArray.NeedsFirstKey(KeyPrefixArray.SkipOf(page)) ? Separator(page, 0) : default;
        if (KeyPrefixArray.TryDecide(page, count, first, key, out int low, out ReadOnlySpan<ulong> prefixes, out ulong probe)) return low;
        if (Separator(page, low).SequenceCompareTo(key) > 0) return low;
        int high = low + 1 + KeyPrefixSearch.CountAtOrBelow(prefixes[(low + 1)..], probe);
        return UpperBoundByKeys(page, key, low + 1, high);
    }

    /// <summary>
    /// The reference search: binary search by full separators, no prefixes. The fallback on big-endian hosts,
    /// and what the tests and the node-search benchmark compare <see cref="ChildIndexFor"/> with.
    /// </summary>
    internal static int ChildIndexForScalar(ReadOnlySpan<byte> page, ReadOnlySpan<byte> key) =>
        UpperBoundByKeys(page, key, 0, SeparatorCount(page));

    private static int UpperBoundByKeys(ReadOnlySpan<byte> page, ReadOnlySpan<byte> key, int low, int high)
    {
        while (low < high)
        {
            int mid = (int)((uint)(low + high) >> 1);
            if (Separator(page, mid).SequenceCompareTo(key) <= 0) low = mid + 1;
            else high = mid;
        }
        return low;
    }

    /// <summary>Bytes an entry takes in a page: its prefix, its slot and the entry itself.</summary>
    public static int EntrySize(int keyLength) => KeyPrefix.Length + SlotSize + EntryHeaderSize + keyLength;
}
