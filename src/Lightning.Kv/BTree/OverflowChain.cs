using System.Buffers.Binary;

namespace Lightning.Kv.BTree;

/// <summary>
/// Values too large for a leaf live in a chain of overflow pages: header link = next page (0 ends the chain),
/// then <c>u32 bytesInPage</c> and the bytes. Chains are immutable once written, so a rewritten leaf keeps
/// pointing at the same chain.
/// </summary>
internal static class OverflowChain
{
    private const int LengthOffset = PageFormat.HeaderSize;
    private const int DataOffset = PageFormat.HeaderSize + 4;

    public static int Capacity(int pageSize) => pageSize - DataOffset;

    /// <summary>Writes <paramref name="value"/> as a chain and returns its first page.</summary>
    public static ulong Write(PageFile file, PageAllocator allocator, ulong txnId, ReadOnlySpan<byte> value)
    {
        int capacity = Capacity(file.PageSize);
        int pages = (value.Length + capacity - 1) / capacity;
        ulong first = allocator.Allocate();
        ulong current = first;
        for (int i = 0; i < pages; i++)
        {
            ulong next = i + 1 < pages ? allocator.Allocate() : 0;
            ReadOnlySpan<byte> part = value.Slice(i * capacity, Math.Min(capacity, value.Length - i * capacity));
            byte[] page = new byte[file.PageSize];
            PageFormat.WriteHeader(page, PageType.Overflow, 0, current, txnId, next);
            BinaryPrimitives.WriteUInt32LittleEndian(page.AsSpan(LengthOffset), (uint)part.Length);
            part.CopyTo(page.AsSpan(DataOffset));
            file.Write(current, page);
            current = next;
        }
        return first;
    }

    /// <summary>Reads a whole chain into <paramref name="destination"/>, which has exactly the value's length.</summary>
    public static void Read(PageFile file, ulong first, Span<byte> destination)
    {
        int filled = 0;
        ulong current = first;
        while (current != 0)
        {
            byte[] page = file.Read(current, PageType.Overflow);
            int length = (int)BinaryPrimitives.ReadUInt32LittleEndian(page.AsSpan(LengthOffset));
            if (length > Capacity(file.PageSize) || length > destination.Length - filled)
                Throw.Corrupt(file.Path, (long)current * file.PageSize, "overflow page length is inconsistent with its value");
            page.AsSpan(DataOffset, length).CopyTo(destination[filled..]);
            filled += length;
            current = PageFormat.LinkOf(page);
        }
        if (filled != destination.Length)
            Throw.Corrupt(file.Path, (long)first * file.PageSize, $"overflow chain holds {filled} of {destination.Length} bytes");
    }

    /// <summary>Returns every page of a chain to the allocator as freed by <paramref name="txnId"/>.</summary>
    public static void Free(PageFile file, PageAllocator allocator, ulong first, ulong txnId)
    {
        ulong current = first;
        while (current != 0)
        {
            byte[] page = file.Read(current, PageType.Overflow);
            allocator.Free(current, txnId);
            current = PageFormat.LinkOf(page);
        }
    }
}
