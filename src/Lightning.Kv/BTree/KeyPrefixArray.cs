using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Lightning.Kv.Encoding;

namespace Lightning.Kv.BTree;

/// <summary>
/// The search arrays of leaf and internal pages (tree format 3). After the 32-byte header: a u16 <em>skip</em> — the
/// number of leading bytes every key of the page shares — and 14 bytes holding the first min(skip, 14) of those shared
/// bytes (zero-padded), so a search decides against them without reading entry 0; then, from offset 48, one u64 per entry
/// holding <see cref="KeyPrefix.Of"/> of the key's bytes after the skipped ones, stored little-endian like every
/// integer in tree.db so that a little-endian CPU loads it into vector lanes as is; then the u16 slot array.
/// Skipping the shared bytes keeps prefixes distinct in pages whose keys share a long start (a table id, a
/// "user:" namespace), where prefixes of the whole key would all tie.
/// </summary>
internal static class KeyPrefixArray
{
    /// <summary>Where the skip count sits.</summary>
    public const int SkipOffset = PageFormat.HeaderSize;

    /// <summary>Where the page's copy of its shared key start begins.</summary>
    public const int CommonOffset = SkipOffset + 2;

    /// <summary>How many shared bytes the page keeps in its search header; a longer skip reads the rest from entry 0.</summary>
    public const int InlineCommonLength = 14;

    /// <summary>Where the array starts: 8-byte aligned, so vector loads never straddle more cache lines than needed.</summary>
    public const int Offset = CommonOffset + InlineCommonLength;

    /// <summary>Bytes of fixed arrays per entry: its prefix and its slot.</summary>
    public const int BytesPerEntry = KeyPrefix.Length + SlotSize;

    private const int SlotSize = 2;

    /// <summary>Where the slot array of a page with <paramref name="count"/> entries starts.</summary>
    public static int SlotArrayOffset(int count) => Offset + count * KeyPrefix.Length;

    /// <summary>Whether the header's count leaves room for both arrays; false only on a damaged page.</summary>
    public static bool FitsIn(int pageLength, int count) => Offset + count * BytesPerEntry <= pageLength;

    /// <summary>The number of leading key bytes the prefixes leave out.</summary>
    public static int SkipOf(ReadOnlySpan<byte> page) => BinaryPrimitives.ReadUInt16LittleEndian(page[SkipOffset..]);

    /// <summary>The array as values; only valid on little-endian hosts (callers check <see cref="BitConverter.IsLittleEndian"/>).</summary>
    public static ReadOnlySpan<ulong> Of(ReadOnlySpan<byte> page, int count) =>
        MemoryMarshal.Cast<byte, ulong>(page.Slice(Offset, count * KeyPrefix.Length));

    /// <summary>One prefix, on any host.</summary>
    public static ulong At(ReadOnlySpan<byte> page, int index) =>
        BinaryPrimitives.ReadUInt64LittleEndian(page[(Offset + index * KeyPrefix.Length)..]);

    /// <summary>Writes the skip count and the page's copy of the shared start (taken from <paramref name="firstKey"/>).</summary>
    public static void WriteSkip(Span<byte> page, int skip, ReadOnlySpan<byte> firstKey)
    {
        page[SkipOffset..Offset].Clear();
        BinaryPrimitives.WriteUInt16LittleEndian(page[SkipOffset..], (ushort)skip);
        firstKey[..Math.Min(skip, InlineCommonLength)].CopyTo(page[CommonOffset..]);
    }

    /// <summary>Whether a search of a page with this skip needs entry 0's key (its shared start is longer than the header's copy).</summary>
    public static bool NeedsFirstKey(int skip) => skip > InlineCommonLength;

    /// <summary>The header's copy of the shared start: min(skip, 14) bytes.</summary>
    public static ReadOnlySpan<byte> InlineCommon(ReadOnlySpan<byte> page, int skip) =>
        page.Slice(CommonOffset, Math.Min(skip, InlineCommonLength));

    /// <summary>Writes one prefix.</summary>
    public static void Write(Span<byte> page, int index, ulong prefix) =>
        BinaryPrimitives.WriteUInt64LittleEndian(page[(Offset + index * KeyPrefix.Length)..], prefix);

    /// <summary>
    /// Where <paramref name="key"/> falls against the bytes all keys of the page share (<paramref name="common"/>):
    /// negative when it sorts before every key, positive when after every key, zero when it starts with them — then
    /// its prefix is taken after them like the stored ones.
    /// </summary>
    public static int CompareWithCommon(ReadOnlySpan<byte> common, ReadOnlySpan<byte> key)
    {
        int shared = Math.Min(common.Length, key.Length);
        int c = key[..shared].SequenceCompareTo(common[..shared]);
        if (c != 0) return c;
        // A key that is a proper prefix of the common bytes sorts before every key that carries them.
        return key.Length < common.Length ? -1 : 0;
    }

    /// <summary>
    /// The prefix stage of a page search, shared by leaf and internal pages. With a shared-start skip, a key outside
    /// the page's common start is decided at once (<paramref name="index"/> is 0 or <paramref name="count"/>). Otherwise
    /// <paramref name="index"/> is the first entry whose prefix is not below the key's; the search is decided unless that
    /// prefix equals the key's (a tie), which only full keys can settle — then the method returns false.
    /// </summary>
    /// <param name="page">A leaf or internal page.</param>
    /// <param name="count">Its entries (keys or separators).</param>
    /// <param name="firstKey">The page's first key or separator (used only when <see cref="NeedsFirstKey"/>; may be empty otherwise).</param>
    /// <param name="key">The key searched for.</param>
    /// <param name="index">The decided index, or the first tie.</param>
    /// <param name="prefixes">The page's prefix array (for the tie's further search).</param>
    /// <param name="probe">The key's prefix after the skip.</param>
    public static bool TryDecide(ReadOnlySpan<byte> page, int count, ReadOnlySpan<byte> firstKey, ReadOnlySpan<byte> key,
        out int index, out ReadOnlySpan<ulong> prefixes, out ulong probe)
    {
        int skip = SkipOf(page);
        if (skip != 0 && count != 0)
        {
            ReadOnlySpan<byte> common = NeedsFirstKey(skip) ? firstKey[..Math.Min(skip, firstKey.Length)] : InlineCommon(page, skip);
            int side = CompareWithCommon(common, key);
            if (side != 0)
            {
                index = side < 0 ? 0 : count;
                prefixes = default;
                probe = 0;
                return true;
            }
            skip = common.Length;
        }
        prefixes = Of(page, count);
        probe = KeyPrefix.Of(key[skip..]);
        index = KeyPrefixSearch.CountBelow(prefixes, probe);
        return index == count || prefixes[index] != probe;
    }
}
