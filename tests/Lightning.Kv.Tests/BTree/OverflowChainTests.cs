using Lightning.Kv.BTree;

namespace Lightning.Kv.Tests.BTree;

public sealed class OverflowChainTests
{
    private const int PageSize = 4096;
    private static readonly int Capacity = OverflowChain.Capacity(PageSize);

    private static byte[] Value(int length)
    {
        byte[] value = new byte[length];
        new Random(length).NextBytes(value);
        return value;
    }

    [Fact]
    public void CapacityIsThePageMinusHeaderAndLength()
    {
        Assert.Equal(PageSize - PageFormat.HeaderSize - 4, Capacity);
    }

    public static TheoryData<int> Lengths => new() { 1, 1025, Capacity - 1, Capacity, Capacity + 1, 2 * Capacity, 2 * Capacity + 1, 100_000 };

    [Theory]
    [MemberData(nameof(Lengths))]
    public void WriteThenReadRoundTrips(int length)
    {
        using var kit = new TreeTestKit(PageSize, cacheBytes: 0);
        byte[] value = Value(length);
        ulong first = OverflowChain.Write(kit.File, kit.Allocator, txnId: 3, value);

        byte[] read = new byte[length];
        OverflowChain.Read(kit.File, first, read);
        Assert.Equal(value, read);

        // One page per Capacity bytes, each typed, stamped and linked.
        int pages = 0;
        for (ulong page = first; page != 0; pages++)
        {
            byte[] bytes = kit.File.Read(page, PageType.Overflow);
            Assert.Equal(3ul, PageFormat.TxnIdOf(bytes));
            page = PageFormat.LinkOf(bytes);
        }
        Assert.Equal((length + Capacity - 1) / Capacity, pages);
        Assert.Equal(pages, (int)(kit.Allocator.PageCount - TreeMeta.FirstDataPage));
    }

    [Fact]
    public void FreeReturnsEveryPageOfTheChain()
    {
        using var kit = new TreeTestKit(PageSize);
        ulong first = OverflowChain.Write(kit.File, kit.Allocator, 1, Value(3 * Capacity + 5));
        OverflowChain.Free(kit.File, kit.Allocator, first, txnId: 2);
        PageAllocator.State state = kit.Allocator.Save();
        Assert.Equal(4, state.Pending.Length);
        Assert.All(state.Pending, p => Assert.Equal(2ul, p.Item1));
        Assert.Equal(Enumerable.Range(2, 4).Select(i => (ulong)i), state.Pending.Select(p => p.Item2).Order());
    }

    [Fact]
    public void ReadingIntoTheWrongLengthIsCorruption()
    {
        using var kit = new TreeTestKit(PageSize);
        ulong first = OverflowChain.Write(kit.File, kit.Allocator, 1, Value(2 * Capacity + 10));
        Assert.Throws<LightningCorruptionException>(() => OverflowChain.Read(kit.File, first, new byte[2 * Capacity + 9]));
        var error = Assert.Throws<LightningCorruptionException>(() => OverflowChain.Read(kit.File, first, new byte[2 * Capacity + 11]));
        Assert.Equal((long)first * PageSize, error.Offset);
    }

    [Fact]
    public void ChainPointingAtAnotherPageTypeIsCorruption()
    {
        using var kit = new TreeTestKit(PageSize);
        ulong first = OverflowChain.Write(kit.File, kit.Allocator, 1, Value(10));
        byte[] leaf = new byte[PageSize];
        PageFormat.WriteHeader(leaf, PageType.Leaf, 0, first + 1, 1, 0);
        kit.File.Write(first + 1, leaf);
        byte[] page = kit.File.Read(first, PageType.Overflow).ToArray();
        PageFormat.WriteHeader(page, PageType.Overflow, 0, first, 1, link: first + 1);
        kit.File.Write(first, page);
        Assert.Throws<LightningCorruptionException>(() => OverflowChain.Read(kit.File, first, new byte[10]));
    }
}
