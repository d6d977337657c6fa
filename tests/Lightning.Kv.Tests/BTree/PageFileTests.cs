using System.Buffers.Binary;
using Lightning.Kv.BTree;
using Lightning.Kv.Platform;

namespace Lightning.Kv.Tests.BTree;

public sealed class PageFileTests : IDisposable
{
    private readonly TestDirectory _dir = new("pagefile");
    private readonly string _path;

    public PageFileTests()
    {
        Directory.CreateDirectory(_dir.Path);
        _path = Path.Combine(_dir.Path, PageFormat.FileName);
    }

    public void Dispose() => _dir.Dispose();

    private PageFile Open(out TreeMeta meta, int pageSizeForNewFile = 4096, long cacheBytes = 0) =>
        PageFile.Open(DiskFileSystem.Instance, _path, pageSizeForNewFile, cacheBytes, out meta);

    private static TreeMeta Meta(ulong txn, int pageSize = 4096, ulong pageCount = 2) =>
        new(txn, pageSize, RootPageId: 0, Height: 0, pageCount, FreeListPageId: 0, LastSequence: txn * 10, EntryCount: 0);

    private void FlipByte(long offset)
    {
        using var stream = new FileStream(_path, FileMode.Open, FileAccess.ReadWrite);
        stream.Position = offset;
        int b = stream.ReadByte();
        stream.Position = offset;
        stream.WriteByte((byte)(b ^ 0x01));
    }

    /// <summary>Creates the file and publishes transactions 1..<paramref name="lastTxn"/>.</summary>
    private void Publish(ulong lastTxn, int pageSize = 4096)
    {
        using PageFile file = Open(out _, pageSize);
        for (ulong txn = 1; txn <= lastTxn; txn++) file.WriteMeta(Meta(txn, pageSize));
        file.Sync();
    }

    [Theory]
    [InlineData(4096)]
    [InlineData(65536)]
    public void NewFileHoldsTwoEmptyMetaPages(int pageSize)
    {
        using (PageFile file = Open(out TreeMeta meta, pageSize))
        {
            Assert.Equal(TreeMeta.Empty(pageSize), meta);
            Assert.Equal(pageSize, file.PageSize);
            Assert.Equal(_path, file.Path);
        }
        Assert.Equal(2L * pageSize, new FileInfo(_path).Length);
        using (PageFile reopened = Open(out TreeMeta meta, pageSizeForNewFile: 8192))
        {
            Assert.Equal(TreeMeta.Empty(pageSize), meta); // the file's page size wins over the option
            Assert.Equal(pageSize, reopened.PageSize);
        }
    }

    [Fact]
    public void MetaPagesAlternateAndTheHigherTxnWins()
    {
        Publish(1); // page 1
        using (Open(out TreeMeta meta)) Assert.Equal(Meta(1), meta);
        Publish(2); // txn 1 -> page 1, txn 2 -> page 0
        using (Open(out TreeMeta meta)) Assert.Equal(Meta(2), meta);
        Publish(5);
        using (Open(out TreeMeta meta)) Assert.Equal(Meta(5), meta);
    }

    [Theory]
    [InlineData(2ul, 0L, 1ul)]      // newest (txn 2) lives in page 0; fall back to page 1
    [InlineData(3ul, 4096L, 2ul)]   // newest (txn 3) lives in page 1; fall back to page 0
    [InlineData(3ul, 4096L + 95, 2ul)]
    public void DamagedNewestMetaFallsBackToTheOther(ulong lastTxn, long damageAt, ulong expectedTxn)
    {
        Publish(lastTxn);
        FlipByte(damageAt);
        using PageFile file = Open(out TreeMeta meta);
        Assert.Equal(Meta(expectedTxn), meta);
    }

    [Fact]
    public void DamagedFirstMetaFallsBackToTheSecondAtAnyPageSize()
    {
        Publish(2, pageSize: 16384);
        FlipByte(10); // page 0 holds txn 2
        using PageFile file = Open(out TreeMeta meta, pageSizeForNewFile: 4096);
        Assert.Equal(Meta(1, 16384), meta);
        Assert.Equal(16384, file.PageSize);
    }

    [Fact]
    public void DamageToTheOlderMetaDoesNotMatter()
    {
        Publish(4); // txn 4 in page 0, txn 3 in page 1
        FlipByte(4096 + 40);
        using PageFile file = Open(out TreeMeta meta);
        Assert.Equal(Meta(4), meta);
    }

    [Fact]
    public void BothMetasDamagedIsCorruption()
    {
        Publish(2);
        FlipByte(20);
        FlipByte(4096 + 20);
        var error = Assert.Throws<LightningCorruptionException>(() => Open(out _));
        Assert.Equal(_path, error.FilePath);
        Assert.Equal(0, error.Offset);
    }

    [Fact]
    public void ForeignFileIsCorruption()
    {
        byte[] junk = new byte[3 * 4096];
        new Random(3).NextBytes(junk);
        File.WriteAllBytes(_path, junk);
        Assert.Throws<LightningCorruptionException>(() => Open(out _));
    }

