using System.Buffers.Binary;

namespace Lightning.Kv.BTree;

/// <summary>
/// Fills one leaf or internal page: slots grow from the header forward, entries from the end backward.
/// </summary>
internal sealed class PageBuilder
{
    private readonly int _pageSize;
    private byte[] _page;
    private int _count;
    private int _dataStart;

    public PageBuilder(int pageSize)
    {
        _pageSize = pageSize;
        _page = new byte[pageSize];
        Reset();
    }

    public int Count => _count;

    public int FreeBytes => _dataStart - (PageFormat.HeaderSize + _count * 2);

    public bool Fits(int entrySize) => entrySize <= FreeBytes;

    public void AddLeafEntry(ReadOnlySpan<byte> key, bool overflow, int valueLength, ReadOnlySpan<byte> inlineValue, ulong overflowPage)
    {
        int stored = overflow ? 8 : inlineValue.Length;
        int at = Reserve(LeafPage.EntryHeaderSize + key.Length + stored);
        Span<byte> entry = _page.AsSpan(at);
        BinaryPrimitives.WriteUInt16LittleEndian(entry, (ushort)key.Length);
        entry[2] = overflow ? LeafPage.OverflowFlag : (byte)0;
        BinaryPrimitives.WriteUInt32LittleEndian(entry[3..], (uint)valueLength);
        key.CopyTo(entry[LeafPage.EntryHeaderSize..]);
        Span<byte> value = entry[(LeafPage.EntryHeaderSize + key.Length)..];
        if (overflow) BinaryPrimitives.WriteUInt64LittleEndian(value, overflowPage);
        else inlineValue.CopyTo(value);
    }

    public void AddSeparator(ReadOnlySpan<byte> key, ulong child)
    {
        int at = Reserve(InternalPage.EntryHeaderSize + key.Length);
        Span<byte> entry = _page.AsSpan(at);
        BinaryPrimitives.WriteUInt16LittleEndian(entry, (ushort)key.Length);
        BinaryPrimitives.WriteUInt64LittleEndian(entry[2..], child);
        key.CopyTo(entry[InternalPage.EntryHeaderSize..]);
    }

    /// <summary>Writes the header and hands over the page; the builder starts a fresh one.</summary>
    public byte[] Finish(PageType type, ulong pageId, ulong txnId, ulong link)
    {
        byte[] page = _page;
        page.AsSpan(PageFormat.HeaderSize + _count * 2, FreeBytes).Clear();
        PageFormat.WriteHeader(page, type, _count, pageId, txnId, link);
        _page = new byte[_pageSize];
        Reset();
        return page;
    }

    private int Reserve(int entryLength)
    {
        _dataStart -= entryLength;
        BinaryPrimitives.WriteUInt16LittleEndian(_page.AsSpan(PageFormat.HeaderSize + _count * 2), (ushort)_dataStart);
        _count++;
        return _dataStart;
    }

    private void Reset()
    {
        _count = 0;
        _dataStart = _pageSize;
    }
}
