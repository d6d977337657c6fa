using System.Diagnostics;

namespace Lightning.Kv.Tests.Platform;

/// <summary>The engine under injected ENOSPC and EIO failures of writes and fsyncs.</summary>
public sealed class FaultInjectionTests : IDisposable
{
    private readonly TestDirectory _dir = new("faults");
    private readonly FaultInjectingFileSystem _fs = new();
    private readonly SortedDictionary<string, string> _committed = new(StringComparer.Ordinal);

    public void Dispose() => _dir.Dispose();

    private LightningDbOptions Options(Durability durability)
    {
        LightningDbOptions options = TestDirectory.SmallOptions(durability);
        options.FileSystem = _fs;
        return options;
    }

    private LightningDb Open(Durability durability = Durability.Full) => LightningDb.Open(_dir.Path, Options(durability));

    private static byte[] B(string s) => System.Text.Encoding.UTF8.GetBytes(s);

    private static string S(byte[] b) => System.Text.Encoding.UTF8.GetString(b);

    private void Put(LightningDb db, string key, string value)
    {
        db.Put(B(key), B(value));
        _committed[key] = value;
    }

    private void PutMany(LightningDb db, string prefix, int count, int valueBytes = 100)
    {
        for (int i = 0; i < count; i++) Put(db, $"{prefix}{i:D5}", $"{prefix}-{i}-" + new string('v', valueBytes));
    }

    /// <summary>Every committed pair is readable, by Get and by Scan, and nothing else is there.</summary>
    private void AssertCommittedData(LightningDb db)
    {
        foreach ((string key, string value) in _committed) Assert.Equal(value, S(db.Get(B(key)) ?? B("<missing>")));
        Assert.Equal(_committed.Keys, db.Scan(null, null).Select(e => S(e.Key)));
    }

    private void AssertIntactAfterReopen()
    {
        using LightningDb db = LightningDb.Open(_dir.Path, TestDirectory.SmallOptions());
        AssertCommittedData(db);
    }

    [Theory]
    [InlineData(IOFault.DiskFull, LightningErrorCode.DiskFull, false)]
    [InlineData(IOFault.DiskFull, LightningErrorCode.DiskFull, true)]
    [InlineData(IOFault.IOError, LightningErrorCode.IOError, false)]
    [InlineData(IOFault.IOError, LightningErrorCode.IOError, true)]
    public void FailedWalWriteFailsTheCommitAndWritesResumeOnceItClears(IOFault fault, LightningErrorCode code, bool shortWrite)
    {
        using (LightningDb db = Open())
        {
            PutMany(db, "before", 50);
            _fs.FailWrite(1, fault, FaultInjectingFileSystem.IsWalSegment, persistent: true, partial: shortWrite);

            Assert.Equal(code, Assert.Throws<LightningIOException>(() => db.Put(B("failed"), B("x"))).Code);
            var batch = new WriteBatch();
            batch.Put(B("batch-a"), B("1"));
            batch.Delete(B("before00001"));
            batch.Put(B("batch-b"), B("2"));
            Assert.Equal(code, Assert.Throws<LightningIOException>(() => db.Write(batch)).Code);
            Assert.Equal(code, Assert.Throws<LightningIOException>(() => db.Delete(B("before00002"))).Code);

            Assert.Null(db.Get(B("failed")));
            Assert.Null(db.Get(B("batch-a")));
            AssertCommittedData(db); // including before00001 and before00002, whose deletes failed

            _fs.StopFailing();
            PutMany(db, "after", 50);
            db.Write(batch);
            _committed["batch-a"] = "1";
            _committed["batch-b"] = "2";
            _committed.Remove("before00001");
            AssertCommittedData(db);
        }
        AssertIntactAfterReopen();
    }

    [Theory]
    [InlineData(IOFault.DiskFull, LightningErrorCode.DiskFull)]
    [InlineData(IOFault.IOError, LightningErrorCode.IOError)]
    public void FailedWalFsyncRefusesWritesUntilTheDatabaseIsReopened(IOFault fault, LightningErrorCode code)
    {
        using (LightningDb db = Open())
        {
            PutMany(db, "before", 30);
            _fs.FailSync(1, fault, FaultInjectingFileSystem.IsWalSegment, persistent: false);

            Assert.Equal(code, Assert.Throws<LightningIOException>(() => db.Put(B("unsure"), B("x"))).Code);

            // The fault is gone, but after a failed fsync nothing unsynced can be trusted: writes stay refused.
            var refused = Assert.Throws<LightningIOException>(() => db.Put(B("refused"), B("y")));
            Assert.Equal(LightningErrorCode.IOError, refused.Code);
            Assert.Contains("reopen", refused.Message);
            var batch = new WriteBatch();
            batch.Put(B("refused-batch"), B("z"));
            Assert.Equal(LightningErrorCode.IOError, Assert.Throws<LightningIOException>(() => db.Write(batch)).Code);

            foreach ((string key, string value) in _committed) Assert.Equal(value, S(db.Get(B(key))!));
        }

        using (LightningDb db = Open())
        {
            foreach ((string key, string value) in _committed) Assert.Equal(value, S(db.Get(B(key))!));
            Assert.Null(db.Get(B("refused")));
            Assert.Null(db.Get(B("refused-batch")));
            _committed.Remove("unsure");
            byte[]? unsure = db.Get(B("unsure")); // its outcome was unknown: either way is fine
            if (unsure is not null) _committed["unsure"] = S(unsure);
            PutMany(db, "after", 30);
        }
        AssertIntactAfterReopen();
    }

