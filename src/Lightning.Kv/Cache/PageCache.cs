using System.Runtime.CompilerServices;

namespace Lightning.Kv.Cache;

/// <summary>
/// The engine's block cache: tree pages and (decompressed) SST blocks, bounded in bytes, replaced by ARC in its
/// clock form (CAR) so that one large scan cannot flush the blocks that are used again and again. Sharded by key
/// hash; each <see cref="ArcShard"/> gets an equal share of the budget and its own lock, and a hit takes no lock
/// and allocates nothing. Blocks are immutable <c>byte[]</c> owned by the GC: a reader keeps using a block it got
/// even after it is evicted (see docs/cache.md for why the cache does not pool them). A budget of 0 disables it.
/// </summary>
internal sealed class PageCache
{
    /// <summary>The most shards a cache is split into.</summary>
    public const int MaxShardCount = 16;

    /// <summary>Automatic sharding keeps at least this many typical entries per shard, so small caches stay whole.</summary>
    public const int MinEntriesPerShard = 64;

    private readonly ArcShard[] _shards;
    private readonly int _shardMask;
    private readonly TreePageSlots? _treeSlots;
    private readonly Metrics.StripedCounter _slotHits = new();

    /// <summary>Creates a cache of <paramref name="capacityBytes"/> bytes.</summary>
    /// <param name="capacityBytes">The byte budget over all shards; 0 caches nothing.</param>
    /// <param name="typicalEntrySize">The usual block size (the page size): sizes the shards and dictionaries.</param>
    /// <param name="shardCount">A power of two up to <see cref="MaxShardCount"/>; 0 picks one from the budget.</param>
    public PageCache(long capacityBytes, int typicalEntrySize, int shardCount = 0)
    {
        capacityBytes = Math.Max(0, capacityBytes);
        long entrySize = Math.Max(1, typicalEntrySize);
        if (shardCount == 0)
        {
            shardCount = MaxShardCount;
            while (shardCount > 1 && capacityBytes / shardCount < MinEntriesPerShard * entrySize) shardCount >>= 1;
        }
        if (shardCount < 1 || shardCount > MaxShardCount || (shardCount & (shardCount - 1)) != 0)
            throw new ArgumentOutOfRangeException(nameof(shardCount), shardCount, $"a power of two from 1 to {MaxShardCount}");
        CapacityBytes = capacityBytes;
        long perShard = capacityBytes / shardCount;
        // Residents plus ghosts; capped so a huge budget does not preallocate huge tables.
        int expectedEntries = (int)Math.Min(2 * perShard / entrySize, 1 << 16);
        _treeSlots = capacityBytes > 0 ? new TreePageSlots(capacityBytes, (int)entrySize) : null;
        _shards = new ArcShard[shardCount];
        for (int i = 0; i < shardCount; i++) _shards[i] = new ArcShard(perShard, expectedEntries, _treeSlots);
        _shardMask = shardCount - 1;
    }

    /// <summary>Bytes the cache may hold (each shard holds at most its equal share).</summary>
    public long CapacityBytes { get; }

    /// <summary>How many shards the budget is split into.</summary>
    public int ShardCount => _shards.Length;

    /// <summary>Lookups that found the block.</summary>
    public long Hits => Sum(static shard => shard.Hits) + _slotHits.Read();

    /// <summary>Lookups that did not.</summary>
    public long Misses => Sum(static shard => shard.Misses);

    /// <summary>Blocks evicted to make room for others (explicit removals not counted).</summary>
    public long Evictions => Sum(static shard => shard.Evictions);

    /// <summary>Inserts that ran an eviction pass; <see cref="Evictions"/> / this is the mean batch.</summary>
    public long EvictionPasses => Sum(static shard => shard.EvictionPasses);

    /// <summary>Bytes of blocks held right now; never more than <see cref="CapacityBytes"/>.</summary>
    public long BytesInUse => Sum(static shard => shard.BytesInUse);

    private long Sum(Func<ArcShard, long> counter)
    {
        long total = 0;
        foreach (ArcShard shard in _shards) total += counter(shard);
        return total;
    }

    /// <summary>The ARC lists' entry counts and bytes and the T1 target, summed over shards.</summary>
    public ArcListSizes GetListSizes()
    {
        ArcListSizes total = default;
        foreach (ArcShard shard in _shards) total += shard.Sizes();
        return total;
    }

    /// <summary>Looks up tree page <paramref name="pageId"/>: its direct-mapped slot first, then its shard.</summary>
    public bool TryGet(ulong pageId, out byte[] page)
    {
        if (_treeSlots is not null && _treeSlots.TryGet(pageId, out page))
        {
            _slotHits.Increment();
            return true;
        }
        return TryGet(CacheKey.ForTreePage(pageId), out page);
    }

    /// <summary>The direct-mapped tree-page table (null when the cache is disabled); tests inspect it.</summary>
    internal TreePageSlots? TreeSlots => _treeSlots;

    /// <summary>Caches tree page <paramref name="pageId"/>, replacing an older copy.</summary>
    public void Put(ulong pageId, byte[] page) => Put(CacheKey.ForTreePage(pageId), page);

    /// <summary>Drops tree page <paramref name="pageId"/>.</summary>
    public void Remove(ulong pageId) => Remove(CacheKey.ForTreePage(pageId));

    /// <summary>Looks up a block; a hit allocates nothing and takes no lock.</summary>
    public bool TryGet(in CacheKey key, out byte[] block) => ShardOf(key).TryGet(key, out block);

    /// <summary>
    /// Caches <paramref name="block"/> (which must not change afterwards) under <paramref name="key"/>, replacing
    /// an older copy. A block larger than a shard's share of the budget is not cached.
    /// </summary>
    public void Put(in CacheKey key, byte[] block) => ShardOf(key).Put(key, block);

    /// <summary>Drops the block of <paramref name="key"/>; true when it was cached.</summary>
    public bool Remove(in CacheKey key) => ShardOf(key).Remove(key);

    /// <summary>
    /// Drops every block of <paramref name="owner"/> at once (an SST file deleted after compaction), and the
    /// ghosts that remember its keys. Visits every entry of every shard, one shard lock at a time: meant for
    /// file deletions, not for a hot path. Returns the bytes freed.
    /// </summary>
    public long RemoveOwner(ulong owner)
    {
        long freed = 0;
        foreach (ArcShard shard in _shards) freed += shard.RemoveOwner(owner);
        return freed;
    }

    /// <summary>The shard a key lives in (tests use it to aim keys at one shard).</summary>
    internal int ShardIndexOf(in CacheKey key) => (int)(key.Hash() >> 58) & _shardMask;

    /// <summary>Every resident block with its key (tests compare them with a model).</summary>
    internal List<KeyValuePair<CacheKey, byte[]>> ResidentBlocks()
    {
        var blocks = new List<KeyValuePair<CacheKey, byte[]>>();
        foreach (ArcShard shard in _shards) shard.CopyResidentTo(blocks);
        return blocks;
    }

    /// <summary>Verifies every shard's bookkeeping; throws <see cref="InvalidOperationException"/> when broken (tests).</summary>
    internal void CheckInvariants()
    {
        foreach (ArcShard shard in _shards) shard.CheckInvariants();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ArcShard ShardOf(in CacheKey key) => _shards[ShardIndexOf(key)];
}
