using Lightning.Kv.BTree;
using Lightning.Kv.Encoding;

namespace Lightning.Kv.Tests.BTree;

/// <summary><see cref="PageBuilder"/> writes the pages that <see cref="LeafPage"/> and <see cref="InternalPage"/> read.</summary>
public sealed class PageBuilderTests
{
    private static byte[] Key(int i, int padding = 0) => System.Text.Encoding.ASCII.GetBytes($"k{i:D4}" + new string('x', padding));

    [Theory]
    [InlineData(4096)]
    [InlineData(65536)]
    public void LeafRoundTrip(int pageSize)
    {
        var random = new Random(pageSize);
        var builder = new PageBuilder(pageSize);
        var entries = new List<(byte[] Key, bool Overflow, int Length, byte[] Inline, ulong Chain)>();
        for (int i = 0; ; i++)
        {
            byte[] key = Key(i, random.Next(0, 60));
            bool overflow = random.Next(4) == 0;
            byte[] inline = overflow ? [] : new byte[random.Next(0, 300)];
            random.NextBytes(inline);
            int length = overflow ? random.Next(pageSize / 4 + 1, 1 << 24) : inline.Length;
            if (!builder.Fits(LeafPage.EntrySize(key.Length, overflow ? 8 : inline.Length))) break;
            ulong chain = overflow ? (ulong)random.NextInt64(2, long.MaxValue) : 0;
            builder.AddLeafEntry(key, overflow, length, inline, chain);
            entries.Add((key, overflow, length, inline, chain));
        }
        Assert.True(builder.FreeBytes >= 0);
        Assert.Equal(entries.Count, builder.Count);

        byte[] page = builder.Finish(PageType.Leaf, pageId: 42, txnId: 7, link: 0);

        Assert.Equal(0, builder.Count); // the builder starts afresh
        Assert.Equal(pageSize, page.Length);
        Assert.Equal(PageType.Leaf, PageFormat.TypeOf(page));
        Assert.Equal(42ul, PageFormat.PageIdOf(page));
        Assert.Equal(7ul, PageFormat.TxnIdOf(page));
        Assert.Equal(entries.Count, LeafPage.Count(page));
        for (int i = 0; i < entries.Count; i++)
        {
            Assert.Equal(entries[i].Key, LeafPage.Key(page, i).ToArray());
            Assert.Equal(entries[i].Overflow, LeafPage.IsOverflow(page, i));
            Assert.Equal(entries[i].Length, LeafPage.ValueLength(page, i));
            if (entries[i].Overflow) Assert.Equal(entries[i].Chain, LeafPage.OverflowPage(page, i));
            else Assert.Equal(entries[i].Inline, LeafPage.InlineValue(page, i).ToArray());
        }
    }

    [Fact]
    public void OverflowEntryStoresTheChainHead()
    {
        var builder = new PageBuilder(4096);
        builder.AddLeafEntry("big"u8, overflow: true, valueLength: 123_456, default, overflowPage: 0xABCDEF);
        builder.AddLeafEntry("small"u8, overflow: false, valueLength: 3, "abc"u8, 0);
        byte[] page = builder.Finish(PageType.Leaf, 2, 1, 0);
        Assert.True(LeafPage.IsOverflow(page, 0));
        Assert.Equal(0xABCDEFul, LeafPage.OverflowPage(page, 0));
        Assert.Equal(123_456, LeafPage.ValueLength(page, 0));
        Assert.False(LeafPage.IsOverflow(page, 1));
        Assert.Equal("abc"u8.ToArray(), LeafPage.InlineValue(page, 1).ToArray());
    }

