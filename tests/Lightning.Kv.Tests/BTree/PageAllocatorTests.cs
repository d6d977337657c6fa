using System.Buffers.Binary;
using Lightning.Kv.BTree;

namespace Lightning.Kv.Tests.BTree;

public sealed class PageAllocatorTests
{
    [Fact]
    public void FreshAllocatorHandsOutNewPagesInOrder()
    {
        var allocator = new PageAllocator(2);
        Assert.Equal(2ul, allocator.Allocate());
        Assert.Equal(3ul, allocator.Allocate());
        Assert.Equal(4ul, allocator.PageCount);
        Assert.Equal(0, allocator.FreeCount);
    }

    [Fact]
    public void FreedPagesWaitUntilReleaseAllowsThem()
    {
        var allocator = new PageAllocator(10);
        allocator.Free(5, freedBy: 7);
        allocator.Free(6, freedBy: 8);
        Assert.Equal(2, allocator.PendingCount);
        Assert.Equal(10ul, allocator.Allocate()); // pending pages are not handed out

        allocator.Release(oldestPinnedTxn: 6, nextTxn: 9); // a snapshot still reads tree 6: page 5 belongs to it
        Assert.Equal(0, allocator.FreeCount);
        Assert.Equal(11ul, allocator.Allocate());

        allocator.Release(oldestPinnedTxn: 100, nextTxn: 7); // never reuse within (or before) the freeing transaction
        Assert.Equal(0, allocator.FreeCount);
        allocator.Release(oldestPinnedTxn: 7, nextTxn: 7);
        Assert.Equal(0, allocator.FreeCount);

        allocator.Release(oldestPinnedTxn: 7, nextTxn: 8);
        Assert.Equal(1, allocator.FreeCount);
        Assert.Equal(1, allocator.PendingCount);
        Assert.Equal(5ul, allocator.Allocate());

        allocator.Release(oldestPinnedTxn: ulong.MaxValue, nextTxn: 9);
        Assert.Equal(6ul, allocator.Allocate());
        Assert.Equal(0, allocator.PendingCount);
        Assert.Equal(12ul, allocator.Allocate());
    }

