using Lightning.Kv.Platform;
using Lightning.Kv.Tests.Platform;
using Lightning.Kv.Wal;
using static Lightning.Kv.Tests.Wal.WalTestFiles;

namespace Lightning.Kv.Tests.Wal;

public sealed class WalWritebackTests : IDisposable
{
    private readonly TestDirectory _dir = new("wal-writeback");

    public WalWritebackTests() => Directory.CreateDirectory(_dir.Path);

    public void Dispose() => _dir.Dispose();

    private string Segment(long number) => Path.Combine(_dir.Path, WalFormat.SegmentFileName(number));

    private static void Append(WalLog log, ulong sequence, int valueSize = 24)
    {
        byte[] record = Frame(sequence, Payload(sequence, valueSize));
        log.Append(record, sequence, sync: false);
    }

    [Fact]
    public void AppendsPastTheThresholdAreFsyncedInTheBackground()
    {
        var fs = new FaultInjectingFileSystem();
        using var log = new WalLog(fs, _dir.Path, [], 1, unsyncedAppends: true, writebackBytes: 4096);
        int syncsAtStart = fs.SyncCountWhere(p => p == Segment(1));

        Append(log, 1, 100); // well under the threshold: stays unsynced
        Thread.Sleep(100);
        Assert.True(log.HasUnsyncedData);
        Assert.Equal(syncsAtStart, fs.SyncCountWhere(p => p == Segment(1)));

        for (ulong s = 2; s <= 40; s++) Append(log, s, 200); // ~8 KiB: past the threshold
        Assert.True(SpinWait.SpinUntil(() => fs.SyncCountWhere(p => p == Segment(1)) > syncsAtStart, TimeSpan.FromSeconds(10)),
            "no background fsync after the threshold was passed");
    }

    [Fact]
    public void WithoutUnsyncedAppendsOrWithZeroBytesThereIsNoWriteback()
    {
        var fs = new FaultInjectingFileSystem();
        using (var log = new WalLog(fs, _dir.Path, [], 1, unsyncedAppends: true, writebackBytes: 0))
        {
            int syncs = fs.SyncCount;
            for (ulong s = 1; s <= 50; s++) Append(log, s, 200);
            Thread.Sleep(100);
            Assert.Equal(syncs, fs.SyncCount);
            Assert.True(log.HasUnsyncedData);
        }
    }

    [Fact]
    public void AFailedBackgroundFsyncRefusesTheNextAppendWithAnIOError()
    {
        var fs = new FaultInjectingFileSystem();
        var log = new WalLog(fs, _dir.Path, [], 1, unsyncedAppends: true, writebackBytes: 1024);
        fs.FailSync(1, IOFault.IOError, p => p.EndsWith(".log", StringComparison.Ordinal));
        // Append past the threshold until an append is refused: the background fsync may fail while these appends
        // are still going on, so the refusal can come at any append after the first ~1 KiB.
        ulong sequence = 0;
        LightningIOException? error = null;
        Assert.True(SpinWait.SpinUntil(() =>
        {
            try
            {
                Append(log, ++sequence, 200);
                return false;
            }
            catch (LightningIOException e)
            {
                error = e;
                return true;
            }
        }, TimeSpan.FromSeconds(10)), "no append was refused after the background fsync failed");

        // The failure is kept by the log, not lost on the thread pool.
        Assert.True(fs.InjectedCount > 0, "an append was refused without the injected fsync failure");
        Assert.NotNull(error);
        Assert.Equal(LightningErrorCode.IOError, error.Code);
        Assert.Throws<LightningIOException>(() => log.Sync());
        // Closing does not fsync again: that could "succeed" over pages the kernel dropped.
        fs.StopFailing();
        int syncs = fs.SyncCount;
        log.Dispose();
        Assert.Equal(syncs, fs.SyncCount);
    }

    /// <summary>
    /// The leader appends and rotates while the write-back and two other threads fsync: every record must be in its
    /// segment, whole and in order, and the closed segments durable — nothing torn by an fsync racing an append.
    /// </summary>
    [Fact]
    public async Task AppendsRotationsAndSyncsFromSeveralThreadsKeepEveryRecordInOrder()
    {
        const ulong Records = 3000;
        var fs = new FaultInjectingFileSystem();
        var segmentFirst = new List<ulong> { 1 };
        var valueSizes = new int[Records + 1];
        using (var log = new WalLog(fs, _dir.Path, [], 1, unsyncedAppends: true, writebackBytes: 2048))
        {
            using var stop = new CancellationTokenSource();
            Task[] syncers = [.. Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
            {
                while (!stop.IsCancellationRequested) log.Sync();
            }))];
            var random = new Random(7);
            for (ulong s = 1; s <= Records; s++)
            {
                valueSizes[s] = random.Next(0, 600);
                Append(log, s, valueSizes[s]);
                if (s % 500 == 0 && s < Records)
                {
                    log.Rotate();
                    segmentFirst.Add(s + 1);
                }
            }
            stop.Cancel();
            await Task.WhenAll(syncers);
        }

        ulong expected = 1;
        for (int i = 0; i < segmentFirst.Count; i++)
        {
            (WalReader.Result result, var records) = Read(Segment(i + 1), isNewest: i == segmentFirst.Count - 1, segmentFirst[i]);
            Assert.False(result.TornTail);
            foreach ((ulong sequence, byte[] payload) in records)
            {
                Assert.Equal(expected, sequence);
                Assert.Equal(Payload(sequence, valueSizes[sequence]), payload);
                expected++;
            }
        }
        Assert.Equal(Records + 1, expected);
    }
}
