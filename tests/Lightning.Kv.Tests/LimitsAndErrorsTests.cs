using System.Data.Common;

namespace Lightning.Kv.Tests;

/// <summary>Every user-causable failure raises a <see cref="LightningException"/> with the right code and changes nothing.</summary>
public sealed class LimitsAndErrorsTests
{
    private static byte[] B(string text) => System.Text.Encoding.UTF8.GetBytes(text);

    private static string S(byte[] bytes) => System.Text.Encoding.UTF8.GetString(bytes);

    private static string Contents(LightningDb db) => string.Join(",", db.Scan(null, null).Select(e => S(e.Key) + "=" + S(e.Value)));

    private static void AssertFails(LightningErrorCode code, Action action)
    {
        LightningException error = Assert.ThrowsAny<LightningException>(action);
        Assert.Equal(code, error.Code);
        Assert.Equal((int)code, error.ErrorCode);
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
    }

    /// <summary>Opens a database holding a=1 (in the tree) and b=2 (in the memtable).</summary>
    private static LightningDb OpenWithData(TestDirectory dir)
    {
        LightningDb db = LightningDb.Open(dir.Path, TestDirectory.SmallOptions());
        db.Put(B("a"), B("1"));
        db.Flush();
        db.Put(B("b"), B("2"));
        return db;
    }

    [Fact]
    public void LightningExceptionIsADbException()
    {
        Assert.True(typeof(DbException).IsAssignableFrom(typeof(LightningException)));
        Assert.True(typeof(LightningException).IsAssignableFrom(typeof(LightningConflictException)));
        Assert.True(typeof(LightningException).IsAssignableFrom(typeof(LightningCorruptionException)));
        Assert.True(typeof(LightningException).IsAssignableFrom(typeof(LightningIOException)));

        using var dir = new TestDirectory();
        using LightningDb db = LightningDb.Open(dir.Path, TestDirectory.SmallOptions());
        DbException error = Assert.ThrowsAny<DbException>(() => db.Put([], B("v")));
        Assert.Equal((int)LightningErrorCode.InvalidArgument, error.ErrorCode);
        Assert.False(error.IsTransient);
    }

    public static TheoryData<int, LightningErrorCode> BadKeys => new()
    {
        { 0, LightningErrorCode.InvalidArgument },
        { KvLimits.MaxKeySize + 1, LightningErrorCode.KeyTooLarge },
        { 100_000, LightningErrorCode.KeyTooLarge },
    };

    [Theory]
    [MemberData(nameof(BadKeys))]
    public void BadKeysAreRejectedEverywhere(int keyLength, LightningErrorCode code)
    {
        using var dir = new TestDirectory();
        using LightningDb db = OpenWithData(dir);
        byte[] key = new byte[keyLength];
        key.AsSpan().Fill((byte)'a');
        var batch = new WriteBatch();
        using KvTransaction txn = db.BeginTransaction();
        Action[] operations =
        [
            () => db.Put(key, B("v")),
            () => db.Get(key),
            () => db.TryGet(key, new byte[16], out _),
            () => db.Delete(key),
            () => batch.Put(key, B("v")),
            () => batch.Delete(key),
            () => txn.Put(key, B("v")),
            () => txn.Get(key),
            () => txn.Delete(key),
        ];
        foreach (Action operation in operations) AssertFails(code, operation);
        Assert.Equal(0, batch.Count);
        txn.Commit(); // the transaction is still usable and had nothing buffered
        Assert.Equal("a=1,b=2", Contents(db));
    }

