using Lightning.Kv.Cache;

namespace Lightning.Kv.Tests.Cache;

/// <summary>Byte accounting, the budget, batch eviction, oversized blocks and owner invalidation.</summary>
public sealed class CacheAccountingTests
{
    [Fact]
    public void ByteAccountingMatchesAModelUnderRandomPutsAndRemovesOfMixedSizes()
    {
        const long capacity = 256 * 1024;
        var cache = new PageCache(capacity, 4096, shardCount: 4);
        var model = new Dictionary<CacheKey, byte[]>(); // the newest block put for each key not removed since
        var random = new Random(20240917);
        int version = 0;
        for (int op = 0; op < 20_000; op++)
        {
            var key = new CacheKey((ulong)random.Next(4), (ulong)random.Next(300));
            int roll = random.Next(100);
            if (roll < 60)
            {
                // Mostly page-sized, sometimes tiny, now and then larger than a shard (64 KiB) can hold.
                int size = random.Next(10) switch
                {
                    0 => random.Next(CacheTestBlocks.MinSize, 200),
                    1 => random.Next(16 * 1024, 80 * 1024),
                    _ => random.Next(1000, 9000),
                };
                byte[] block = CacheTestBlocks.Block(key, size, ++version);
                cache.Put(key, block);
                model[key] = block;
            }
            else if (roll < 85)
            {
                cache.Remove(key);
                model.Remove(key);
            }
            else if (roll < 95)
            {
                if (cache.TryGet(key, out byte[] found)) Assert.Same(model[key], found);
            }
            else if (roll < 96)
            {
                ulong owner = (ulong)random.Next(4);
                cache.RemoveOwner(owner);
                foreach (CacheKey dead in model.Keys.Where(k => k.Owner == owner).ToList()) model.Remove(dead);
            }
            Assert.InRange(cache.BytesInUse, 0, capacity);
            if (op % 97 == 0) AssertMatchesModel(cache, model);
        }
        AssertMatchesModel(cache, model);
        Assert.True(cache.Evictions > 100); // the budget was under pressure
    }

    private static void AssertMatchesModel(PageCache cache, Dictionary<CacheKey, byte[]> model)
    {
        cache.CheckInvariants();
        long bytes = 0;
        foreach (KeyValuePair<CacheKey, byte[]> resident in cache.ResidentBlocks())
        {
            Assert.True(model.TryGetValue(resident.Key, out byte[]? expected), $"{resident.Key} is cached but was removed");
            Assert.Same(expected, resident.Value); // never a stale version
            bytes += resident.Value.Length;
        }
        Assert.Equal(bytes, cache.BytesInUse);
        Assert.Equal(bytes, cache.GetListSizes().ResidentBytes);
    }

    [Fact]
    public void AFullShardEvictsABatchInOnePass()
    {
        const int entry = 256;
        const long capacity = 64 * 1024; // 256 entries; a batch is 1/32 of it = 8 entries
        var cache = new PageCache(capacity, entry, shardCount: 1);
        for (ulong id = 0; id < 256; id++) cache.Put(id, CacheTestBlocks.Page(id, entry));
        Assert.Equal(capacity, cache.BytesInUse);
        Assert.Equal(0, cache.Evictions);

        cache.Put(256, CacheTestBlocks.Page(256, entry));
        // One pass down to the low-water mark (capacity - capacity/32 = 248 entries), then the newcomer.
        Assert.Equal(8, cache.Evictions);
        Assert.Equal(1, cache.EvictionPasses);
        Assert.Equal(capacity - capacity / 32 + entry, cache.BytesInUse);

        for (ulong id = 257; id < 264; id++) cache.Put(id, CacheTestBlocks.Page(id, entry));
        Assert.Equal(8, cache.Evictions); // the next 7 inserts fit without another pass
        Assert.Equal(1, cache.EvictionPasses);
        Assert.Equal(capacity, cache.BytesInUse);
        cache.Put(264, CacheTestBlocks.Page(264, entry));
        Assert.Equal(16, cache.Evictions);
        Assert.Equal(2, cache.EvictionPasses);
        cache.CheckInvariants();
    }

    [Fact]
    public void CoarseBlocksStillEvictAtLeastABatch()
    {
        // Blocks as big as a third of the shard: one eviction frees more than a batch, so one is enough.
        var cache = new PageCache(3 * 8192, 8192, shardCount: 1);
        for (ulong id = 0; id < 3; id++) cache.Put(id, CacheTestBlocks.Page(id, 8192));
        cache.Put(3, CacheTestBlocks.Page(3, 8192));
        Assert.Equal(1, cache.Evictions);
        Assert.Equal(3 * 8192, cache.BytesInUse);
    }

    [Fact]
    public void ABlockLargerThanAShardIsNotCachedAndDoesNotLeaveAStaleCopy()
    {
        var cache = new PageCache(4 * 16 * 1024, 4096, shardCount: 4); // 16 KiB per shard
        var key = new CacheKey(3, 77);
        byte[] small = CacheTestBlocks.Block(key, 4096, 1);
        cache.Put(key, small);
        Assert.True(cache.TryGet(key, out _));

        cache.Put(key, CacheTestBlocks.Block(key, 16 * 1024 + 1, 2));

        Assert.False(cache.TryGet(key, out _));
        Assert.Equal(0, cache.BytesInUse);
        byte[] exact = CacheTestBlocks.Block(key, 16 * 1024, 3); // exactly a shard's share fits
        cache.Put(key, exact);
        Assert.True(cache.TryGet(key, out byte[] found));
        Assert.Same(exact, found);
        cache.CheckInvariants();
    }

