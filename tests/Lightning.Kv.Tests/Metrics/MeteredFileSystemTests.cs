using Lightning.Kv.Metrics;
using Lightning.Kv.Platform;

namespace Lightning.Kv.Tests.Metrics;

/// <summary><see cref="MeteredFileSystem"/>: file kinds by name, and bytes counted per kind.</summary>
public sealed class MeteredFileSystemTests
{
    [Theory]
    [InlineData("/db/tree.db", "Tree")]
    [InlineData("/db/wal/000001.log", "Wal")]
    [InlineData("/db/wal/anything", "Wal")]
    [InlineData("/db/000012.sst", "Sst")]
    [InlineData("/db/sst/000012.SST", "Sst")]
    [InlineData("/db/MANIFEST-000003", "Other")]
    [InlineData("/db/LOCK", "Other")]
    public void FilesAreClassifiedByName(string path, string kind) => Assert.Equal(kind, MeteredFileSystem.KindOf(path).ToString());

    [Fact]
    public void WrittenBytesAreCountedPerKindAndReadsAreNot()
    {
        using var dir = new TestDirectory("metered-fs");
        Directory.CreateDirectory(Path.Combine(dir.Path, "wal"));
        var counters = new DiskWriteCounters();
        var fs = new MeteredFileSystem(DiskFileSystem.Instance, counters);
        using (IStorageFile wal = fs.Open(Path.Combine(dir.Path, "wal", "000001.log"), create: true))
        {
            wal.Write(0, new byte[100]);
            wal.Write(100, new byte[28]);
            Assert.Equal(28, wal.Read(100, new byte[28]));
            wal.Sync();
        }
        using (IStorageFile tree = fs.Open(Path.Combine(dir.Path, "tree.db"), create: true)) tree.Write(4096, new byte[4096]);
        using (IStorageFile other = fs.Open(Path.Combine(dir.Path, "notes"), create: true)) other.Write(0, new byte[7]);
        Assert.Equal(128, counters.Read(MeteredFileKind.Wal));
        Assert.Equal(4096, counters.Read(MeteredFileKind.Tree));
        Assert.Equal(0, counters.Read(MeteredFileKind.Sst));
        Assert.Equal(7, counters.Read(MeteredFileKind.Other));
        Assert.Equal(8192, new FileInfo(Path.Combine(dir.Path, "tree.db")).Length); // writes still reach the file
    }
}
