using BenchmarkDotNet.Attributes;
using Lightning.Kv.Cache;

namespace Lightning.Kv.Benchmarks;

/// <summary>
/// The block cache: the cost of a hit (it must allocate nothing), and the hit rate of the ARC cache against the
/// CLOCK cache it replaced on a skewed (Zipf) workload, with and without one-pass scans mixed in. Hit rates are
/// computed once in setup on fresh caches and printed to the log ("hit rate ..."); the replay benchmarks then
/// measure the per-access cost of a read-through (miss → put) over the same trace.
/// </summary>
[MemoryDiagnoser]
public class CacheBenchmarks
{
    private const int PageSize = 8192;
    private const int HitPages = 4096;
    private const int KeySpace = 100_000;
    private const int TraceLength = 200_000;
    private const int BlockSize = 512; // small blocks keep the replay's memory low; the hit rate does not depend on it
    private const long ReplayCapacity = KeySpace / 10 * (long)BlockSize; // room for 10% of the keys

    private PageCache _arcHits = null!;
    private ClockCache _clockHits = null!;
    private PageCache _arcReplay = null!;
    private ClockCache _clockReplay = null!;
    private ulong[] _zipf = [];
    private ulong[] _zipfWithScans = [];
    private readonly byte[] _block = new byte[BlockSize];
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        _arcHits = new PageCache(64L << 20, PageSize);
        _clockHits = new ClockCache(64L << 20, PageSize);
        for (ulong id = 0; id < HitPages; id++)
        {
            var page = new byte[PageSize];
            _arcHits.Put(id, page);
            _clockHits.Put(id, page);
        }
        _zipf = ZipfTrace(TraceLength, KeySpace, 0.99, seed: 42, scanEvery: 0);
        _zipfWithScans = ZipfTrace(TraceLength, KeySpace, 0.99, seed: 43, scanEvery: 20_000);
        ulong[] hotSetWithScans = HotSetTrace(TraceLength, seed: 44);
        _arcReplay = new PageCache(ReplayCapacity, BlockSize);
        _clockReplay = new ClockCache(ReplayCapacity, BlockSize);
        foreach ((string name, ulong[] trace) in new[]
                 { ("Zipf 0.99", _zipf), ("Zipf 0.99 + scans", _zipfWithScans), ("hot set + scans", hotSetWithScans) })
        {
            double arc = HitRate(new PageCache(ReplayCapacity, BlockSize), trace);
            double clock = HitRate(new ClockCache(ReplayCapacity, BlockSize), trace);
            Console.WriteLine($"// hit rate, {name}, cache = 10% of {KeySpace} keys: ARC {arc:P1}, CLOCK {clock:P1}");
        }
    }

    [Benchmark(Description = "ARC hit")]
    public bool ArcHit() => _arcHits.TryGet((ulong)(_next++ & (HitPages - 1)), out _);

    [Benchmark(Baseline = true, Description = "CLOCK hit (the replaced cache)")]
    public bool ClockHit() => _clockHits.TryGet((ulong)(_next++ & (HitPages - 1)), out _);

    [Benchmark(OperationsPerInvoke = TraceLength, Description = "ARC read-through, Zipf + scans (per access)")]
    public int ArcReplay() => Replay(_arcReplay, _zipfWithScans, _block);

    [Benchmark(OperationsPerInvoke = TraceLength, Description = "CLOCK read-through, Zipf + scans (per access)")]
    public int ClockReplay() => Replay(_clockReplay, _zipfWithScans, _block);

    private double HitRate(PageCache cache, ulong[] trace) => Replay(cache, trace, _block) / (double)trace.Length;

    private double HitRate(ClockCache cache, ulong[] trace) => Replay(cache, trace, _block) / (double)trace.Length;

    private static int Replay(PageCache cache, ulong[] trace, byte[] block)
    {
        int hits = 0;
        foreach (ulong id in trace)
        {
            if (cache.TryGet(id, out _)) hits++;
            else cache.Put(id, block);
        }
        return hits;
    }

    private static int Replay(ClockCache cache, ulong[] trace, byte[] block)
    {
        int hits = 0;
        foreach (ulong id in trace)
        {
            if (cache.TryGet(id, out _)) hits++;
            else cache.Put(id, block);
        }
        return hits;
    }

    /// <summary>
    /// Ids drawn from a Zipf distribution of exponent <paramref name="skew"/> over <paramref name="keys"/> keys
    /// (rank scrambled so hot ids are not neighbours); every <paramref name="scanEvery"/> accesses, a one-pass scan
    /// of never-seen ids as long as the cache is replaces the next accesses.
    /// </summary>
    private static ulong[] ZipfTrace(int length, int keys, double skew, int seed, int scanEvery)
    {
        var cumulative = new double[keys];
        double sum = 0;
        for (int rank = 0; rank < keys; rank++) cumulative[rank] = sum += 1 / Math.Pow(rank + 1, skew);
        var random = new Random(seed);
        var trace = new ulong[length];
        ulong scanId = 1UL << 40;
        int scanLength = (int)(ReplayCapacity / BlockSize);
        for (int i = 0; i < length; i++)
        {
            if (scanEvery > 0 && i % scanEvery == 0 && i > 0)
                for (int s = 0; s < scanLength && i < length; s++) trace[i++] = scanId++;
            if (i >= length) break;
            int found = Array.BinarySearch(cumulative, random.NextDouble() * sum);
            int pick = found >= 0 ? found : Math.Min(~found, keys - 1);
            trace[i] = ((ulong)pick * 0x9E3779B97F4A7C15UL) >> 20;
        }
        return trace;
    }

    /// <summary>
    /// 80% of accesses to a hot set half the cache's size, 20% to cold keys, and every 20 000 accesses a one-pass
    /// scan twice the cache's size: the case ARC is built for.
    /// </summary>
    private static ulong[] HotSetTrace(int length, int seed)
    {
        int capacityBlocks = (int)(ReplayCapacity / BlockSize);
        var random = new Random(seed);
        var trace = new ulong[length];
        ulong scanId = 1UL << 40;
        for (int i = 0; i < length; i++)
        {
            if (i % 20_000 == 0 && i > 0)
                for (int s = 0; s < 2 * capacityBlocks && i < length; s++) trace[i++] = scanId++;
            if (i >= length) break;
            int pick = random.Next(5) == 0 ? capacityBlocks / 2 + random.Next(KeySpace) : random.Next(capacityBlocks / 2);
            trace[i] = ((ulong)pick * 0x9E3779B97F4A7C15UL) >> 20;
        }
        return trace;
    }

    /// <summary>
    /// The CLOCK cache the engine used before ARC, kept here as the baseline: fixed slots per shard (budget / page
    /// size), a reference bit per slot, and a hand that clears bits until it finds an unreferenced victim.
    /// </summary>
    private sealed class ClockCache
    {
        private const int ShardCount = 16;
        private readonly Shard[] _shards;

        public ClockCache(long capacityBytes, int pageSize)
        {
            int pagesPerShard = (int)Math.Clamp(capacityBytes / pageSize / ShardCount, 0, int.MaxValue);
            _shards = new Shard[ShardCount];
            for (int i = 0; i < ShardCount; i++) _shards[i] = new Shard(pagesPerShard);
        }

        public bool TryGet(ulong pageId, out byte[]? page) => ShardOf(pageId).TryGet(pageId, out page);

        public void Put(ulong pageId, byte[] page) => ShardOf(pageId).Put(pageId, page);

        private Shard ShardOf(ulong pageId) => _shards[(int)((pageId * 0x9E3779B97F4A7C15UL) >> 60)];

        private sealed class Shard(int capacity)
        {
            private readonly Dictionary<ulong, int> _slotOf = new();
            private readonly ulong[] _ids = new ulong[capacity];
            private readonly byte[]?[] _pages = new byte[capacity][];
            private readonly bool[] _referenced = new bool[capacity];
            private readonly Lock _lock = new();
            private int _hand;

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
                        _pages[existing] = page;
                        _referenced[existing] = true;
                        return;
                    }
                    int slot = FindVictim();
                    if (_pages[slot] is not null) _slotOf.Remove(_ids[slot]);
                    _ids[slot] = pageId;
                    _pages[slot] = page;
                    _referenced[slot] = false;
                    _slotOf[pageId] = slot;
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
}