    [Fact]
    public void SaveAndRestoreRollBackEverything()
    {
        var allocator = new PageAllocator(20);
        allocator.Free(3, 1);
        allocator.Free(4, 1);
        allocator.Release(1, 2);
        allocator.Free(9, 2);
        PageAllocator.State saved = allocator.Save();

        allocator.Allocate();
        allocator.Allocate();
        allocator.Allocate();
        allocator.Free(15, 3);
        allocator.Release(3, 4);
        allocator.Allocate();

        allocator.Restore(saved);
        PageAllocator.State restored = allocator.Save();
        Assert.Equal(saved.Free, restored.Free);
        Assert.Equal(saved.Pending, restored.Pending);
        Assert.Equal(saved.ListPages, restored.ListPages);
        Assert.Equal(20ul, allocator.PageCount);
        Assert.Equal(2, allocator.FreeCount);
        Assert.Equal(1, allocator.PendingCount);
        var handedOut = new HashSet<ulong> { allocator.Allocate(), allocator.Allocate(), allocator.Allocate() };
        Assert.Equal(new HashSet<ulong> { 3, 4, 20 }, handedOut);

        // The saved state is a copy: changes after Save do not leak into it.
        Assert.Equal(2, saved.Free.Length);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 0)]
    [InlineData(0, 1)]
    [InlineData(300, 250)]
    [InlineData(508, 0)]
    [InlineData(509, 0)]
    [InlineData(0, 509)]
    [InlineData(1016, 1)]
    [InlineData(2000, 1500)]
    public void PersistAndLoadRoundTripTheFreeAndPendingPages(int free, int pending)
    {
        using var kit = new TreeTestKit(4096);
        ulong pageCount = (ulong)(2 + free + pending + 10);
        var allocator = new PageAllocator(pageCount);
        for (int i = 0; i < free; i++) allocator.Free((ulong)(2 + i), 1);
        allocator.Release(1, 2);
        for (int i = 0; i < pending; i++) allocator.Free((ulong)(2 + free + i), 2);

        ulong first = allocator.Persist(kit.File, txnId: 2);

        PageAllocator.State state = allocator.Save();
        var expected = state.Free.Concat(state.Pending.Select(p => p.Item2)).ToHashSet();
        if (free + pending == 0)
        {
            Assert.Equal(0ul, first);
            Assert.Empty(state.ListPages);
            return;
        }
        Assert.Equal(first, state.ListPages[0]);
        Assert.Empty(expected.Intersect(state.ListPages)); // list pages are not listed as free
        Assert.Equal(free + pending - Math.Min(state.ListPages.Length, free), expected.Count); // list pages come from the free list first

        var loaded = new PageAllocator(allocator.PageCount);
        loaded.Load(kit.File, first);
        PageAllocator.State after = loaded.Save();
        Assert.Equal(expected, after.Free.ToHashSet()); // after a restart nothing is pinned: pending is free
        Assert.Equal(expected.Count, after.Free.Length);
        Assert.Empty(after.Pending);
        Assert.Equal(state.ListPages, after.ListPages);
    }

    [Fact]
    public void PersistingAgainFreesThePreviousListPages()
    {
        using var kit = new TreeTestKit(4096);
        var allocator = new PageAllocator(1000);
        for (ulong p = 100; p < 700; p++) allocator.Free(p, 1);
        allocator.Release(1, 2);
        allocator.Persist(kit.File, 2);
        ulong[] firstList = allocator.Save().ListPages;
        Assert.Equal(2, firstList.Length);

        allocator.Release(2, 3);
        ulong second = allocator.Persist(kit.File, 3);
        PageAllocator.State state = allocator.Save();
        Assert.All(firstList, page => Assert.Contains((3ul, page), state.Pending));

        var loaded = new PageAllocator(allocator.PageCount);
        loaded.Load(kit.File, second);
        Assert.Superset(firstList.ToHashSet(), loaded.Save().Free.ToHashSet());
    }

    [Fact]
    public void LoadRejectsAListPageBeyondTheEndOfTheFile()
    {
        using var kit = new TreeTestKit(4096);
        var allocator = new PageAllocator(50);
        allocator.Free(40, 1);
        ulong first = allocator.Persist(kit.File, 1);
        Assert.Equal(50ul, first);
        var error = Assert.Throws<LightningCorruptionException>(() => new PageAllocator(50).Load(kit.File, first));
        Assert.Equal(50L * 4096, error.Offset);
    }

    [Theory]
    [InlineData(7ul, 5ul)]  // the page links to itself
    [InlineData(1ul, 0ul)]  // names a meta page
    [InlineData(0ul, 0ul)]
    [InlineData(10ul, 0ul)] // names a page past the end of the file
    [InlineData(7ul, 10ul)] // links past the end of the file
    public void LoadRejectsADamagedList(ulong entry, ulong link)
    {
        using var kit = new TreeTestKit(4096);
        byte[] page = new byte[4096];
        BinaryPrimitives.WriteUInt64LittleEndian(page.AsSpan(PageFormat.HeaderSize), entry);
        PageFormat.WriteHeader(page, PageType.FreeList, 1, 5, 1, link);
        kit.File.Write(5, page);
        var error = Assert.Throws<LightningCorruptionException>(() => new PageAllocator(10).Load(kit.File, 5));
        Assert.Equal(kit.FilePath, error.FilePath);
    }

    [Fact]
    public void LoadRejectsAPageOfTheWrongType()
    {
        using var kit = new TreeTestKit(4096);
        byte[] page = new byte[4096];
        PageFormat.WriteHeader(page, PageType.Leaf, 0, 5, 1, 0);
        kit.File.Write(5, page);
        Assert.Throws<LightningCorruptionException>(() => new PageAllocator(10).Load(kit.File, 5));
    }
}