    [Fact]
    public void OversizedScanBoundsAreRejected()
    {
        using var dir = new TestDirectory();
        using LightningDb db = OpenWithData(dir);
        byte[] tooLong = new byte[KvLimits.MaxKeySize + 1];
        using KvTransaction txn = db.BeginTransaction();
        foreach (bool reverse in new[] { false, true })
        {
            AssertFails(LightningErrorCode.KeyTooLarge, () => db.Scan(tooLong, null, reverse).ToList());
            AssertFails(LightningErrorCode.KeyTooLarge, () => db.Scan(null, tooLong, reverse).ToList());
            AssertFails(LightningErrorCode.KeyTooLarge, () => txn.Scan(tooLong, null, reverse).ToList());
            AssertFails(LightningErrorCode.KeyTooLarge, () => txn.Scan(null, tooLong, reverse).ToList());
        }
        // A bound of exactly the maximum size is a valid key.
        byte[] longest = new byte[KvLimits.MaxKeySize];
        longest.AsSpan().Fill((byte)'a');
        Assert.Equal(["b"], db.Scan(longest, null).Select(e => S(e.Key)));
        Assert.Equal(["a"], db.Scan(null, longest, reverse: true).Select(e => S(e.Key)));
        db.Put(longest, B("max"));
        Assert.Equal("max", S(db.Get(longest)!));
        db.Delete(longest);
        Assert.Equal("a=1,b=2", Contents(db));
    }

    [Fact]
    public void ValuesOverTheMaximumSizeAreRejected()
    {
        using var dir = new TestDirectory();
        using LightningDb db = OpenWithData(dir);
        byte[] huge = GC.AllocateUninitializedArray<byte>(KvLimits.MaxValueSize + 1);
        var batch = new WriteBatch();
        batch.Put(B("c"), B("3"));
        using KvTransaction txn = db.BeginTransaction();
        AssertFails(LightningErrorCode.ValueTooLarge, () => db.Put(B("a"), huge));
        AssertFails(LightningErrorCode.ValueTooLarge, () => batch.Put(B("a"), huge));
        AssertFails(LightningErrorCode.ValueTooLarge, () => txn.Put(B("a"), huge));
        Assert.Equal(1, batch.Count);
        Assert.Null(txn.Get(B("c")));
        Assert.Equal("1", S(txn.Get(B("a"))!));
        txn.Commit();
        Assert.Equal("a=1,b=2", Contents(db));
        db.Write(batch); // the batch kept only its valid operation
        Assert.Equal("a=1,b=2,c=3", Contents(db));
    }

    [Fact]
    public void UseAfterDisposeFailsWithObjectDisposed()
    {
        using var dir = new TestDirectory();
        LightningDb db = OpenWithData(dir);
        IEnumerable<KeyValuePair<byte[], byte[]>> scanCreatedBefore = db.Scan(null, null);
        IEnumerator<KeyValuePair<byte[], byte[]>> scanStartedBefore = db.Scan(null, null).GetEnumerator();
        Assert.True(scanStartedBefore.MoveNext());
        var batch = new WriteBatch();
        batch.Put(B("c"), B("3"));
        db.Dispose();
        db.Dispose(); // a second Dispose is harmless

        Action[] operations =
        [
            () => db.Put(B("a"), B("x")),
            () => db.Get(B("a")),
            () => db.TryGet(B("a"), new byte[8], out _),
            () => db.Delete(B("a")),
            () => db.Write(batch),
            () => db.Scan(null, null),
            () => db.BeginTransaction(),
            db.Flush,
            () => scanCreatedBefore.GetEnumerator(),
            () => scanCreatedBefore.ToList(),
            () => scanStartedBefore.MoveNext(),
        ];
        foreach (Action operation in operations) AssertFails(LightningErrorCode.ObjectDisposed, operation);
        scanStartedBefore.Dispose();

        using LightningDb reopened = LightningDb.Open(dir.Path, TestDirectory.SmallOptions());
        Assert.Equal("a=1,b=2", Contents(reopened));
    }

