using Utf8 = System.Text.Encoding;

namespace Lightning.Kv.Tests.Engine;

/// <summary>
/// Level 0 wired into the engine: full memtables become sorted-run files that reads merge newest first, compaction
/// merges them into the tree and deletes their files only once no snapshot can read them, and the runs survive
/// reopening (the log is trimmed behind them; leftovers of interrupted flushes and compactions are cleaned up).
/// </summary>
public sealed class Level0Tests : IDisposable
{
    private readonly TestDirectory _dir = new("level0");

    public void Dispose() => _dir.Dispose();

    private static byte[] B(string s) => Utf8.UTF8.GetBytes(s);

    private static string? S(byte[]? b) => b is null ? null : Utf8.UTF8.GetString(b);

    private LightningDb Open(int trigger = 8, int compactionThreads = 1)
    {
        LightningDbOptions options = TestDirectory.SmallOptions();
        options.Level0CompactionTrigger = trigger;
        options.CompactionThreads = compactionThreads;
        return LightningDb.Open(_dir.Path, options);
    }

    private string RunDirectory => Path.Combine(_dir.Path, "l0");

    private string[] RunFiles() =>
        Directory.GetFiles(RunDirectory, "*.sst").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray()!;

    private static string? ReadZeroCopy(LightningDb db, string key)
    {
        var box = new StrongBox<string?>();
        return db.TryRead(B(key), box, static (value, b) => b.Value = Utf8.UTF8.GetString(value)) ? box.Value : null;
    }

    private sealed class StrongBox<T>
    {
        public T? Value;
    }

    private static string Scan(LightningDb db, bool reverse = false) =>
        string.Join(",", db.Scan(null, null, reverse).Select(e => S(e.Key) + "=" + S(e.Value)));

    [Fact]
    public void FlushedMemtablesBecomeRunsThatEveryReadMergesNewestFirst()
    {
        using LightningDb db = Open();
        db.Put(B("a"), B("tree"));
        db.Put(B("gone"), B("tree"));
        db.Flush(); // into the tree
        db.Put(B("a"), B("run1"));
        db.Put(B("b"), B("run1"));
        db.FlushMemtables();
        db.Put(B("b"), B("run2"));
        db.Delete(B("gone"));
        db.FlushMemtables();
        db.Put(B("c"), B("memtable"));

        Assert.Equal(2, db.Versions.Current.Level0.Length);
        Assert.Equal(2, RunFiles().Length);
        Assert.Equal(2, db.GetMetrics().Backlog.Level0Runs);
        Assert.True(db.GetMetrics().Backlog.Level0Bytes > 0);

        Assert.Equal("run1", S(db.Get(B("a"))));
        Assert.Equal("run2", S(db.Get(B("b"))));
        Assert.Null(db.Get(B("gone"))); // a tombstone in a run hides the tree's value
        Assert.Equal("memtable", S(db.Get(B("c"))));
        Assert.Equal("run2", ReadZeroCopy(db, "b"));
        Assert.Null(ReadZeroCopy(db, "gone"));
        Span<byte> buffer = stackalloc byte[16];
        Assert.True(db.TryGet(B("a"), buffer, out int length));
        Assert.Equal("run1", Utf8.UTF8.GetString(buffer[..length]));
        Assert.False(db.TryGet(B("gone"), buffer, out _));
        Assert.Equal("a=run1,b=run2,c=memtable", Scan(db));
        Assert.Equal("c=memtable,b=run2,a=run1", Scan(db, reverse: true));

        db.Flush(); // everything into the tree
        Assert.Empty(db.Versions.Current.Level0);
        Assert.Empty(RunFiles());
        Assert.Equal("a=run1,b=run2,c=memtable", Scan(db));
        VerifyResult verify = db.Verify();
        Assert.True(verify.IsValid, string.Join("; ", verify.Problems));
        Assert.Equal(3, verify.TreeEntries); // the deletion reached the tree
    }

