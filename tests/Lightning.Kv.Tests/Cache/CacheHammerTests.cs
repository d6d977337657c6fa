using System.Collections.Concurrent;
using System.Diagnostics;
using Lightning.Kv.Cache;

namespace Lightning.Kv.Tests.Cache;

/// <summary>Eight threads on a small cache at once; then the bookkeeping and every block are checked.</summary>
public sealed class CacheHammerTests
{
    /// <summary>Seconds to hammer; LIGHTNING_CACHE_HAMMER_SECONDS runs a longer soak.</summary>
    private static double Seconds =>
        double.TryParse(Environment.GetEnvironmentVariable("LIGHTNING_CACHE_HAMMER_SECONDS"), out double s) && s > 0 ? s : 1;

    [Fact]
    public void EightThreadsOfGetsPutsAndRemovesKeepEveryInvariant()
    {
        const long capacity = 256 * 1024;
        var cache = new PageCache(capacity, 4096, shardCount: 4);
        var errors = new ConcurrentQueue<string>();
        long operations = 0, hits = 0;
        var stopwatch = Stopwatch.StartNew();
        TimeSpan duration = TimeSpan.FromSeconds(Seconds);
        var threads = new Thread[8];
        for (int t = 0; t < threads.Length; t++)
        {
            int seed = t;
            threads[t] = new Thread(() =>
            {
                var random = new Random(seed);
                long done = 0, found = 0;
                try
                {
                    while ((done & 255) != 0 || stopwatch.Elapsed < duration)
                    {
                        done++;
                        // A skewed key space (a few hot ids, many cold) over three owners, blocks of mixed sizes.
                        ulong id = random.Next(4) == 0 ? (ulong)random.Next(16) : (ulong)random.Next(3000);
                        var key = new CacheKey((ulong)random.Next(3), id);
                        int roll = random.Next(100);
                        if (roll < 60)
                        {
                            // Tree pages are read through their direct-mapped slot half the time (as the engine does).
                            bool viaSlot = key.Owner == CacheKey.TreeOwner && random.Next(2) == 0;
                            if (viaSlot ? cache.TryGet(key.Id, out byte[] block) : cache.TryGet(key, out block))
                            {
                                found++;
                                CacheKey holds = CacheTestBlocks.KeyOf(block);
                                if (holds != key) errors.Enqueue($"asked for {key}, got {holds}");
                            }
                        }
                        else if (roll < 90)
                        {
                            int size = random.Next(8) == 0 ? random.Next(8192, 40_000) : random.Next(CacheTestBlocks.MinSize, 6000);
                            cache.Put(key, CacheTestBlocks.Block(key, size, seed));
                        }
                        else if (roll < 99) cache.Remove(key);
                        else if (random.Next(50) == 0) cache.RemoveOwner(key.Owner);
                        long inUse = cache.BytesInUse;
                        if (inUse > capacity) errors.Enqueue($"{inUse} bytes in use, over the {capacity}-byte budget");
                    }
                }
                catch (Exception error)
                {
                    errors.Enqueue(error.ToString());
                }
                Interlocked.Add(ref operations, done);
                Interlocked.Add(ref hits, found);
            });
        }
        foreach (Thread thread in threads) thread.Start();
        foreach (Thread thread in threads) thread.Join();

        Assert.Empty(errors);
        Assert.True(operations > 10_000, $"only {operations} operations ran");
        Assert.True(hits > 0);
        Assert.True(cache.Evictions > 0);
        Assert.Equal(hits, cache.Hits);
        cache.CheckInvariants();
        long bytes = 0;
        foreach (KeyValuePair<CacheKey, byte[]> resident in cache.ResidentBlocks())
        {
            Assert.Equal(resident.Key, CacheTestBlocks.KeyOf(resident.Value));
            bytes += resident.Value.Length;
        }
        Assert.Equal(bytes, cache.BytesInUse);
        Assert.InRange(cache.BytesInUse, 0, capacity);
    }
}