    [Fact]
    public void FailedWalFsyncStaysFatalAcrossAMemtableRotation()
    {
        using (LightningDb db = Open())
        {
            PutMany(db, "before", 30);
            _fs.FailSync(1, IOFault.IOError, FaultInjectingFileSystem.IsWalSegment, persistent: false);
            Assert.Throws<LightningIOException>(() => db.Put(B("unsure"), B("x")));

            // Flush rotates the memtable and with it the WAL segment; that must not clear the failure.
            try { db.Flush(); } catch (LightningException) { }
            bool accepted;
            try
            {
                db.Put(B("after-rotation"), B("y"));
                accepted = true;
            }
            catch (LightningException)
            {
                accepted = false;
            }

            // Whatever the engine decided, it must reopen with every acknowledged commit.
            db.Dispose();
            LightningDb reopened;
            try
            {
                reopened = LightningDb.Open(_dir.Path, TestDirectory.SmallOptions());
            }
            catch (LightningCorruptionException error)
            {
                Assert.Fail($"The database no longer opens after a failed WAL fsync followed by a rotation " +
                    $"(write after rotation accepted: {accepted}): {error.Message}");
                throw;
            }
            using (reopened)
            {
                foreach ((string key, string value) in _committed) Assert.Equal(value, S(reopened.Get(B(key))!));
                if (accepted) Assert.Equal("y", S(reopened.Get(B("after-rotation"))!));
            }
            Assert.False(accepted, "a write was accepted after a failed WAL fsync without reopening the database");
        }
    }

    public static TheoryData<IOFault, int, bool> FlushFaults => new()
    {
        { IOFault.DiskFull, 1, false },
        { IOFault.IOError, 1, false },
        { IOFault.IOError, 1, true },   // the run file's fsync fails
    };

    public static TheoryData<IOFault, int, bool> CompactionFaults => new()
    {
        { IOFault.DiskFull, 1, false },
        { IOFault.IOError, 1, false },
        { IOFault.DiskFull, 3, false }, // part of the new pages are written before the failure
        { IOFault.IOError, 1, true },   // the tree file's fsync fails
    };

    /// <summary>Commits "first" keys into the tree and "second" keys into the memtable, then arms the fault.</summary>
    private void StartWithATreeThenArm(LightningDb db, IOFault fault, int nth, bool failSync, Func<string, bool> files)
    {
        PutMany(db, "first", 150);
        db.Flush(); // a tree to start from
        PutMany(db, "second", 150);
        if (failSync) _fs.FailSync(nth, fault, files);
        else _fs.FailWrite(nth, fault, files);
    }

    [Theory]
    [MemberData(nameof(CompactionFaults))]
    public void FailedCompactionKeepsWritesAndReadsAndRecovers(IOFault fault, int nth, bool failSync)
    {
        using (LightningDb db = Open(Durability.None))
        {
            StartWithATreeThenArm(db, fault, nth, failSync, FaultInjectingFileSystem.IsTreeFile);

            // The memtable reaches a level-0 run; merging it into the tree fails, and Flush says why.
            var flushError = Assert.Throws<LightningIOException>(db.Flush);
            Assert.Equal(fault == IOFault.DiskFull ? LightningErrorCode.DiskFull : LightningErrorCode.IOError, flushError.Code);

            // Writes need no tree: they go on into memtables and runs. Reads see the runs over the old tree.
            PutMany(db, "during", 50);
            Put(db, "first00001", "overwritten while compaction fails");
            db.Delete(B("first00002"));
            _committed.Remove("first00002");
            AssertCommittedData(db);
            using (KvTransaction txn = db.BeginTransaction())
                Assert.Equal(_committed["second00007"], S(txn.Get(B("second00007"))!));

            _fs.StopFailing();
            db.Flush();
            Assert.Equal(0, db.GetMetrics().Backlog.Level0Runs);
            PutMany(db, "third", 150);
            db.Flush();
            AssertCommittedData(db);
            Assert.True(db.Verify().IsValid);
        }
        AssertIntactAfterReopen();
    }

