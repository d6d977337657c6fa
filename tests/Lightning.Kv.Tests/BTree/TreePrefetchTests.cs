using Lightning.Kv.BTree;
using Lightning.Kv.Platform;
using Xunit.Abstractions;

namespace Lightning.Kv.Tests.BTree;

/// <summary>
/// Scan read-ahead: with <see cref="PageFile.PrefetchEnabled"/>, a scan over a cold tree finds the leaves it enters
/// already in the cache, and returns exactly what it returns without read-ahead.
/// </summary>
public sealed class TreePrefetchTests : IDisposable
{
    private const int PageSize = 4096;
    private const long TinyCache = 1 << 20; // 256 pages, 16 per shard: less than the tree
    private readonly TreeTestKit _kit = new(PageSize, cacheBytes: 8 << 20);
    private readonly TestDirectory _coldDir = new("prefetch-cold");
    private readonly string _coldCopy;
    private readonly ITestOutputHelper _output;

    public TreePrefetchTests(ITestOutputHelper output)
    {
        _output = output;
        var updates = new List<TreeUpdate>();
        for (int i = 0; i < 24_000; i++)
            updates.Add(TreeTestKit.Put(System.Text.Encoding.ASCII.GetBytes($"key{i:D7}"), new byte[90]));
        _kit.Apply(updates);
        Directory.CreateDirectory(_coldDir.Path);
        _coldCopy = Path.Combine(_coldDir.Path, PageFormat.FileName);
        File.Copy(_kit.FilePath, _coldCopy);
    }

    public void Dispose()
    {
        _kit.Dispose();
        _coldDir.Dispose();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void AColdScanWithReadAheadHitsTheCacheOnItsLeafReads(bool reverse)
    {
        (List<string> plain, long plainMisses, _) = ColdScan(prefetch: false, reverse, waitForReadAhead: true);
        (List<string> ahead, long aheadMisses, long prefetched) = ColdScan(prefetch: true, reverse, waitForReadAhead: true);

        Assert.Equal(24_000, plain.Count);
        Assert.Equal(plain, ahead);
        int leaves = LeafCount();
        _output.WriteLine($"{leaves} leaves; cache misses without read-ahead {plainMisses}, with {aheadMisses}; {prefetched} pages prefetched");
        Assert.True(plainMisses >= leaves, $"without read-ahead every leaf misses: {plainMisses} misses, {leaves} leaves");
        // Left to miss: the internal pages, and the first leaf under each internal page (its id is not known before).
        Assert.True(aheadMisses < leaves / 10, $"{aheadMisses} misses with read-ahead for {leaves} leaves");
        Assert.True(prefetched >= leaves * 9 / 10, $"only {prefetched} of {leaves} leaves were prefetched");
    }

    [Fact]
    public void AFreeRunningScanReturnsTheSameEntriesWithAndWithoutReadAhead()
    {
        (List<string> plain, _, _) = ColdScan(prefetch: false, reverse: false, waitForReadAhead: false);
        (List<string> ahead, _, _) = ColdScan(prefetch: true, reverse: false, waitForReadAhead: false);
        Assert.Equal(plain, ahead);
    }

    [Fact]
    public void AScanOverCachedPagesDoesNotPrefetch()
    {
        // The kit's own file still caches every page it wrote (8 MiB cache): nothing misses, nothing is read ahead.
        long before = _kit.File.PrefetchReads;
        Assert.Equal(24_000, _kit.Scan(_kit.Root).Count);
        _kit.File.WaitForPrefetches();
        Assert.Equal(before, _kit.File.PrefetchReads);
    }

    [Fact]
    public void AShortRangeInsideOneLeafPrefetchesNothing()
    {
        using PageFile file = PageFile.Open(DiskFileSystem.Instance, _coldCopy, PageSize, TinyCache, out _);
        var iterator = new TreeIterator(file, _kit.Root);
        iterator.SeekForward(System.Text.Encoding.ASCII.GetBytes("key0000000")); // the first entry of the first leaf
        for (int i = 0; i < 3 && iterator.Valid; i++) iterator.Next();
        file.WaitForPrefetches();
        Assert.Equal(0, file.PrefetchReads);

        for (int i = 0; i < 200 && iterator.Valid; i++) iterator.Next(); // into the following leaves: now it reads ahead
        file.WaitForPrefetches();
        Assert.True(file.PrefetchReads > 0);
    }

    [Fact]
    public void PrefetchFailuresAreSwallowedAndTheRealReadReportsThem()
    {
        using PageFile file = PageFile.Open(DiskFileSystem.Instance, _coldCopy, PageSize, TinyCache, out _);
        file.Prefetch(1_000_000); // beyond the end of the file
        file.Prefetch(0);         // a meta page: never prefetched
        file.WaitForPrefetches();
        Assert.Equal(0, file.PrefetchReads);
        Assert.Throws<LightningCorruptionException>(() => file.Read(1_000_000, PageType.Leaf));
    }

    [Fact]
    public void RepeatedRequestsForOnePageReadItOnce()
    {
        using PageFile file = PageFile.Open(DiskFileSystem.Instance, _coldCopy, PageSize, TinyCache, out _);
        ulong leaf = FirstLeafId();
        for (int i = 0; i < 10; i++) file.Prefetch(leaf);
        file.WaitForPrefetches();
        Assert.InRange(file.PrefetchReads, 1, 10);
        long misses = file.Cache.Misses;
        file.Read(leaf, PageType.Leaf);
        Assert.Equal(misses, file.Cache.Misses); // it was in the cache
    }

    private (List<string> Keys, long Misses, long Prefetched) ColdScan(bool prefetch, bool reverse, bool waitForReadAhead)
    {
        using PageFile file = PageFile.Open(DiskFileSystem.Instance, _coldCopy, PageSize, TinyCache, out _);
        file.PrefetchEnabled = prefetch;
        var keys = new List<string>(24_000);
        var iterator = new TreeIterator(file, _kit.Root);
        if (reverse) iterator.SeekBackward(null);
        else iterator.SeekForward(null);
        while (iterator.Valid)
        {
            // Waiting makes the test deterministic on a loaded machine: the read-ahead always wins the race.
            if (waitForReadAhead) file.WaitForPrefetches();
            keys.Add(System.Text.Encoding.ASCII.GetString(iterator.Key));
            Assert.Equal(90, iterator.Value.Length);
            if (reverse) iterator.Previous();
            else iterator.Next();
        }
        file.WaitForPrefetches();
        if (reverse) keys.Reverse();
        return (keys, file.Cache.Misses, file.PrefetchReads);
    }

    private int LeafCount()
    {
        int leaves = 0;
        foreach (ulong page in _kit.ReachablePages(_kit.Root))
            if (PageFormat.TypeOf(RawPage(page)) == PageType.Leaf) leaves++;
        return leaves;
    }

    private byte[] RawPage(ulong page)
    {
        byte[] bytes = new byte[PageSize];
        using var stream = new FileStream(_coldCopy, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        stream.Position = (long)page * PageSize;
        stream.ReadExactly(bytes);
        return bytes;
    }

    private ulong FirstLeafId()
    {
        ulong page = _kit.Root.RootPageId;
        for (int level = 1; level < _kit.Root.Height; level++) page = InternalPage.Child(_kit.File.Read(page, PageType.Internal), 0);
        return page;
    }
}