    [Fact]
    public void CompactionDeletesRunFilesOnlyWhenNoSnapshotCanReadThemAnyMore()
    {
        using LightningDb db = Open();
        for (int i = 0; i < 3; i++)
        {
            db.Put(B("k"), B("v" + i));
            db.Put(B("k" + i), B("x"));
            db.FlushMemtables();
        }
        Assert.Equal(3, RunFiles().Length);
        KvTransaction pinned = db.BeginTransaction();
        using (IEnumerator<KeyValuePair<byte[], byte[]>> scan = db.Scan(null, null).GetEnumerator())
        {
            Assert.True(scan.MoveNext()); // a scan pinned mid-way, over the runs
            db.Put(B("k"), B("after"));
            db.Flush();
            Assert.Empty(db.Versions.Current.Level0);
            Assert.Equal(3, RunFiles().Length); // still readable by the transaction and the scan

            var rest = new List<string>();
            while (scan.MoveNext()) rest.Add(S(scan.Current.Key)!);
            Assert.Equal(["k0", "k1", "k2"], rest);
        }
        Assert.Equal("v2", S(pinned.Get(B("k"))));
        Assert.Equal(3, RunFiles().Length);
        pinned.Dispose();
        Assert.Empty(RunFiles());
        Assert.Equal("after", S(db.Get(B("k"))));
    }

    [Fact]
    public void RunsSurviveReopenAndTheLogBehindThemIsTrimmed()
    {
        using (LightningDb db = Open())
        {
            for (int run = 0; run < 3; run++)
            {
                for (int i = 0; i < 100; i++) db.Put(B($"key{i:D3}"), B($"run{run}-{i}"));
                db.FlushMemtables();
            }
            db.Put(B("unflushed"), B("in the log only"));
            Assert.Equal(3, db.Versions.Current.Level0.Length);
        }
        string[] segments = Directory.GetFiles(Path.Combine(_dir.Path, "wal"));
        Assert.True(segments.Length <= 2, $"the log still holds {segments.Length} segments although runs cover them");
        using (LightningDb db = Open())
        {
            Assert.Equal(3, db.Versions.Current.Level0.Length);
            Assert.Equal("run2-42", S(db.Get(B("key042"))));
            Assert.Equal("in the log only", S(db.Get(B("unflushed"))));
            Assert.Equal(101, db.Scan(null, null).Count());
            db.Flush();
            Assert.Empty(RunFiles());
        }
        using (LightningDb db = Open())
        {
            Assert.Empty(db.Versions.Current.Level0);
            Assert.Equal("run2-99", S(db.Get(B("key099"))));
            Assert.Equal("in the log only", S(db.Get(B("unflushed"))));
        }
    }

    [Fact]
    public void LeftoversOfInterruptedFlushesAndCompactionsAreCleanedAtOpen()
    {
        string savedName;
        byte[] savedRun;
        using (LightningDb db = Open())
        {
            db.Put(B("k"), B("old"));
            db.FlushMemtables();
            savedName = RunFiles().Single();
            savedRun = File.ReadAllBytes(Path.Combine(RunDirectory, savedName));
            db.Put(B("k"), B("new"));
            db.Flush();
        }
        // A compaction that crashed after its tree was durable but before it deleted the run it merged…
        File.WriteAllBytes(Path.Combine(RunDirectory, savedName), savedRun);
        // …and a flush that crashed before renaming its run into place.
        File.WriteAllBytes(Path.Combine(RunDirectory, "000099.sst.tmp"), [1, 2, 3]);
        using (LightningDb db = Open())
        {
            Assert.Equal("new", S(db.Get(B("k")))); // the stale run is not read
            Assert.Empty(db.Versions.Current.Level0);
            db.Put(B("later"), B("x"));
            db.FlushMemtables();
            Assert.DoesNotContain(savedName, RunFiles()); // and its number is not reused over it
        }
        Assert.Empty(Directory.GetFiles(RunDirectory, "*.tmp"));
        Assert.Single(RunFiles());
    }

    [Fact]
    public void ADamagedRunIsReportedAsCorruptionAtOpen()
    {
        using (LightningDb db = Open())
        {
            db.Put(B("k"), B("v"));
            db.FlushMemtables();
        }
        string run = Path.Combine(RunDirectory, RunFiles().Single());
        byte[] bytes = File.ReadAllBytes(run);
        bytes[^10] ^= 0x40; // inside the footer
        File.WriteAllBytes(run, bytes);
        var error = Assert.ThrowsAny<LightningException>(() => Open());
        Assert.True(error is LightningCorruptionException || error.Code == LightningErrorCode.UnsupportedFormat, error.ToString());
        Assert.Contains(Path.GetFileName(run), error.Message);
    }

