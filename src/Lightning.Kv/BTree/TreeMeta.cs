using System.Buffers.Binary;

namespace Lightning.Kv.BTree;

/// <summary>
/// The state a meta page publishes: which root is current and what the tree has absorbed.
/// Pages 0 and 1 hold alternate copies; the valid one with the higher <see cref="TxnId"/> wins (LMDB's scheme).
/// </summary>
internal sealed record TreeMeta(
    ulong TxnId,
    int PageSize,
    ulong RootPageId,
    int Height,
    ulong PageCount,
    ulong FreeListPageId,
    ulong LastSequence,
    long EntryCount)
{
    /// <summary>"LKVTREE1" little-endian.</summary>
    public const ulong Magic = 0x3145455254564B4CUL;
    /// <summary>
    /// The page format this build reads and writes. 2: leaf and internal pages carry the key-prefix array
    /// (<see cref="KeyPrefixArray"/>); 3: and a copy of up to 14 bytes of the keys' shared start in the page's search
    /// header. Older files are refused, not migrated (pre-release).
    /// </summary>
    public const uint FormatVersion = 3;

    /// <summary>The checksum of a meta page covers only this prefix, so it can be read before the page size is known.</summary>
    public const int EncodedLength = 96;

    public const int FirstDataPage = 2;

    public static TreeMeta Empty(int pageSize) => new(0, pageSize, 0, 0, FirstDataPage, 0, 0, 0);

    public void Encode(Span<byte> page, ulong pageId)
    {
        page[..EncodedLength].Clear();
        PageFormat.WriteHeader(page, PageType.Meta, 0, pageId, TxnId, 0);
        BinaryPrimitives.WriteUInt64LittleEndian(page[32..], Magic);
        BinaryPrimitives.WriteUInt32LittleEndian(page[40..], FormatVersion);
        BinaryPrimitives.WriteUInt32LittleEndian(page[44..], (uint)PageSize);
        BinaryPrimitives.WriteUInt64LittleEndian(page[48..], RootPageId);
        BinaryPrimitives.WriteUInt32LittleEndian(page[56..], (uint)Height);
        BinaryPrimitives.WriteUInt64LittleEndian(page[64..], PageCount);
        BinaryPrimitives.WriteUInt64LittleEndian(page[72..], FreeListPageId);
        BinaryPrimitives.WriteUInt64LittleEndian(page[80..], LastSequence);
        BinaryPrimitives.WriteInt64LittleEndian(page[88..], EntryCount);
        PageFormat.Seal(page, EncodedLength);
    }

    /// <summary>Decodes a meta page; null when the checksum, magic or type does not match.</summary>
    public static TreeMeta? TryDecode(ReadOnlySpan<byte> bytes, ulong expectedPageId, out uint formatVersion)
    {
        formatVersion = 0;
        if (bytes.Length < EncodedLength || !PageFormat.ChecksumMatches(bytes, EncodedLength)) return null;
        if (PageFormat.TypeOf(bytes) != PageType.Meta || PageFormat.PageIdOf(bytes) != expectedPageId) return null;
        if (BinaryPrimitives.ReadUInt64LittleEndian(bytes[32..]) != Magic) return null;
        formatVersion = BinaryPrimitives.ReadUInt32LittleEndian(bytes[40..]);
        return new TreeMeta(
            PageFormat.TxnIdOf(bytes),
            (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes[44..]),
            BinaryPrimitives.ReadUInt64LittleEndian(bytes[48..]),
            (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes[56..]),
            BinaryPrimitives.ReadUInt64LittleEndian(bytes[64..]),
            BinaryPrimitives.ReadUInt64LittleEndian(bytes[72..]),
            BinaryPrimitives.ReadUInt64LittleEndian(bytes[80..]),
            BinaryPrimitives.ReadInt64LittleEndian(bytes[88..]));
    }
}
