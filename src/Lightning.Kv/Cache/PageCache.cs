namespace Lightning.Kv.Cache;

/// <summary>
/// Keeps recently used tree pages in memory, bounded in bytes. Sharded by page id so that concurrent
/// readers rarely contend; each shard is a CLOCK ring (a reference bit per slot, a hand that clears bits
/// until it finds an unreferenced victim), which approximates LRU without relinking on every hit.
/// Pages are immutable once written (copy-on-write), so a cached page never goes stale; a reused page id
/// is overwritten through <see cref="Put"/> when it is rewritten.
/// </summary>
internal sealed class PageCache
{
    private const int ShardCount = 16;
    private readonly Shard[] _shards;
    private long _hits;
    private long _misses;

    public PageCache(long capacityBytes, int pageSize)
    {
        CapacityBytes = capacityBytes;
        int pagesPerShard = (int)Math.Clamp(capacityBytes / pageSize / ShardCount, 0, int.MaxValue);
        _shards = new Shard[ShardCount];
        for (int i = 0; i < ShardCount; i++) _shards[i] = new Shard(pagesPerShard);
    }

    public long Hits => Volatile.Read(ref _hits);

    public long Misses => Volatile.Read(ref _misses);

    /// <summary>Bytes the cache may hold.</summary>
    public long CapacityBytes { get; private init; }

    /// <summary>Bytes of pages held right now.</summary>
    public long BytesInUse
    {
        get
        {
            long total = 0;
            foreach (Shard shard in _shards) total += shard.BytesInUse;
            return total;
        }
    }

    public bool TryGet(ulong pageId, out byte[] page)
    {
        if (ShardOf(pageId).TryGet(pageId, out page!))
        {
            Interlocked.Increment(ref _hits);
            return true;
        }
        Interlocked.Increment(ref _misses);
        return false;
    }

    public void Put(ulong pageId, byte[] page) => ShardOf(pageId).Put(pageId, page);

    public void Remove(ulong pageId) => ShardOf(pageId).Remove(pageId);

    private Shard ShardOf(ulong pageId) => _shards[(int)((pageId * 0x9E3779B97F4A7C15UL) >> 60)];

    private sealed class Shard
    {
        private readonly Dictionary<ulong, int> _slotOf = new();
        private readonly ulong[] _ids;
        private readonly byte[]?[] _pages;
        private readonly bool[] _referenced;
        private readonly Lock _lock = new();
        private int _hand;
        private long _bytes;

        public long BytesInUse => Volatile.Read(ref _bytes);

        public Shard(int capacity)
        {
            _ids = new ulong[capacity];
            _pages = new byte[capacity][];
            _referenced = new bool[capacity];
        }

        public bool TryGet(ulong pageId, out byte[]? page)
        {
            lock (_lock)
            {
                if (_slotOf.TryGetValue(pageId, out int slot))
                {
                    _referenced[slot] = true;
                    page = _pages[slot];
                    return true;
                }
            }
            page = null;
            return false;
        }

        public void Put(ulong pageId, byte[] page)
        {
            if (_ids.Length == 0) return;
            lock (_lock)
            {
                if (_slotOf.TryGetValue(pageId, out int existing))
                {
                    _bytes += page.Length - _pages[existing]!.Length;
                    _pages[existing] = page;
                    _referenced[existing] = true;
                    return;
                }
                int slot = FindVictim();
                if (_pages[slot] is not null)
                {
                    _slotOf.Remove(_ids[slot]);
                    _bytes -= _pages[slot]!.Length;
                }
                _bytes += page.Length;
                _ids[slot] = pageId;
                _pages[slot] = page;
                _referenced[slot] = false;
                _slotOf[pageId] = slot;
            }
        }

        public void Remove(ulong pageId)
        {
            lock (_lock)
            {
                if (!_slotOf.Remove(pageId, out int slot)) return;
                _bytes -= _pages[slot]!.Length;
                _pages[slot] = null;
                _referenced[slot] = false;
            }
        }

        private int FindVictim()
        {
            while (true)
            {
                int slot = _hand;
                _hand = (_hand + 1) % _ids.Length;
                if (_pages[slot] is null || !_referenced[slot]) return slot;
                _referenced[slot] = false;
            }
        }
    }
}