    [Fact]
    public void VerifyReadsEveryRunAndReportsADamagedBlock()
    {
        using LightningDb db = Open();
        for (int run = 0; run < 2; run++)
        {
            for (int i = 0; i < 300; i++) db.Put(B($"key{i:D4}"), B(new string((char)('a' + run), 100)));
            db.FlushMemtables();
        }
        VerifyResult clean = db.Verify();
        Assert.True(clean.IsValid, clean.ToString());
        Assert.Equal(2, clean.Level0Runs);
        Assert.Equal(600, clean.Level0Entries);

        string oldest = Path.Combine(RunDirectory, RunFiles()[0]);
        using (var file = new FileStream(oldest, FileMode.Open, FileAccess.ReadWrite))
        {
            file.Position = 40; // inside the first data block
            int b = file.ReadByte();
            file.Position = 40;
            file.WriteByte((byte)(b ^ 0x10));
        }
        VerifyResult damaged = db.Verify();
        Assert.False(damaged.IsValid);
        Assert.Contains(damaged.Problems, p => p.Contains(Path.GetFileName(oldest), StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void CompactionSplitAcrossWorkersGivesTheSameTreeAsTheModel(int threads)
    {
        using LightningDb db = Open(trigger: 64, compactionThreads: threads);
        var model = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var random = new Random(5);
        for (int run = 0; run < 6; run++)
        {
            for (int i = 0; i < 400; i++)
            {
                string key = $"key{random.Next(1500):D5}";
                if (random.Next(5) == 0)
                {
                    db.Delete(B(key));
                    model.Remove(key);
                }
                else
                {
                    string value = $"{run}-{i}-" + new string('v', random.Next(0, 300));
                    db.Put(B(key), B(value));
                    model[key] = value;
                }
            }
            db.FlushMemtables();
        }
        Assert.True(db.Versions.Current.Level0.Length >= 6); // a 64 KiB memtable also rotates on its own
        db.Flush();
        Assert.Empty(db.Versions.Current.Level0);
        Assert.Equal(string.Join(",", model.Select(p => p.Key + "=" + p.Value)), Scan(db));
        VerifyResult verify = db.Verify();
        Assert.True(verify.IsValid, verify.ToString());
        Assert.Equal(model.Count, verify.TreeEntries);
    }

    [Fact]
    public void ADamagedRunFailsTheCompactionWithCorruptionAndNothingHangs()
    {
        using LightningDb db = Open(trigger: 64, compactionThreads: 2);
        for (int run = 0; run < 2; run++)
        {
            for (int i = 0; i < 500; i++) db.Put(B($"key{i:D4}"), B(new string((char)('a' + run), 100)));
            db.FlushMemtables();
        }
        int runs = db.Versions.Current.Level0.Length;
        string oldest = Path.Combine(RunDirectory, RunFiles()[0]);
        using (var file = new FileStream(oldest, FileMode.Open, FileAccess.ReadWrite))
        {
            file.Position = 40;
            int b = file.ReadByte();
            file.Position = 40;
            file.WriteByte((byte)(b ^ 0x10));
        }
        var error = Assert.Throws<LightningCorruptionException>(db.Flush);
        Assert.Contains(Path.GetFileName(oldest), error.Message);
        Assert.Equal(runs, db.Versions.Current.Level0.Length); // nothing was dropped
        Assert.Equal(new string('b', 100), S(db.Get(B("key0001")))); // the newer run still serves reads
        db.Put(B("still"), B("writable"));
        Assert.Equal("writable", S(db.Get(B("still"))));
    }

    [Fact]
    public void LargeValuesGoThroughRunsAndCompactionIntact()
    {
        using LightningDb db = Open();
        var random = new Random(11);
        var values = new Dictionary<string, byte[]>();
        foreach (int size in new[] { 300 * 1024, 1024 * 1024 + 7, 4 * 1024 * 1024 })
        {
            var value = new byte[size];
            random.NextBytes(value); // incompressible: stored raw, one block per value
            values["big" + size] = value;
            db.Put(B("big" + size), value);
            db.Put(B("small" + size), B("s"));
        }
        db.FlushMemtables();
        Assert.NotEmpty(db.Versions.Current.Level0);
        foreach ((string key, byte[] value) in values)
        {
            Assert.Equal(value, db.Get(B(key)));
            var copy = new StrongBox<byte[]>();
            Assert.True(db.TryRead(B(key), copy, static (v, box) => box.Value = v.ToArray()));
            Assert.Equal(value, copy.Value);
        }
        Assert.True(db.Verify().IsValid);
        db.Flush(); // into the tree's overflow chains
        Assert.Empty(db.Versions.Current.Level0);
        foreach ((string key, byte[] value) in values) Assert.Equal(value, db.Get(B(key)));
        Assert.Equal(6, db.Scan(null, null).Count());
        Assert.True(db.Verify().IsValid);
    }

    [Fact]
    public void TransactionsSeeConflictsWithWritesThatMovedIntoRuns()
    {
        using LightningDb db = Open();
        db.Put(B("contended"), B("0"));
        db.Put(B("other"), B("0"));
        db.FlushMemtables();
        KvTransaction late = db.BeginTransaction();
        KvTransaction unrelated = db.BeginTransaction();
        db.Put(B("contended"), B("changed"));
        db.FlushMemtables(); // the change now lives in a run, not a memtable
        Assert.Equal(0, db.Versions.Current.Active.EntryCount);

        late.Put(B("contended"), B("lost update"));
        Assert.Throws<LightningConflictException>(late.Commit);
        unrelated.Put(B("other"), B("1"));
        unrelated.Commit(); // an older run's key is no conflict
        Assert.Equal("changed", S(db.Get(B("contended"))));
        Assert.Equal("1", S(db.Get(B("other"))));
    }

    [Fact]
    public void ReadersSeeWholeBatchesWhileFlushesAndCompactionsRunUnderThem()
    {
        using LightningDb db = Open(trigger: 1);
        const int Keys = 40;
        var value = new byte[600];
        void WriteGeneration(int generation)
        {
            var batch = new WriteBatch();
            BitConverter.TryWriteBytes(value, generation);
            for (int k = 0; k < Keys; k++) batch.Put(B($"key{k:D2}"), value);
            db.Write(batch);
        }
        WriteGeneration(0);
        int done = 0;
        var failures = new List<string>();
        var writer = new Thread(() =>
        {
            for (int g = 1; g <= 600; g++) WriteGeneration(g);
            Volatile.Write(ref done, 1);
        });
        var readers = new Thread[2];
        for (int r = 0; r < readers.Length; r++)
        {
            bool reverse = r == 1;
            readers[r] = new Thread(() =>
            {
                while (Volatile.Read(ref done) == 0)
                {
                    int? generation = null;
                    int count = 0;
                    foreach (KeyValuePair<byte[], byte[]> entry in db.Scan(null, null, reverse))
                    {
                        int g = BitConverter.ToInt32(entry.Value);
                        generation ??= g;
                        count++;
                        if (g != generation) lock (failures) failures.Add($"scan mixed generations {generation} and {g}");
                    }
                    if (count != Keys) lock (failures) failures.Add($"scan saw {count} keys");
                    using KvTransaction txn = db.BeginTransaction();
                    int first = BitConverter.ToInt32(txn.Get(B("key00")));
                    int last = BitConverter.ToInt32(txn.Get(B($"key{Keys - 1:D2}")));
                    if (first != last) lock (failures) failures.Add($"snapshot read generations {first} and {last}");
                }
            });
        }
        writer.Start();
        foreach (Thread reader in readers) reader.Start();
        writer.Join();
        foreach (Thread reader in readers) reader.Join();
        Assert.Empty(failures);
        Assert.True(db.GetMetrics().DiskWrites.SstBytes > 0);
        Assert.Equal(600, BitConverter.ToInt32(db.Get(B("key17"))));
        db.Flush();
        Assert.True(db.Verify().IsValid);
        Assert.Equal(Keys, db.Verify().TreeEntries);
    }
}
