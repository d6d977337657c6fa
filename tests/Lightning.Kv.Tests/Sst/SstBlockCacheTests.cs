using System.Collections.Concurrent;
using Lightning.Kv.Encoding;
using Lightning.Kv.Sst;

namespace Lightning.Kv.Tests.Sst;

/// <summary>A thread-safe dictionary cache that counts what the reader asks of it.</summary>
internal sealed class TestBlockCache : ISstBlockCache
{
    private readonly ConcurrentDictionary<(ulong, long), byte[]> _blocks = new();
    private long _hits;
    private long _misses;
    private long _puts;

    public long Hits => Interlocked.Read(ref _hits);

    public long Misses => Interlocked.Read(ref _misses);

    public long Puts => Interlocked.Read(ref _puts);

    public ICollection<(ulong File, long Offset)> Keys => _blocks.Keys;

    public byte[] Block(ulong file, long offset) => _blocks[(file, offset)];

    public bool TryGet(ulong fileNumber, long blockOffset, out byte[] block)
    {
        bool hit = _blocks.TryGetValue((fileNumber, blockOffset), out block!);
        Interlocked.Increment(ref hit ? ref _hits : ref _misses);
        return hit;
    }

    public void Put(ulong fileNumber, long blockOffset, byte[] block)
    {
        Interlocked.Increment(ref _puts);
        _blocks[(fileNumber, blockOffset)] = block;
    }
}

/// <summary>The block cache seam: decompressed blocks are offered once, then served from the cache.</summary>
public sealed class SstBlockCacheTests
{
    [Fact]
    public void A_block_is_put_once_then_hit_without_reading_the_file()
    {
        var fs = new MemoryFileSystem();
        List<ModelEntry> model = SstTestKit.RandomModel(81, 2000, extremes: false);
        SstTestKit.Write(fs, SstTestKit.PathFor(5), model);
        var cache = new TestBlockCache();
        using SstReader reader = SstReader.Open(fs, SstTestKit.PathFor(5), 5, cache);
        ModelEntry probe = model[1000];
        Assert.True(reader.TryGet(probe.Key, out _, out _, out byte[] first));
        Assert.Equal((0L, 1L, 1L), (cache.Hits, cache.Misses, cache.Puts));
        Assert.Equal(1, reader.BlocksRead);
        Assert.True(reader.TryGet(probe.Key, out _, out _, out byte[] second));
        Assert.Equal((1L, 1L, 1L), (cache.Hits, cache.Misses, cache.Puts));
        Assert.Equal(1, reader.BlocksRead); // served from the cache
        Assert.Equal(probe.Value, first);
        Assert.Equal(probe.Value, second);
        (ulong file, long offset) = Assert.Single(cache.Keys);
        Assert.Equal(5UL, file);
        Assert.Equal(reader.Index.Handle(reader.Index.FindBlock(probe.Key)).Offset, offset);
    }

    [Fact]
    public void Cached_blocks_are_the_decompressed_contents_and_scans_use_them()
    {
        var fs = new MemoryFileSystem();
        var model = Enumerable.Range(0, 3000)
            .Select(i => new ModelEntry(System.Text.Encoding.ASCII.GetBytes($"row:{i:D6}"), (ulong)i + 1, EntryKind.Put,
                System.Text.Encoding.ASCII.GetBytes($"compressible compressible {i % 10}"))).ToList();
        SstProperties properties = SstTestKit.Write(fs, SstTestKit.PathFor(6), model);
        Assert.Equal(properties.DataBlockCount, properties.CompressedBlockCount);
        var cache = new TestBlockCache();
        using SstReader reader = SstReader.Open(fs, SstTestKit.PathFor(6), 6, cache);
        for (int pass = 0; pass < 2; pass++)
        {
            using SstIterator iterator = reader.NewIterator();
            int n = 0;
            for (iterator.SeekForward(null); iterator.Valid; iterator.Next()) SstTestKit.AssertAt(iterator, model[n++]);
            Assert.Equal(model.Count, n);
        }
        Assert.Equal(properties.DataBlockCount, cache.Puts);
        Assert.Equal(properties.DataBlockCount, reader.BlocksRead);
        Assert.Equal(properties.DataBlockCount, cache.Hits); // the second pass read nothing from the file
        long cachedBytes = cache.Keys.Sum(k => (long)cache.Block(k.File, k.Offset).Length);
        Assert.Equal(properties.RawDataSize, cachedBytes); // decompressed, exactly sized
    }

    [Fact]
    public void The_engine_cache_serves_sst_blocks_beside_tree_pages_and_forgets_a_deleted_run()
    {
        var fs = new MemoryFileSystem();
        List<ModelEntry> model = SstTestKit.RandomModel(82, 2000, extremes: false);
        SstTestKit.Write(fs, SstTestKit.PathFor(7), model);
        var pages = new Lightning.Kv.Cache.PageCache(4L * 1024 * 1024, 4096);
        pages.Put(7, new byte[4096]); // a tree page whose id equals the file number must not collide
        var cache = new ArcSstBlockCache(pages);
        using SstReader reader = SstReader.Open(fs, SstTestKit.PathFor(7), 7, cache);
        foreach (ModelEntry entry in model.Take(200))
        {
            Assert.True(reader.TryGet(entry.Key, out _, out _, out byte[] value));
            Assert.Equal(entry.Value, value);
        }
        long readsAfterFirstPass = reader.BlocksRead;
        foreach (ModelEntry entry in model.Take(200)) Assert.True(reader.TryGet(entry.Key, out _, out _, out _));
        Assert.Equal(readsAfterFirstPass, reader.BlocksRead); // every block came from the ARC cache
        long withBlocks = pages.BytesInUse;
        Assert.True(withBlocks > 4096);

        cache.Forget(7);
        Assert.Equal(4096, pages.BytesInUse); // only the tree page is left
        Assert.True(pages.TryGet(7, out _));
    }
}
