using System.Buffers.Binary;
using System.Diagnostics;
using Lightning.Kv.Cache;
using Xunit.Abstractions;

namespace Lightning.Kv.Tests.Engine;

/// <summary>Runs alone: it measures the whole process's managed heap, which other tests running beside it would swell.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MemoryBoundCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Memory bound (runs alone)";
}

/// <summary>
/// The engine's memory stays within CacheSize + 2 × MemtableSize + a constant however much data passes through it:
/// the cache is bounded in bytes, and the memtables are bounded by the flush and the write stall.
/// </summary>
[Collection(MemoryBoundCollection.Name)]
public sealed class MemoryBoundTests(ITestOutputHelper output)
{
    private const long CacheSize = 4L << 20;
    private const long MemtableSize = 1L << 20;

    /// <summary>
    /// What is neither cache nor memtable, with room to spare (measured peaks are reported in the output): each
    /// memtable's arena reserves whole 1 MiB chunks (up to 1 MiB beyond MemtableSize each); the flush's run writer
    /// buffers; compaction's merge chunks (two per worker, 256 KiB each at this memtable size) and the pages it has built; the page allocator's free lists; the cache's per-entry bookkeeping and ghosts
    /// (about 150 B per entry, a few hundred entries here); blocks readers still hold; WAL buffers; and the runtime's
    /// and test runner's own noise between two full collections.
    /// </summary>
    private const long Slack = 16L << 20;

    private const long Bound = CacheSize + 2 * MemtableSize + Slack;

    /// <summary>Bytes of keys and values to write; LIGHTNING_MEMORY_BOUND_MIB writes more.</summary>
    private static long BytesToWrite =>
        (long.TryParse(Environment.GetEnvironmentVariable("LIGHTNING_MEMORY_BOUND_MIB"), out long mib) && mib > 0 ? mib : 64) << 20;

    [Fact]
    public void ManagedMemoryStaysWithinCachePlusTwoMemtablesPlusAConstant()
    {
        using var directory = new TestDirectory("memory-bound");
        long baseline = GC.GetTotalMemory(forceFullCollection: true);
        long peak = 0;
        var stopwatch = Stopwatch.StartNew();
        int count = 0;
        using (LightningDb db = LightningDb.Open(directory.Path, new LightningDbOptions
        {
            CacheSize = CacheSize,
            MemtableSize = MemtableSize,
            MaxImmutableMemtables = 1, // one memtable filling, one flushing: the "× 2" of the bound
            Durability = Durability.None,
        }))
        {
            byte[] key = new byte[16];
            byte[] value = new byte[MaxValueLength];
            long written = 0, nextSample = 0;
            while (written < BytesToWrite)
            {
                int length = Fill(count, key, value);
                db.Put(key, value.AsSpan(0, length));
                written += key.Length + length;
                count++;
                if (written >= nextSample)
                {
                    peak = Math.Max(peak, Sample(db, baseline, $"after {written >> 20} MiB written"));
                    nextSample += 2L << 20;
                }
            }
            output.WriteLine($"wrote {count} entries, {written >> 20} MiB, in {stopwatch.ElapsedMilliseconds} ms");

            var random = new Random(77);
            for (int read = 1; read <= 40_000; read++)
            {
                int i = random.Next(count);
                int length = Fill(i, key, value);
                byte[]? found = db.Get(key);
                Assert.NotNull(found);
                Assert.True(found.AsSpan().SequenceEqual(value.AsSpan(0, length)), $"entry {i} read back wrong");
                if (read % 2000 == 0) peak = Math.Max(peak, Sample(db, baseline, $"after {read} random reads"));
            }
            PageCache cache = db.PageFile.Cache;
            Assert.True(cache.Hits > 0 && cache.Misses > 0 && cache.Evictions > 0, "the reads went through a full cache");
            output.WriteLine($"cache: {cache.Hits} hits, {cache.Misses} misses, {cache.Evictions} evictions, {cache.GetListSizes()}");
        }
        output.WriteLine($"peak managed growth {peak / 1024} KiB (bound {Bound / 1024} KiB) in {stopwatch.ElapsedMilliseconds} ms");
    }

    private long Sample(LightningDb db, long baseline, string when)
    {
        long cacheBytes = db.PageFile.Cache.BytesInUse;
        Assert.InRange(cacheBytes, 0, CacheSize);
        // The smaller of two back-to-back readings: the flush thread keeps allocating short-lived buffers between a
        // collection and the reading, and that garbage is bounded by the GC's gen0 budget, not by the engine.
        long first = GC.GetTotalMemory(forceFullCollection: true);
        long growth = Math.Min(first, GC.GetTotalMemory(forceFullCollection: true)) - baseline;
        if (Environment.GetEnvironmentVariable("LIGHTNING_MEMORY_BOUND_TRACE") is not null)
            output.WriteLine($"{when}: +{growth >> 10} KiB (first reading +{(first - baseline) >> 10} KiB), cache {cacheBytes >> 10} KiB");
        Assert.True(growth <= Bound, $"{when}: managed memory grew {growth >> 10} KiB, over the {Bound >> 10} KiB bound (cache {cacheBytes >> 10} KiB)");
        return growth;
    }

    private const int MaxValueLength = 1800; // below the overflow threshold of an 8 KiB page: values stay in leaves

    /// <summary>Entry <paramref name="i"/>: a key in random order and a value of pseudo-random length and bytes, rebuilt at will so nothing is kept.</summary>
    private static int Fill(int i, Span<byte> key, Span<byte> value)
    {
        ulong mixed = Mix((ulong)i);
        BinaryPrimitives.WriteUInt64BigEndian(key, mixed);
        BinaryPrimitives.WriteInt64BigEndian(key[8..], i);
        int length = 100 + (int)(mixed % (MaxValueLength - 100));
        ulong state = mixed | 1;
        for (int at = 0; at + 8 <= length; at += 8)
        {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            BinaryPrimitives.WriteUInt64LittleEndian(value[at..], state);
        }
        value[(length & ~7)..length].Fill((byte)i);
        return length;
    }

    private static ulong Mix(ulong x)
    {
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }
}
