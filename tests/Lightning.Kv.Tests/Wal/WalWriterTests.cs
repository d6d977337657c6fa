using Lightning.Kv.Platform;
using Lightning.Kv.Tests.Platform;
using Lightning.Kv.Wal;
using static Lightning.Kv.Tests.Wal.WalTestFiles;

namespace Lightning.Kv.Tests.Wal;

public sealed class WalWriterTests : IDisposable
{
    private readonly TestDirectory _dir = new("wal-writer");
    private readonly string _path;

    public WalWriterTests()
    {
        Directory.CreateDirectory(_dir.Path);
        _path = Path.Combine(_dir.Path, "000001.log");
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void CreateTruncatesAnExistingFileAndWritesADurableHeader()
    {
        File.WriteAllBytes(_path, new byte[5000]);
        var fs = new FaultInjectingFileSystem();
        using (WalWriter writer = WalWriter.Create(fs, _path, 7))
        {
            Assert.Equal(7, writer.Number);
            Assert.Equal(_path, writer.Path);
            Assert.Equal(0ul, writer.LastSequence);
            Assert.False(writer.HasUnsyncedData);
            Assert.Equal(1, fs.SyncCount);
        }
        Assert.Equal(WalFormat.SegmentHeaderSize, new FileInfo(_path).Length);
        Assert.Equal(new WalReader.Result(WalFormat.SegmentHeaderSize, false, 0), Read(_path, isNewest: false).Result);
    }

    [Fact]
    public void SyncOnlyFsyncsWhenThereIsUnsyncedData()
    {
        var fs = new FaultInjectingFileSystem();
        using WalWriter writer = WalWriter.Create(fs, _path, 1);
        int afterCreate = fs.SyncCount;
        writer.Sync();
        Assert.Equal(afterCreate, fs.SyncCount);

        writer.Append(Frame(1, Payload(1)));
        Assert.True(writer.HasUnsyncedData);
        writer.Sync();
        Assert.False(writer.HasUnsyncedData);
        Assert.Equal(afterCreate + 1, fs.SyncCount);
        writer.Sync();
        Assert.Equal(afterCreate + 1, fs.SyncCount);
    }

    [Fact]
    public void AppendsAreContiguousAndReadBack()
    {
        using (WalWriter writer = WalWriter.Create(DiskFileSystem.Instance, _path, 1))
        {
            // Several records framed into one append (a commit group), then single ones.
            byte[] group = [.. Frame(1, Payload(1)), .. Frame(2, Payload(2)), .. Frame(3, Payload(3))];
            writer.Append(group);
            writer.Append(Frame(4, Payload(4, 3000)));
            writer.Append(Frame(5, Payload(5)));
            writer.Sync();
        }
        (WalReader.Result result, var records) = Read(_path, isNewest: true, expectedSequence: 1);
        Assert.False(result.TornTail);
        Assert.Equal(new ulong[] { 1, 2, 3, 4, 5 }, records.Select(r => r.Sequence));
        Assert.Equal(Payload(4, 3000), records[3].Payload);
    }

    [Theory]
    [InlineData(IOFault.DiskFull, LightningErrorCode.DiskFull, false)]
    [InlineData(IOFault.DiskFull, LightningErrorCode.DiskFull, true)]
    [InlineData(IOFault.IOError, LightningErrorCode.IOError, true)]
    public void FailedAppendIsCutBackAndLaterAppendsContinueCleanly(IOFault fault, LightningErrorCode expected, bool partial)
    {
        var fs = new FaultInjectingFileSystem();
        using (WalWriter writer = WalWriter.Create(fs, _path, 1))
        {
            writer.Append(Frame(1, Payload(1)));
            long goodLength = new FileInfo(_path).Length;

            fs.FailWrite(1, fault, partial: partial);
            var error = Assert.Throws<LightningIOException>(() => writer.Append(Frame(2, Payload(2, 500))));
            Assert.Equal(expected, error.Code);
            Assert.Contains(_path, error.Message);
            Assert.IsType<IOException>(error.InnerException);
            Assert.Equal(goodLength, new FileInfo(_path).Length); // the short write was cut off

            Assert.Throws<LightningIOException>(() => writer.Append(Frame(2, Payload(2)))); // still failing
            fs.StopFailing();
            writer.Append(Frame(2, Payload(2)));
            writer.Sync();
        }
        (WalReader.Result result, var records) = Read(_path, isNewest: false);
        Assert.False(result.TornTail);
        Assert.Equal(new ulong[] { 1, 2 }, records.Select(r => r.Sequence));
        Assert.Equal(Payload(2), records[1].Payload);
    }

    [Theory]
    [InlineData(IOFault.DiskFull, LightningErrorCode.DiskFull)]
    [InlineData(IOFault.IOError, LightningErrorCode.IOError)]
    public void FailedSyncRefusesEveryLaterAppend(IOFault fault, LightningErrorCode expected)
    {
        var fs = new FaultInjectingFileSystem();
        using WalWriter writer = WalWriter.Create(fs, _path, 1);
        writer.Append(Frame(1, Payload(1)));
        fs.FailSync(1, fault, persistent: false);
        Assert.Equal(expected, Assert.Throws<LightningIOException>(writer.Sync).Code);
        Assert.True(writer.HasUnsyncedData);

        long length = new FileInfo(_path).Length;
        var refused = Assert.Throws<LightningIOException>(() => writer.Append(Frame(2, Payload(2))));
        Assert.Equal(LightningErrorCode.IOError, refused.Code);
        Assert.Contains("reopen", refused.Message);
        Assert.Equal(length, new FileInfo(_path).Length);
    }
}
