using System.Buffers.Binary;
using Lightning.Kv.Encoding;

namespace Lightning.Kv.BTree;

/// <summary>Page types of tree.db.</summary>
internal enum PageType : byte
{
    Meta = 1,
    Internal = 2,
    Leaf = 3,
    Overflow = 4,
    FreeList = 5,
}

/// <summary>
/// The common page header and the checksum rule of tree.db (docs/formats/btree.md):
/// <c>u32 crc32c, u8 type, u8 flags, u16 count, u64 pageId, u64 txnId, u64 link</c>, then the body.
/// The checksum covers every byte after itself, so a torn, misdirected or bit-flipped page is detected.
/// </summary>
internal static class PageFormat
{
    public const int HeaderSize = 32;
    public const int ChecksumOffset = 0;
    public const int TypeOffset = 4;
    public const int FlagsOffset = 5;
    public const int CountOffset = 6;
    public const int PageIdOffset = 8;
    public const int TxnIdOffset = 16;

    /// <summary>Leaf: unused (0). Internal: leftmost child. Overflow and free-list pages: next page in the chain.</summary>
    public const int LinkOffset = 24;

    public const string FileName = "tree.db";

    public static PageType TypeOf(ReadOnlySpan<byte> page) => (PageType)page[TypeOffset];

    public static int CountOf(ReadOnlySpan<byte> page) => BinaryPrimitives.ReadUInt16LittleEndian(page[CountOffset..]);

    public static ulong LinkOf(ReadOnlySpan<byte> page) => BinaryPrimitives.ReadUInt64LittleEndian(page[LinkOffset..]);

    public static ulong TxnIdOf(ReadOnlySpan<byte> page) => BinaryPrimitives.ReadUInt64LittleEndian(page[TxnIdOffset..]);

    public static void WriteHeader(Span<byte> page, PageType type, int count, ulong pageId, ulong txnId, ulong link)
    {
        page[TypeOffset] = (byte)type;
        page[FlagsOffset] = 0;
        BinaryPrimitives.WriteUInt16LittleEndian(page[CountOffset..], (ushort)count);
        BinaryPrimitives.WriteUInt64LittleEndian(page[PageIdOffset..], pageId);
        BinaryPrimitives.WriteUInt64LittleEndian(page[TxnIdOffset..], txnId);
        BinaryPrimitives.WriteUInt64LittleEndian(page[LinkOffset..], link);
    }

    /// <summary>Writes the checksum over <paramref name="page"/> (the first <paramref name="coveredLength"/> bytes).</summary>
    public static void Seal(Span<byte> page, int coveredLength) =>
        BinaryPrimitives.WriteUInt32LittleEndian(page, Crc32C.Compute(page[4..coveredLength]));

    public static bool ChecksumMatches(ReadOnlySpan<byte> page, int coveredLength) =>
        BinaryPrimitives.ReadUInt32LittleEndian(page) == Crc32C.Compute(page[4..coveredLength]);

    /// <summary>The page id stored in the header (catches pages written to the wrong place).</summary>
    public static ulong PageIdOf(ReadOnlySpan<byte> page) => BinaryPrimitives.ReadUInt64LittleEndian(page[PageIdOffset..]);
}
