using Lightning.Kv.Cache;

namespace Lightning.Kv.Tests.Cache;

/// <summary>The direct-mapped tree-page table: a shortcut that may miss but never returns another page's block.</summary>
public sealed class TreePageSlotsTests
{
    private static CacheEntry Resident(ulong pageId, byte[] block) =>
        new(CacheKey.ForTreePage(pageId)) { Value = block, Size = block.Length };

    [Fact]
    public void IsSizedToTwiceThePagesTheBudgetHolds()
    {
        Assert.Equal(256, new TreePageSlots(128 * 4096, 4096).Count);
        Assert.Equal(64, new TreePageSlots(4096, 4096).Count);
        Assert.Equal(TreePageSlots.MaxSlots, new TreePageSlots(1L << 40, 4096).Count);
    }

    [Fact]
    public void CollidingPagesTakeTurnsAndTheLoserMisses()
    {
        var slots = new TreePageSlots(32 * 4096, 4096);
        ulong a = 5, b = 5 + (ulong)slots.Count; // same slot
        CacheEntry first = Resident(a, CacheTestBlocks.Page(a, 64)), second = Resident(b, CacheTestBlocks.Page(b, 64));
        slots.Publish(first);
        Assert.False(slots.TakeReference(first));
        Assert.True(slots.TryGet(a, out byte[] block));
        Assert.Same(first.Value, block);
        Assert.True(slots.TakeReference(first)); // a slot hit is a reference the clock sees once
        Assert.False(slots.TakeReference(first));
        Assert.False(slots.TryGet(b, out _));

        slots.Publish(second);
        Assert.False(slots.TryGet(a, out _));
        Assert.True(slots.TryGet(b, out block));
        Assert.Equal(CacheKey.ForTreePage(b), CacheTestBlocks.KeyOf(block));

        Assert.False(slots.TakeReference(first)); // the slot's byte is not first's any more
        slots.Withdraw(first.Key, first.Value); // not the holder: the slot stays with the other page
        Assert.True(slots.TryGet(b, out _));
        slots.Withdraw(second.Key, second.Value);
        Assert.False(slots.TryGet(b, out _));
    }

    [Fact]
    public void APageDisplacedFromItsSlotKeepsItsSlotHitsOnItsEntry()
    {
        var slots = new TreePageSlots(32 * 4096, 4096);
        ulong a = 9, b = 9 + (ulong)slots.Count;
        CacheEntry first = Resident(a, CacheTestBlocks.Page(a, 64)), second = Resident(b, CacheTestBlocks.Page(b, 64));
        slots.Publish(first);
        Assert.True(slots.TryGet(a, out _));
        Assert.False(first.Referenced); // a slot hit does not touch the entry
        slots.Publish(second);
        Assert.True(first.Referenced); // the clock will still see first as used
        Assert.False(slots.TakeReference(second)); // and second did not inherit the hit
    }

    [Fact]
    public void ARewriteReplacesTheOldBlockAndOnlyBlocksNamingTheirPageAreServed()
    {
        var slots = new TreePageSlots(32 * 4096, 4096);
        CacheEntry entry = Resident(7, CacheTestBlocks.Page(7, 64, version: 1));
        slots.Publish(entry);
        entry.Value = CacheTestBlocks.Page(7, 64, version: 2); // the shard rewrites a page and republishes
        slots.Publish(entry);
        Assert.True(slots.TryGet(7, out byte[] block));
        Assert.Equal(2, BitConverter.ToInt32(block, 16));

        entry.Value = CacheTestBlocks.Page(8, 64); // a block that names another page: never served, and the old one goes
        slots.Publish(entry);
        Assert.False(slots.TryGet(7, out _));
        Assert.False(slots.TryGet(8, out _));

        var sst = new CacheEntry(CacheKey.ForSstBlock(0, 9)) { Value = CacheTestBlocks.Page(9, 64), Size = 64 };
        slots.Publish(sst); // only tree pages have slots
        Assert.False(slots.TryGet(9, out _));
    }

    [Fact]
    public void TheCacheServesTheNewestCopyAndNothingAfterRemoval()
    {
        var cache = new PageCache(64 * 4096, 4096);
        cache.Put(3, CacheTestBlocks.Page(3, 4096, version: 1));
        cache.Put(3, CacheTestBlocks.Page(3, 4096, version: 2));
        Assert.True(cache.TryGet(3, out byte[] page));
        Assert.Equal(2, BitConverter.ToInt32(page, 16));
        cache.Remove(3);
        Assert.False(cache.TryGet(3, out _));

        // Evicted pages leave their slots too: fill far past the budget, then every slot hit must be resident.
        for (ulong id = 100; id < 1100; id++) cache.Put(id, CacheTestBlocks.Page(id, 4096));
        var resident = new HashSet<CacheKey>();
        foreach (KeyValuePair<CacheKey, byte[]> pair in cache.ResidentBlocks()) resident.Add(pair.Key);
        int served = 0;
        for (ulong id = 100; id < 1100; id++)
        {
            if (!cache.TreeSlots!.TryGet(id, out byte[] block)) continue;
            served++;
            Assert.Contains(CacheKey.ForTreePage(id), resident);
            Assert.Equal(CacheKey.ForTreePage(id), CacheTestBlocks.KeyOf(block));
        }
        Assert.InRange(served, 1, resident.Count);
        cache.CheckInvariants();
    }
}
