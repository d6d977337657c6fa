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
        Assert.True(slots.TryGet(a, out byte[] block));
        Assert.Same(first.Value, block);
        Assert.True(first.Referenced);
        Assert.False(slots.TryGet(b, out _));

        slots.Publish(second);
        Assert.False(slots.TryGet(a, out _));
        Assert.True(slots.TryGet(b, out block));
        Assert.Equal(CacheKey.ForTreePage(b), CacheTestBlocks.KeyOf(block));

        slots.Withdraw(first); // not the holder: the slot stays with the other page
        Assert.True(slots.TryGet(b, out _));
        slots.Withdraw(second);
        Assert.False(slots.TryGet(b, out _));
    }

    [Fact]
    public void ADeadEntryAndOtherOwnersAreNeverServed()
    {
        var slots = new TreePageSlots(32 * 4096, 4096);
        CacheEntry dead = Resident(7, CacheTestBlocks.Page(7, 64));
        slots.Publish(dead);
        dead.Value = null; // what the shard does when it evicts or forgets an entry
        Assert.False(slots.TryGet(7, out _));

        var sst = new CacheEntry(CacheKey.ForSstBlock(0, 9)) { Value = new byte[64], Size = 64 };
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
