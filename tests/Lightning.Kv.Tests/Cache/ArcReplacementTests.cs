using Lightning.Kv.Cache;

namespace Lightning.Kv.Tests.Cache;

/// <summary>ARC's replacement decisions: promotion to T2, ghosts, the adaptive target, and scan resistance.</summary>
public sealed class ArcReplacementTests
{
    private const int PageSize = 4096;

    private static void Put(PageCache cache, ulong id) => cache.Put(id, CacheTestBlocks.Page(id, PageSize));

    /// <summary>Reads through the cache the way PageFile does: a miss loads the page and puts it.</summary>
    private static bool Touch(PageCache cache, ulong id)
    {
        if (cache.TryGet(id, out byte[] page))
        {
            Assert.Equal(id, CacheTestBlocks.KeyOf(page).Id);
            return true;
        }
        Put(cache, id);
        return false;
    }

    [Fact]
    public void HotSetSurvivesAScanOfTenTimesTheCapacityWhereLruDoesNot()
    {
        const long capacity = 1 << 20; // 256 pages
        const int capacityPages = (int)(capacity / PageSize);
        var cache = new PageCache(capacity, PageSize);
        Assert.True(cache.ShardCount > 1); // the real sharded layout, not a special case
        var lru = new LruModel(capacityPages);
        ulong[] hot = Enumerable.Range(0, capacityPages / 4).Select(i => (ulong)i * 7919).ToArray();

        for (int round = 0; round < 4; round++)
            foreach (ulong id in hot)
            {
                Touch(cache, id);
                lru.Touch(id);
            }
        for (ulong id = 0; id < 10 * capacityPages; id++)
        {
            Touch(cache, 10_000_000 + id);
            lru.Touch(10_000_000 + id);
        }
        int arcHits = 0, lruHits = 0;
        foreach (ulong id in hot)
        {
            if (Touch(cache, id)) arcHits++;
            if (lru.Touch(id)) lruHits++;
        }

        Assert.True(arcHits >= hot.Length * 9 / 10, $"ARC kept {arcHits} of {hot.Length} hot pages");
        Assert.True(lruHits <= hot.Length / 10, $"LRU kept {lruHits} of {hot.Length} hot pages");
        ArcListSizes sizes = cache.GetListSizes();
        Assert.True(sizes.T2Count >= hot.Length * 9 / 10, $"T2 holds {sizes.T2Count} pages");
        Assert.Equal(0, sizes.B2Count); // the scan never pushed a frequent page out
        cache.CheckInvariants();
    }

    [Fact]
    public void ReferencedPagesMoveToT2AndUnreferencedOnesBecomeB1Ghosts()
    {
        var cache = new PageCache(8 * PageSize, PageSize, shardCount: 1);
        for (ulong id = 0; id < 8; id++) Put(cache, id);
        for (ulong id = 0; id < 4; id++) Assert.True(cache.TryGet(id, out _));
        Assert.Equal(new ArcListSizes(8, 8 * PageSize, 0, 0, 0, 0, 0, 0, 0), cache.GetListSizes());

        Put(cache, 8); // the clock moves 0..3 to T2 and evicts 4, the first unreferenced page

        Assert.Equal(new ArcListSizes(4, 4 * PageSize, 4, 4 * PageSize, 1, PageSize, 0, 0, 0), cache.GetListSizes());
        Assert.False(cache.TryGet(4, out _));
        for (ulong id = 0; id < 4; id++) Assert.True(cache.TryGet(id, out _));
        Assert.Equal(1, cache.Evictions);
    }

    [Fact]
    public void GhostHitsMoveTheTargetAsArcSays()
    {
        var cache = new PageCache(8 * PageSize, PageSize, shardCount: 1);
        for (ulong id = 0; id < 8; id++) Put(cache, id);
        for (ulong id = 0; id < 4; id++) cache.TryGet(id, out _);
        Put(cache, 8); // T1 = 5 6 7 8, T2 = 0 1 2 3, B1 = 4

        Put(cache, 4); // B1 hit: T1 was too small, so its target grows by one page; 4 comes back on T2; 5 → B1
        ArcListSizes sizes = cache.GetListSizes();
        Assert.Equal(PageSize, sizes.TargetT1Bytes);
        Assert.Equal(5, sizes.T2Count);
        Assert.Equal(3, sizes.T1Count);
        Assert.Equal(1, sizes.B1Count);
        Assert.True(cache.TryGet(4, out _));
        Assert.False(cache.TryGet(5, out _));

        Put(cache, 5); // B1 hit again: target 2 pages; T1 (6 7 8 = 3 pages) is still over it, so 6 → B1
        Put(cache, 6); // target 3 pages; T1 (7 8) is under it now, so T2's clock gives up a page: its hand is at 0
        sizes = cache.GetListSizes();
        Assert.Equal(3 * PageSize, sizes.TargetT1Bytes);
        Assert.Equal(1, sizes.B2Count);
        Assert.False(cache.TryGet(0, out _));

        long before = sizes.TargetT1Bytes;
        Put(cache, 0); // B2 hit: T2 was too small, so the target shrinks
        sizes = cache.GetListSizes();
        Assert.True(sizes.TargetT1Bytes < before, $"target {sizes.TargetT1Bytes} did not shrink from {before}");
        Assert.Equal(before - PageSize, sizes.TargetT1Bytes); // B1 is empty, so the step is max(1, |B1|/|B2|) = one page
        Assert.True(cache.TryGet(0, out _));
        Assert.Equal(0, sizes.B2Count);
        cache.CheckInvariants();
    }

    [Fact]
    public void B1HitsShiftTheBudgetFromStaleFrequentPagesToANewWorkingSet()
    {
        var cache = new PageCache(64 * PageSize, PageSize, shardCount: 1);
        // Phase 1: 48 pages used twice fill T2 once the clock sweeps them.
        for (int round = 0; round < 2; round++)
            for (ulong id = 0; id < 48; id++) Touch(cache, id);
        // Phase 2: those pages go cold; a loop over 40 new pages misses in T1's small share, then hits in B1.
        int lastPassHits = 0;
        for (int pass = 0; pass < 8; pass++)
        {
            lastPassHits = 0;
            for (ulong id = 1000; id < 1040; id++)
                if (Touch(cache, id)) lastPassHits++;
        }
        ArcListSizes sizes = cache.GetListSizes();
        Assert.True(sizes.TargetT1Bytes > 0, "B1 hits must raise the target");
        Assert.True(lastPassHits >= 36, $"the new working set hits {lastPassHits} of 40");
        Assert.True(sizes.B2Count > 0, "stale T2 pages are evicted to B2");
        Assert.True(sizes.ResidentBytes <= 64 * PageSize);
        cache.CheckInvariants();
    }

    /// <summary>A textbook LRU of whole pages, the baseline a scan defeats.</summary>
    private sealed class LruModel(int capacity)
    {
        private readonly LinkedList<ulong> _order = new();
        private readonly Dictionary<ulong, LinkedListNode<ulong>> _nodes = new();

        public bool Touch(ulong id)
        {
            if (_nodes.TryGetValue(id, out LinkedListNode<ulong>? node))
            {
                _order.Remove(node);
                _order.AddFirst(node);
                return true;
            }
            if (_nodes.Count == capacity)
            {
                _nodes.Remove(_order.Last!.Value);
                _order.RemoveLast();
            }
            _nodes[id] = _order.AddFirst(id);
            return false;
        }
    }
}