    [Fact]
    public void ReplacingABlockWithAnotherSizeRechargesIt()
    {
        var cache = new PageCache(1 << 20, 4096, shardCount: 1);
        var key = new CacheKey(0, 9);
        cache.Put(key, CacheTestBlocks.Block(key, 1000));
        cache.Put(key, CacheTestBlocks.Block(key, 5000, 1));
        Assert.Equal(5000, cache.BytesInUse);
        cache.Put(key, CacheTestBlocks.Block(key, 300, 2));
        Assert.Equal(300, cache.BytesInUse);
        Assert.Equal(1, cache.GetListSizes().T1Count + cache.GetListSizes().T2Count);
        Assert.True(cache.Remove(key));
        Assert.False(cache.Remove(key));
        Assert.Equal(0, cache.BytesInUse);
        cache.CheckInvariants();
    }

    [Fact]
    public void RemoveOwnerFreesAllItsBlocksAndGhosts()
    {
        var cache = new PageCache(64 * 4096, 4096, shardCount: 4);
        // Owner 0 (tree pages) and SST files 1 and 2; the SST blocks overflow the cache, leaving ghosts.
        for (ulong id = 0; id < 20; id++) cache.Put(id, CacheTestBlocks.Page(id, 4096));
        for (ulong id = 0; id < 20; id++) Assert.True(cache.TryGet(id, out _)); // to T2: ARC keeps ghosts only beside T2
        for (long offset = 0; offset < 60 * 4096; offset += 4096)
        {
            cache.Put(CacheKey.ForSstBlock(1, offset), CacheTestBlocks.Block(CacheKey.ForSstBlock(1, offset), 4096));
            cache.Put(CacheKey.ForSstBlock(2, offset), CacheTestBlocks.Block(CacheKey.ForSstBlock(2, offset), 4096));
        }
        ulong owner = CacheKey.OwnerOfSst(1);
        List<KeyValuePair<CacheKey, byte[]>> before = cache.ResidentBlocks();
        long ownedBytes = before.Where(b => b.Key.Owner == owner).Sum(b => (long)b.Value.Length);
        Assert.True(ownedBytes > 0);
        Assert.True(cache.GetListSizes().B1Count > 0);

        long freed = cache.RemoveOwner(owner);

        Assert.Equal(ownedBytes, freed);
        List<KeyValuePair<CacheKey, byte[]>> after = cache.ResidentBlocks();
        Assert.DoesNotContain(after, b => b.Key.Owner == owner);
        Assert.Equal(before.Count(b => b.Key.Owner != owner), after.Count);
        Assert.Equal(before.Sum(b => (long)b.Value.Length) - freed, cache.BytesInUse);
        cache.CheckInvariants();
        // Its ghosts are gone too: putting its first block again is a plain miss (T1), not a ghost hit (T2).
        long t2 = cache.GetListSizes().T2Count;
        cache.Put(CacheKey.ForSstBlock(1, 0), CacheTestBlocks.Block(CacheKey.ForSstBlock(1, 0), 4096));
        Assert.Equal(t2, cache.GetListSizes().T2Count);
        Assert.Equal(0, cache.RemoveOwner(CacheKey.OwnerOfSst(99)));
    }

    [Fact]
    public void TreePagesAndSstBlocksWithTheSameNumberAreDifferentKeys()
    {
        var cache = new PageCache(1 << 20, 4096);
        byte[] page = CacheTestBlocks.Page(5, 100);
        byte[] block = CacheTestBlocks.Block(CacheKey.ForSstBlock(0, 5), 100);
        cache.Put(5, page);
        cache.Put(CacheKey.ForSstBlock(0, 5), block);
        Assert.True(cache.TryGet(5, out byte[] foundPage));
        Assert.True(cache.TryGet(CacheKey.ForSstBlock(0, 5), out byte[] foundBlock));
        Assert.Same(page, foundPage);
        Assert.Same(block, foundBlock);
        Assert.Equal(CacheKey.ForTreePage(5), new CacheKey(0, 5));
        Assert.NotEqual(CacheKey.ForTreePage(5), CacheKey.ForSstBlock(0, 5));
    }

    [Fact]
    public void SequentialPageIdsSpreadEvenlyOverShards()
    {
        var cache = new PageCache(1L << 30, 8192);
        Assert.Equal(PageCache.MaxShardCount, cache.ShardCount);
        int[] perShard = new int[cache.ShardCount];
        for (ulong id = 0; id < 16_384; id++) perShard[cache.ShardIndexOf(CacheKey.ForTreePage(id))]++;
        foreach (int count in perShard) Assert.InRange(count, 1024 * 3 / 4, 1024 * 5 / 4);
        for (long offset = 0; offset < 16_384L * 4096; offset += 4096) perShard[cache.ShardIndexOf(CacheKey.ForSstBlock(3, offset))]++;
        foreach (int count in perShard) Assert.InRange(count, 2048 * 3 / 4, 2048 * 5 / 4);
    }

    [Theory]
    [InlineData(256L * 1024, 4096, 1)]
    [InlineData(4L << 20, 8192, 8)]
    [InlineData(64L << 20, 8192, 16)]
    [InlineData(0, 8192, 1)]
    public void SmallBudgetsUseFewerShards(long capacity, int pageSize, int expectedShards)
    {
        var cache = new PageCache(capacity, pageSize);
        Assert.Equal(expectedShards, cache.ShardCount);
        Assert.Equal(capacity, cache.CapacityBytes);
    }
}