    [Fact]
    public void OpeningAnOpenDatabaseAgainFailsWithDatabaseLocked()
    {
        using var dir = new TestDirectory();
        using LightningDb first = OpenWithData(dir);
        string samePathSpelledDifferently = System.IO.Path.Combine(dir.Path, "..", System.IO.Path.GetFileName(dir.Path));
        foreach (string path in new[] { dir.Path, samePathSpelledDifferently })
        {
            LightningException error = Assert.ThrowsAny<LightningException>(() => LightningDb.Open(path, TestDirectory.SmallOptions()));
            Assert.Equal(LightningErrorCode.DatabaseLocked, error.Code);
            Assert.True(error.IsTransient);
        }

        // The first instance is unaffected, and the path opens again once it is closed.
        first.Put(B("c"), B("3"));
        first.Flush();
        Assert.Equal("a=1,b=2,c=3", Contents(first));
        first.Dispose();
        using LightningDb second = LightningDb.Open(dir.Path, TestDirectory.SmallOptions());
        Assert.Equal("a=1,b=2,c=3", Contents(second));
    }

    public static TheoryData<string> BadOptions => new()
    {
        "PageSize=1000", "PageSize=2048", "PageSize=5000", "PageSize=131072", "MemtableSize=1", "CacheSize=-1",
        "MaxImmutableMemtables=0", "Durability=99", "SyncInterval=0", "WalWritebackSize=-1",
    };

    [Theory]
    [MemberData(nameof(BadOptions))]
    public void InvalidOptionsAreRejectedBeforeTouchingTheDisk(string setting)
    {
        using var dir = new TestDirectory();
        var options = new LightningDbOptions();
        string[] parts = setting.Split('=');
        int number = int.Parse(parts[1]);
        switch (parts[0])
        {
            case "PageSize": options.PageSize = number; break;
            case "MemtableSize": options.MemtableSize = number; break;
            case "CacheSize": options.CacheSize = number; break;
            case "MaxImmutableMemtables": options.MaxImmutableMemtables = number; break;
            case "Durability": options.Durability = (Durability)number; break;
            case "SyncInterval": options.SyncInterval = TimeSpan.FromMilliseconds(number); break;
            case "WalWritebackSize": options.WalWritebackSize = number; break;
            default: throw new ArgumentException(setting);
        }
        AssertFails(LightningErrorCode.InvalidArgument, () => LightningDb.Open(dir.Path, options));
        Assert.False(Directory.Exists(dir.Path));
    }

    [Fact]
    public void InvalidOptionsDoNotDisturbAnExistingDatabase()
    {
        using var dir = new TestDirectory();
        LightningDb db = OpenWithData(dir);
        db.Dispose();
        AssertFails(LightningErrorCode.InvalidArgument, () => LightningDb.Open(dir.Path, new LightningDbOptions { MemtableSize = 1 }));
        using LightningDb reopened = LightningDb.Open(dir.Path, TestDirectory.SmallOptions());
        Assert.Equal("a=1,b=2", Contents(reopened));
    }

    [Fact]
    public void OpeningAMissingPathWithoutCreateIfMissingFails()
    {
        using var dir = new TestDirectory();
        var options = TestDirectory.SmallOptions();
        options.CreateIfMissing = false;
        Assert.ThrowsAny<LightningException>(() => LightningDb.Open(dir.Path, options));
        Assert.False(Directory.Exists(dir.Path));

        // Once the database exists, CreateIfMissing = false opens it.
        using (LightningDb created = OpenWithData(dir)) { }
        using LightningDb db = LightningDb.Open(dir.Path, options);
        Assert.Equal("a=1,b=2", Contents(db));
    }

    [Fact]
    public void OpeningAPathThatIsAFileFails()
    {
        using var dir = new TestDirectory();
        File.WriteAllText(dir.Path, "not a database");
        Assert.ThrowsAny<LightningException>(() => LightningDb.Open(dir.Path, TestDirectory.SmallOptions()));
        Assert.Equal("not a database", File.ReadAllText(dir.Path));
        File.Delete(dir.Path);
    }

