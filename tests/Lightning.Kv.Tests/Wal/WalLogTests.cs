using Lightning.Kv.Platform;
using Lightning.Kv.Tests.Platform;
using Lightning.Kv.Wal;
using static Lightning.Kv.Tests.Wal.WalTestFiles;

namespace Lightning.Kv.Tests.Wal;

public sealed class WalLogTests : IDisposable
{
    private readonly TestDirectory _dir = new("wal-log");

    public WalLogTests() => Directory.CreateDirectory(_dir.Path);

    public void Dispose() => _dir.Dispose();

    private string Segment(long number) => Path.Combine(_dir.Path, WalFormat.SegmentFileName(number));

    private static void AppendRange(WalLog log, ulong first, ulong last, bool sync = true)
    {
        var bytes = new List<byte>();
        for (ulong s = first; s <= last; s++) bytes.AddRange(Frame(s, Payload(s)));
        log.Append(bytes.ToArray(), last, sync);
    }

    private List<long> SegmentsOnDisk() =>
        Directory.GetFiles(_dir.Path)
            .Select(p => WalFormat.TryParseSegmentNumber(Path.GetFileName(p), out long n) ? n : -1)
            .Where(n => n > 0).Order().ToList();

    [Fact]
    public void RotateStartsNewSegmentsThatEachHoldTheirOwnCommits()
    {
        using (var log = new WalLog(DiskFileSystem.Instance, _dir.Path, [], 1))
        {
            Assert.Equal(Segment(1), log.SegmentPath(1));
            Assert.Equal(1, log.SegmentCount);
            AppendRange(log, 1, 3);
            log.Rotate();
            AppendRange(log, 4, 5);
            log.Rotate();
            AppendRange(log, 6, 9, sync: false);
            Assert.Equal(3, log.SegmentCount);
        }
        Assert.Equal(new long[] { 1, 2, 3 }, SegmentsOnDisk());
        Assert.Equal(new ulong[] { 1, 2, 3 }, Read(Segment(1), false, 1).Records.Select(r => r.Sequence));
        Assert.Equal(new ulong[] { 4, 5 }, Read(Segment(2), false, 4).Records.Select(r => r.Sequence));
        // Dispose made the unsynced tail durable and complete.
        (WalReader.Result last, var records) = Read(Segment(3), true, 6);
        Assert.False(last.TornTail);
        Assert.Equal(new ulong[] { 6, 7, 8, 9 }, records.Select(r => r.Sequence));
    }

    [Fact]
    public void DeleteCoveredByRemovesOnlyClosedSegmentsTheTreeFullyHolds()
    {
        using var log = new WalLog(DiskFileSystem.Instance, _dir.Path, [], 1);
        AppendRange(log, 1, 3);
        log.Rotate(); // segment 1 closed, last sequence 3
        AppendRange(log, 4, 6);
        log.Rotate(); // segment 2 closed, last sequence 6
        AppendRange(log, 7, 7);

        log.DeleteCoveredBy(2);
        Assert.Equal(new long[] { 1, 2, 3 }, SegmentsOnDisk());
        Assert.Equal(3, log.SegmentCount);

        log.DeleteCoveredBy(3);
        Assert.Equal(new long[] { 2, 3 }, SegmentsOnDisk());
        Assert.Equal(2, log.SegmentCount);

        log.DeleteCoveredBy(5);
        Assert.Equal(new long[] { 2, 3 }, SegmentsOnDisk());

        log.DeleteCoveredBy(100); // never the current segment, whatever the sequence
        Assert.Equal(new long[] { 3 }, SegmentsOnDisk());
        Assert.Equal(1, log.SegmentCount);

        AppendRange(log, 8, 8);
        log.Sync();
        Assert.Equal(new ulong[] { 7, 8 }, Read(Segment(3), true).Records.Select(r => r.Sequence));
    }

    [Fact]
    public void ClosedSegmentsFromRecoveryAreTrackedAndNumberingContinues()
    {
        WriteSegment(Segment(4), [(1, Payload(1)), (2, Payload(2))], 4);
        WriteSegment(Segment(5), [(3, Payload(3))], 5);
        using var log = new WalLog(DiskFileSystem.Instance, _dir.Path, [(4, 2), (5, 3)], 6);
        Assert.Equal(3, log.SegmentCount);
        Assert.Equal(new long[] { 4, 5, 6 }, SegmentsOnDisk());
        log.Rotate();
        Assert.Equal(new long[] { 4, 5, 6, 7 }, SegmentsOnDisk());
        log.DeleteCoveredBy(2); // segment 6 closed empty (last sequence 0), so it goes too
        Assert.Equal(new long[] { 5, 7 }, SegmentsOnDisk());
        log.DeleteCoveredBy(3);
        Assert.Equal(new long[] { 7 }, SegmentsOnDisk());
    }

    [Fact]
    public void HasUnsyncedDataFollowsAppendsAndSyncs()
    {
        var fs = new FaultInjectingFileSystem();
        using var log = new WalLog(fs, _dir.Path, [], 1);
        Assert.False(log.HasUnsyncedData);
        AppendRange(log, 1, 1, sync: false);
        Assert.True(log.HasUnsyncedData);
        int syncs = fs.SyncCount;
        log.Sync();
        Assert.False(log.HasUnsyncedData);
        Assert.Equal(syncs + 1, fs.SyncCount);
        AppendRange(log, 2, 2, sync: true);
        Assert.False(log.HasUnsyncedData);
        Assert.Equal(syncs + 2, fs.SyncCount);
    }

    [Fact]
    public void RotateMakesTheClosedSegmentDurableWhateverTheDurability()
    {
        var fs = new FaultInjectingFileSystem();
        using var log = new WalLog(fs, _dir.Path, [], 1);
        AppendRange(log, 1, 2, sync: false);
        log.Rotate();
        Assert.Equal(2, fs.SyncCountWhere(p => p == Segment(1))); // creation + the rotation's fsync
        Assert.False(log.HasUnsyncedData);
    }
}