    [Theory]
    [MemberData(nameof(FlushFaults))]
    public void FailedBackgroundFlushPausesWritesKeepsReadsAndRecovers(IOFault fault, int nth, bool failSync)
    {
        using (LightningDb db = Open(Durability.None))
        {
            StartWithATreeThenArm(db, fault, nth, failSync, FaultInjectingFileSystem.IsSstFile);

            var flushError = Assert.Throws<LightningException>(db.Flush);
            Assert.Equal(LightningErrorCode.BackgroundError, flushError.Code);
            Assert.NotNull(flushError.InnerException);

            var writeError = Assert.Throws<LightningException>(() => db.Put(B("blocked"), B("x")));
            Assert.Equal(LightningErrorCode.BackgroundError, writeError.Code);
            Assert.Equal(LightningErrorCode.BackgroundError, Assert.Throws<LightningException>(() => db.Delete(B("first00001"))).Code);

            AssertCommittedData(db); // reads keep working from the memtables, runs and the tree
            using (KvTransaction txn = db.BeginTransaction())
                Assert.Equal(_committed["second00007"], S(txn.Get(B("second00007"))!));

            _fs.StopFailing();
            FlushEventually(db);
            PutMany(db, "third", 150);
            db.Flush();
            AssertCommittedData(db);
            Assert.Null(db.Get(B("blocked")));
        }
        AssertIntactAfterReopen();
    }

    [Fact]
    public void BackgroundFlushFailureSurfacesOnLaterWritesWithoutAnExplicitFlush()
    {
        using (LightningDb db = Open(Durability.None))
        {
            _fs.FailWrite(1, IOFault.DiskFull, FaultInjectingFileSystem.IsSstFile);
            LightningException? error = null;
            var clock = Stopwatch.StartNew();
            for (int i = 0; error is null && clock.Elapsed < TimeSpan.FromSeconds(20); i++)
            {
                try
                {
                    Put(db, $"k{i:D6}", new string('x', 200)); // fills memtables until the flush must keep up
                }
                catch (LightningException e)
                {
                    error = e;
                }
            }
            Assert.NotNull(error);
            Assert.Equal(LightningErrorCode.BackgroundError, error.Code);
            AssertCommittedData(db);

            _fs.StopFailing();
            FlushEventually(db);
            PutMany(db, "later", 20);
            AssertCommittedData(db);
        }
        AssertIntactAfterReopen();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void FailureToStartTheNextWalSegmentFailsTheCommitAndIsRetriedLater(bool failSync)
    {
        static bool IsSecondSegment(string path) => FaultInjectingFileSystem.IsWalSegment(path) && path.EndsWith("000002.log", StringComparison.Ordinal);
        using (LightningDb db = Open(Durability.None))
        {
            if (failSync) _fs.FailSync(1, IOFault.DiskFull, IsSecondSegment);
            else _fs.FailWrite(1, IOFault.DiskFull, IsSecondSegment);
            LightningException? error = null;
            for (int i = 0; error is null && i < 5000; i++)
            {
                try
                {
                    Put(db, $"k{i:D6}", new string('x', 200)); // the memtable fills and must rotate the WAL
                }
                catch (LightningException e)
                {
                    error = e;
                }
            }
            Assert.NotNull(error);
            AssertCommittedData(db);
            LightningException? flushError = Record.Exception(db.Flush) as LightningException; // rotates too

            _fs.StopFailing();
            PutMany(db, "later", 400, valueBytes: 200); // rotates successfully now
            AssertCommittedData(db);

            // Checked last, so the recovery above is verified either way: a full disk is reported as such.
            Assert.True(error is LightningIOException { Code: LightningErrorCode.DiskFull },
                $"a commit whose WAL rotation hit ENOSPC failed with {error.GetType().Name} ({error.Code}): {error.Message}");
            Assert.True(flushError is LightningIOException { Code: LightningErrorCode.DiskFull },
                $"a Flush whose WAL rotation hit ENOSPC failed with {flushError?.GetType().Name} ({flushError?.Code}): {flushError?.Message}");
        }
        AssertIntactAfterReopen();
    }

    [Fact]
    public void OpenFailsCleanlyWhenTheDiskIsFullAndWorksOnceThereIsRoom()
    {
        using (LightningDb db = Open()) PutMany(db, "kept", 20);
        _fs.FailWrite(1, IOFault.DiskFull, FaultInjectingFileSystem.IsWalSegment);
        var error = Assert.Throws<LightningIOException>(() => Open());
        Assert.Equal(LightningErrorCode.DiskFull, error.Code);
        _fs.StopFailing();
        using (LightningDb db = Open())
        {
            AssertCommittedData(db); // the failed open released its lock and left nothing behind that matters
            PutMany(db, "more", 5);
        }
        AssertIntactAfterReopen();
    }

    /// <summary>
    /// After the fault clears, the flusher retries on its own schedule; until that retry succeeds, Flush
    /// still reports the old error. Retries Flush until it succeeds (bounded).
    /// </summary>
    private static void FlushEventually(LightningDb db)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                db.Flush();
                return;
            }
            catch (LightningException error) when (error.Code == LightningErrorCode.BackgroundError && clock.Elapsed < TimeSpan.FromSeconds(15))
            {
                Thread.Sleep(20);
            }
        }
    }
}