    [Fact]
    public void InternalRoundTripAndChildRouting()
    {
        var builder = new PageBuilder(4096);
        var separators = new List<byte[]>();
        for (int i = 1; builder.Fits(InternalPage.EntrySize(Key(i * 10).Length)); i++)
        {
            separators.Add(Key(i * 10));
            builder.AddSeparator(Key(i * 10), child: (ulong)(1000 + i));
        }
        byte[] page = builder.Finish(PageType.Internal, 9, 3, link: 1000);

        Assert.Equal(PageType.Internal, PageFormat.TypeOf(page));
        Assert.Equal(separators.Count, InternalPage.SeparatorCount(page));
        for (int c = 0; c <= separators.Count; c++) Assert.Equal((ulong)(1000 + c), InternalPage.Child(page, c));
        for (int s = 0; s < separators.Count; s++) Assert.Equal(separators[s], InternalPage.Separator(page, s).ToArray());

        // Child i holds keys in [separator i-1, separator i).
        Assert.Equal(0, InternalPage.ChildIndexFor(page, Key(0)));
        Assert.Equal(0, InternalPage.ChildIndexFor(page, Key(9, 50)));
        Assert.Equal(1, InternalPage.ChildIndexFor(page, Key(10)));
        Assert.Equal(1, InternalPage.ChildIndexFor(page, Key(10, 1)));
        Assert.Equal(2, InternalPage.ChildIndexFor(page, Key(20)));
        Assert.Equal(separators.Count, InternalPage.ChildIndexFor(page, Key(9999)));
    }

    [Fact]
    public void InternalPageWithoutSeparatorsRoutesEverythingToItsLink()
    {
        var builder = new PageBuilder(4096);
        byte[] page = builder.Finish(PageType.Internal, 3, 1, link: 55);
        Assert.Equal(0, InternalPage.SeparatorCount(page));
        Assert.Equal(0, InternalPage.ChildIndexFor(page, "anything"u8));
        Assert.Equal(55ul, InternalPage.Child(page, 0));
    }

    [Fact]
    public void LowerBoundFindsTheFirstKeyAtOrAbove()
    {
        var builder = new PageBuilder(4096);
        byte[][] keys = ["b"u8.ToArray(), "ba"u8.ToArray(), "c"u8.ToArray(), "e"u8.ToArray()];
        foreach (byte[] key in keys) builder.AddLeafEntry(key, false, 1, "v"u8, 0);
        byte[] page = builder.Finish(PageType.Leaf, 2, 1, 0);

        (string Probe, int Index, bool Found)[] cases =
        [
            ("a", 0, false), ("b", 0, true), ("b\0", 1, false), ("ba", 1, true), ("bb", 2, false),
            ("c", 2, true), ("d", 3, false), ("e", 3, true), ("f", 4, false),
        ];
        foreach ((string probe, int index, bool found) in cases)
        {
            Assert.Equal(index, LeafPage.LowerBound(page, System.Text.Encoding.ASCII.GetBytes(probe), out bool wasFound));
            Assert.Equal(found, wasFound);
        }
        Assert.Equal(0, LeafPage.LowerBound(new PageBuilder(4096).Finish(PageType.Leaf, 2, 1, 0), "x"u8, out bool none));
        Assert.False(none);
    }

    [Fact]
    public void FinishClearsStaleBytesAndTheBuilderCanBeReused()
    {
        var builder = new PageBuilder(4096);
        builder.AddLeafEntry(new byte[1000], false, 2000, new byte[2000].Select(_ => (byte)0xEE).ToArray(), 0);
        byte[] first = builder.Finish(PageType.Leaf, 2, 1, 0);
        builder.AddLeafEntry("k"u8, false, 1, "v"u8, 0);
        byte[] second = builder.Finish(PageType.Leaf, 3, 1, 0);
        Assert.NotSame(first, second);
        Assert.Equal(1, LeafPage.Count(second));
        Assert.DoesNotContain((byte)0xEE, second); // the second page shares nothing with the first
        Assert.Equal(1000, LeafPage.Key(first, 0).Length); // handing out the second page did not disturb the first
    }

    [Fact]
    public void FitsAccountsForTheSlot()
    {
        var builder = new PageBuilder(4096);
        int free = builder.FreeBytes;
        Assert.Equal(4096 - KeyPrefixArray.Offset, free);
        Assert.True(builder.Fits(free));
        Assert.False(builder.Fits(free + 1));
        builder.AddLeafEntry(new byte[10], false, 5, new byte[5], 0);
        Assert.Equal(free - LeafPage.EntrySize(10, 5), builder.FreeBytes);
        Assert.True(KeyComparer.Instance.Compare(new byte[10], LeafPage.Key(builder.Finish(PageType.Leaf, 2, 1, 0), 0).ToArray()) == 0);
    }
}