    [Fact]
    public void DisposeWhileOtherThreadsUseTheDatabaseEndsTheirWorkWithObjectDisposed()
    {
        using var dir = new TestDirectory();
        for (int round = 0; round < 3; round++)
        {
            LightningDb db = LightningDb.Open(dir.Path, TestDirectory.SmallOptions(round == 1 ? Durability.Full : Durability.None));
            const int workers = 4;
            var acknowledged = new Dictionary<string, string>[workers];
            var failures = new Exception?[workers];
            using var warmedUp = new CountdownEvent(workers);
            var threads = new Thread[workers];
            for (int t = 0; t < workers; t++)
            {
                int worker = t;
                acknowledged[worker] = new Dictionary<string, string>();
                threads[worker] = new Thread(() =>
                {
                    try
                    {
                        for (int i = 0; ; i++)
                        {
                            if (i == 50) warmedUp.Signal();
                            string key = $"r{round}-w{worker}-{i % 200:D3}", value = $"{i}" + new string('v', i % 300);
                            if (worker < 2)
                            {
                                db.Put(B(key), B(value));
                                acknowledged[worker][key] = value;
                            }
                            else if (worker == 2) _ = db.Scan(null, null, reverse: i % 2 == 0).Count();
                            else
                            {
                                using KvTransaction txn = db.BeginTransaction();
                                _ = txn.Get(B($"r{round}-w0-{i % 200:D3}"));
                                _ = txn.Scan(null, null).Count();
                            }
                        }
                    }
                    catch (Exception error)
                    {
                        failures[worker] = error;
                        if (!warmedUp.IsSet) warmedUp.Signal(); // never leave the main thread waiting
                    }
                });
                threads[worker].Start();
            }
            warmedUp.Wait();
            db.Dispose();
            foreach (Thread thread in threads) thread.Join();

            // Every worker stopped because the database was disposed, and with a LightningException saying so.
            foreach (Exception? failure in failures)
            {
                LightningException error = Assert.IsAssignableFrom<LightningException>(failure);
                Assert.Equal(LightningErrorCode.ObjectDisposed, error.Code);
            }
            using LightningDb reopened = LightningDb.Open(dir.Path, TestDirectory.SmallOptions());
            foreach (Dictionary<string, string> mine in acknowledged.Take(2)) // the writers' acknowledged puts survive
            {
                Assert.NotEmpty(mine);
                foreach (var (key, value) in mine) Assert.Equal(value, S(reopened.Get(B(key))!));
            }
        }
    }

    [Fact]
    public void FailedTransactionOperationsLeaveTheTransactionUsable()
    {
        using var dir = new TestDirectory();
        using LightningDb db = OpenWithData(dir);
        using KvTransaction txn = db.BeginTransaction();
        txn.Put(B("c"), B("3"));
        AssertFails(LightningErrorCode.KeyTooLarge, () => txn.Put(new byte[KvLimits.MaxKeySize + 1], B("x")));
        AssertFails(LightningErrorCode.InvalidArgument, () => txn.Delete([]));
        AssertFails(LightningErrorCode.KeyTooLarge, () => txn.Scan(new byte[KvLimits.MaxKeySize + 1], null));
        Assert.True(txn.IsActive);
        Assert.Equal("3", S(txn.Get(B("c"))!));
        txn.Commit();
        AssertFails(LightningErrorCode.TransactionCompleted, txn.Commit);
        Assert.Equal("a=1,b=2,c=3", Contents(db));
    }

    [Fact]
    public void EmptyPathAndNullBatchAreLightningErrors()
    {
        AssertFails(LightningErrorCode.InvalidArgument, () => LightningDb.Open(""));
        AssertFails(LightningErrorCode.InvalidArgument, () => LightningDb.Open("   "));
        using var dir = new TestDirectory();
        using LightningDb db = OpenWithData(dir);
        AssertFails(LightningErrorCode.InvalidArgument, () => db.Write(null!));
        Assert.Equal("a=1,b=2", Contents(db));
    }
}