    [Fact]
    public void NewerFormatVersionIsUnsupported()
    {
        Publish(1);
        byte[] bytes = File.ReadAllBytes(_path);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4096 + 40), TreeMeta.FormatVersion + 1);
        PageFormat.Seal(bytes.AsSpan(4096, 4096), TreeMeta.EncodedLength);
        File.WriteAllBytes(_path, bytes);
        Assert.Equal(LightningErrorCode.UnsupportedFormat, Assert.Throws<LightningException>(() => Open(out _)).Code);
    }

    [Theory]
    [InlineData(0, 1u)]
    [InlineData(1, 1u)]
    [InlineData(0, 2u)]
    [InlineData(1, 2u)]
    public void OlderFormatFilesAreRefusedNamingBothVersions(int metaPage, uint oldVersion)
    {
        Assert.Equal(3u, TreeMeta.FormatVersion); // key-prefix arrays since 2, the shared start in the header since 3
        Publish(1);
        byte[] bytes = File.ReadAllBytes(_path);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(metaPage * 4096 + 40), oldVersion);
        PageFormat.Seal(bytes.AsSpan(metaPage * 4096, 4096), TreeMeta.EncodedLength);
        File.WriteAllBytes(_path, bytes);

        LightningException error = Assert.Throws<LightningException>(() => Open(out _));

        Assert.Equal(LightningErrorCode.UnsupportedFormat, error.Code);
        Assert.Contains($"version {oldVersion}", error.Message);
        Assert.Contains("version 3", error.Message);
    }

    [Fact]
    public void APageClaimingMoreEntriesThanItsArraysHoldIsCorruption()
    {
        ulong id;
        using (PageFile file = Open(out _))
        {
            var builder = new PageBuilder(4096);
            builder.AddLeafEntry("key"u8, overflow: false, 1, "v"u8, 0);
            id = TreeMeta.FirstDataPage;
            byte[] page = builder.Finish(PageType.Leaf, id, 1, 0);
            BinaryPrimitives.WriteUInt16LittleEndian(page.AsSpan(PageFormat.CountOffset), 4000); // 40,032 bytes of arrays
            file.Write(id, page);
            file.WriteMeta(Meta(1, pageCount: 3));
            file.Sync();
        }
        using PageFile reopened = Open(out _);
        var error = Assert.Throws<LightningCorruptionException>(() => reopened.Read(id, PageType.Leaf));
        Assert.Contains("4000 entries", error.Message);
    }

    [Fact]
    public void MetaClaimingMorePagesThanTheFileHoldsIsCorruption()
    {
        using (PageFile file = Open(out _))
        {
            file.WriteMeta(Meta(1, pageCount: 50));
            file.Sync();
        }
        Assert.Throws<LightningCorruptionException>(() => Open(out _));
    }

    private static byte[] DataPage(ulong pageId, PageType type = PageType.Leaf)
    {
        byte[] page = new byte[4096];
        new Random((int)pageId).NextBytes(page);
        PageFormat.WriteHeader(page, type, 0, pageId, 1, 0);
        return page;
    }

    [Fact]
    public void WrittenPagesReadBackThroughCacheAndDisk()
    {
        using (PageFile file = Open(out _, cacheBytes: 1 << 20))
        {
            for (ulong id = 2; id < 6; id++) file.Write(id, DataPage(id));
            for (ulong id = 2; id < 6; id++) Assert.Equal(DataPage(id)[4..], file.Read(id, PageType.Leaf)[4..]);
        }
        using PageFile cold = Open(out _);
        for (ulong id = 2; id < 6; id++)
        {
            byte[] page = cold.Read(id, PageType.Leaf);
            Assert.Equal(DataPage(id)[4..], page[4..]);
            Assert.True(PageFormat.ChecksumMatches(page, 4096));
        }
    }

    [Fact]
    public void DamagedPageIsCorruptionAtItsOffset()
    {
        using (PageFile file = Open(out _)) file.Write(3, DataPage(3));
        FlipByte(3 * 4096 + 1000);
        using PageFile reopened = Open(out _);
        var error = Assert.Throws<LightningCorruptionException>(() => reopened.Read(3, PageType.Leaf));
        Assert.Equal(3L * 4096, error.Offset);
        Assert.Contains("checksum", error.Message);
    }

    [Fact]
    public void MisdirectedPageIsCorruption()
    {
        using PageFile file = Open(out _);
        byte[] page = DataPage(7);
        PageFormat.Seal(page, 4096);
        using (var stream = new FileStream(_path, FileMode.Open, FileAccess.ReadWrite))
        {
            stream.Position = 8L * 4096; // page 7's bytes at page 8's place
            stream.Write(page);
        }
        Assert.Equal(8L * 4096, Assert.Throws<LightningCorruptionException>(() => file.Read(8, PageType.Leaf)).Offset);
    }

    [Fact]
    public void PageOfTheWrongTypeIsCorruptionEvenWhenCached()
    {
        using PageFile file = Open(out _, cacheBytes: 1 << 20);
        file.Write(2, DataPage(2, PageType.Overflow));
        Assert.Throws<LightningCorruptionException>(() => file.Read(2, PageType.Leaf));
        Assert.Equal(PageType.Overflow, PageFormat.TypeOf(file.Read(2, PageType.Overflow)));
    }

    [Fact]
    public void PageBeyondTheEndOfTheFileIsCorruption()
    {
        using PageFile file = Open(out _);
        Assert.Equal(40L * 4096, Assert.Throws<LightningCorruptionException>(() => file.Read(40, PageType.Leaf)).Offset);
    }
}
