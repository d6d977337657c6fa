using System.Buffers.Binary;
using System.Collections.Concurrent;
using Lightning.Kv.Cache;

namespace Lightning.Kv.Tests.Cache;

/// <summary>The tree-page face of the cache (page-id overloads), as <c>PageFile</c> uses it.</summary>
public sealed class PageCacheTests
{
    private const int PageSize = 4096;
    private const int Shards = 16;

    private static byte[] PageFor(ulong id, int version = 0, int size = 64) => CacheTestBlocks.Page(id, size, version);

    private static int Cached(PageCache cache, IEnumerable<ulong> ids) => ids.Count(id => cache.TryGet(id, out _));

    /// <summary>Page ids that land in the same shard as <paramref name="anchor"/>.</summary>
    private static List<ulong> SameShard(PageCache cache, ulong anchor, int count) =>
        CacheTestBlocks.PageIdsInShard(cache, cache.ShardIndexOf(CacheKey.ForTreePage(anchor)), count, anchor);

    [Fact]
    public void GetPutRemove()
    {
        var cache = new PageCache(1 << 20, PageSize);
        Assert.False(cache.TryGet(5, out _));
        byte[] page = PageFor(5);
        cache.Put(5, page);
        Assert.True(cache.TryGet(5, out byte[] found));
        Assert.Same(page, found);

        byte[] replacement = PageFor(5, 1);
        cache.Put(5, replacement);
        Assert.True(cache.TryGet(5, out found));
        Assert.Same(replacement, found);

        cache.Remove(5);
        Assert.False(cache.TryGet(5, out _));
        cache.Remove(5); // removing an absent page is harmless
        cache.Remove(12345);
        cache.Put(5, page);
        Assert.True(cache.TryGet(5, out found));
        Assert.Same(page, found);
        Assert.Equal(page.Length, cache.BytesInUse);
    }

    [Fact]
    public void HitsAndMissesAreCounted()
    {
        var cache = new PageCache(1 << 20, PageSize);
        cache.TryGet(1, out _);
        cache.Put(1, PageFor(1));
        cache.TryGet(1, out _);
        cache.TryGet(1, out _);
        cache.TryGet(2, out _);
        Assert.Equal(2, cache.Hits);
        Assert.Equal(2, cache.Misses);
    }

    [Theory]
    [InlineData(Shards * PageSize * 1)]
    [InlineData(Shards * PageSize * 4)]
    [InlineData(Shards * PageSize * 25 + 100)]
    public void NeverHoldsMorePagesThanItsCapacity(long capacityBytes)
    {
        int capacityPages = (int)(capacityBytes / PageSize);
        var cache = new PageCache(capacityBytes, PageSize, Shards);
        var ids = Enumerable.Range(0, capacityPages * 10).Select(i => (ulong)i * 3 + 7).ToList();
        foreach (ulong id in ids)
        {
            cache.Put(id, PageFor(id, size: PageSize));
            Assert.True(cache.TryGet(id, out byte[] page)); // the page just put is always there
            Assert.Equal(id, BinaryPrimitives.ReadUInt64LittleEndian(page.AsSpan(8)));
            Assert.InRange(cache.BytesInUse, PageSize, capacityBytes);
        }
        int cached = Cached(cache, ids);
        Assert.InRange(cached, 1, capacityPages);
        Assert.Equal((long)cached * PageSize, cache.BytesInUse);
        foreach (ulong id in ids)
            if (cache.TryGet(id, out byte[] page)) Assert.Equal(id, BinaryPrimitives.ReadUInt64LittleEndian(page.AsSpan(8)));
    }

    [Fact]
    public void ZeroCapacityCachesNothing()
    {
        var cache = new PageCache(0, PageSize);
        cache.Put(1, PageFor(1));
        Assert.False(cache.TryGet(1, out _));
        Assert.Equal(0, cache.BytesInUse);
        Assert.Equal(1, cache.Misses);
        // A budget smaller than one page (per shard) cannot hold a page.
        var tiny = new PageCache(PageSize - 1, PageSize);
        tiny.Put(1, PageFor(1, size: PageSize));
        Assert.False(tiny.TryGet(1, out _));
        var tinyShards = new PageCache(PageSize * Shards - 1, PageSize, Shards);
        tinyShards.Put(1, PageFor(1, size: PageSize));
        Assert.False(tinyShards.TryGet(1, out _));
        Assert.Equal(0, tinyShards.BytesInUse);
    }

    [Fact]
    public void ReferencedPagesGetASecondChance()
    {
        var cache = new PageCache(Shards * PageSize * 2, PageSize, Shards); // two pages per shard
        List<ulong> ids = SameShard(cache, 100, 3);
        cache.Put(ids[0], PageFor(ids[0], size: PageSize));
        cache.Put(ids[1], PageFor(ids[1], size: PageSize));
        Assert.True(cache.TryGet(ids[0], out _)); // referenced: survives the next sweep
        cache.Put(ids[2], PageFor(ids[2], size: PageSize));
        Assert.True(cache.TryGet(ids[0], out _));
        Assert.False(cache.TryGet(ids[1], out _));
        Assert.True(cache.TryGet(ids[2], out _));
    }

    [Fact]
    public void RemovedPagesFreeRoomBeforeLivePagesAreEvicted()
    {
        var cache = new PageCache(Shards * PageSize * 2, PageSize, Shards);
        List<ulong> ids = SameShard(cache, 7, 3);
        cache.Put(ids[0], PageFor(ids[0], size: PageSize));
        cache.Put(ids[1], PageFor(ids[1], size: PageSize));
        cache.Remove(ids[0]);
        cache.Put(ids[2], PageFor(ids[2], size: PageSize));
        Assert.True(cache.TryGet(ids[1], out _));
        Assert.True(cache.TryGet(ids[2], out _));
        Assert.False(cache.TryGet(ids[0], out _));
        Assert.Equal(0, cache.Evictions);
    }

    [Fact]
    public void ConcurrentGetsPutsAndRemovesNeverMixUpPages()
    {
        var cache = new PageCache(Shards * PageSize * 8, PageSize, Shards); // 128 pages for 2000 ids: constant eviction
        var errors = new ConcurrentQueue<string>();
        long hits = 0;
        var threads = Enumerable.Range(0, 6).Select(t => new Thread(() =>
        {
            var random = new Random(t);
            for (int op = 0; op < 100_000; op++)
            {
                ulong id = (ulong)random.Next(2000);
                int roll = random.Next(10);
                if (roll < 5)
                {
                    if (cache.TryGet(id, out byte[] page))
                    {
                        Interlocked.Increment(ref hits);
                        ulong owner = BinaryPrimitives.ReadUInt64LittleEndian(page.AsSpan(8));
                        if (owner != id) errors.Enqueue($"asked for page {id}, got page {owner}");
                    }
                }
                else if (roll < 9) cache.Put(id, PageFor(id, t, PageSize));
                else cache.Remove(id);
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        Assert.Empty(errors);
        Assert.True(Interlocked.Read(ref hits) > 0);
        Assert.True(cache.Evictions > 0);
        int cached = Cached(cache, Enumerable.Range(0, 2000).Select(i => (ulong)i));
        Assert.InRange(cached, 0, Shards * 8);
        cache.CheckInvariants();
    }
}
