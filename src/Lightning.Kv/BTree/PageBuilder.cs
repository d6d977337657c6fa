using System.Buffers.Binary;
using Lightning.Kv.Encoding;

namespace Lightning.Kv.BTree;

/// <summary>
/// Fills one leaf or internal page: entries grow from the end backward while their offsets collect in a
/// scratch list; <see cref="Finish"/> lays out the <see cref="KeyPrefixArray"/> (skip count, prefixes) and the slot
/// array after the header (their content and position depend on every entry, so they are written last).
/// </summary>
internal sealed class PageBuilder
{
    private readonly int _pageSize;
    private readonly ushort[] _offsets;
    private byte[] _page;
    private int _count;
    private int _dataStart;

    public PageBuilder(int pageSize)
    {
        _pageSize = pageSize;
        _page = new byte[pageSize];
        // The smallest entry (empty key, empty inline value) still takes BytesPerEntry + 7 bytes.
        _offsets = new ushort[(pageSize - KeyPrefixArray.Offset) / (KeyPrefixArray.BytesPerEntry + LeafPage.EntryHeaderSize) + 1];
        Reset();
    }

    public int Count => _count;

    /// <summary>Bytes left for further entries, counting their prefixes and slots.</summary>
    public int FreeBytes => _dataStart - (KeyPrefixArray.Offset + _count * KeyPrefixArray.BytesPerEntry);

    /// <summary>Whether an entry of <paramref name="entrySize"/> bytes (from <see cref="LeafPage.EntrySize"/> or
    /// <see cref="InternalPage.EntrySize"/>, prefix and slot included) still fits.</summary>
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

    /// <summary>Writes the header, prefix and slot arrays and hands over the page; the builder starts a fresh one.</summary>
    public byte[] Finish(PageType type, ulong pageId, ulong txnId, ulong link)
    {
        byte[] page = _page;
        int keyHeader = type == PageType.Leaf ? LeafPage.EntryHeaderSize : InternalPage.EntryHeaderSize;
        int skip = SharedLength(keyHeader);
        KeyPrefixArray.WriteSkip(page, skip, _count == 0 ? default : KeyAt(_offsets[0], keyHeader));
        int slots = KeyPrefixArray.SlotArrayOffset(_count);
        for (int i = 0; i < _count; i++)
        {
            int at = _offsets[i];
            KeyPrefixArray.Write(page, i, KeyPrefix.Of(KeyAt(at, keyHeader)[skip..]));
            BinaryPrimitives.WriteUInt16LittleEndian(page.AsSpan(slots + i * LeafPage.SlotSize), (ushort)at);
        }
        page.AsSpan(KeyPrefixArray.Offset + _count * KeyPrefixArray.BytesPerEntry, FreeBytes).Clear();
        PageFormat.WriteHeader(page, type, _count, pageId, txnId, link);
        _page = new byte[_pageSize];
        Reset();
        return page;
    }

    private ReadOnlySpan<byte> KeyAt(int entryOffset, int keyHeader) =>
        _page.AsSpan(entryOffset + keyHeader, BinaryPrimitives.ReadUInt16LittleEndian(_page.AsSpan(entryOffset)));

    /// <summary>The length of the start all keys share (over every key, so it holds whatever order they came in).</summary>
    private int SharedLength(int keyHeader)
    {
        if (_count == 0) return 0;
        ReadOnlySpan<byte> first = KeyAt(_offsets[0], keyHeader);
        int shared = first.Length;
        for (int i = 1; i < _count && shared > 0; i++) shared = first[..shared].CommonPrefixLength(KeyAt(_offsets[i], keyHeader));
        return shared;
    }

    private int Reserve(int entryLength)
    {
        _dataStart -= entryLength;
        _offsets[_count++] = (ushort)_dataStart;
        return _dataStart;
    }

    private void Reset()
    {
        _count = 0;
        _dataStart = _pageSize;
    }
}
