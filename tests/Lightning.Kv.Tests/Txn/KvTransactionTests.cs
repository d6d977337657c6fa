namespace Lightning.Kv.Tests.Txn;

/// <summary><see cref="KvTransaction"/>: read-your-writes, snapshot isolation, conflicts, scans and lifecycle.</summary>
public sealed class KvTransactionTests
{
    private static byte[] B(string text) => System.Text.Encoding.UTF8.GetBytes(text);

    private static string S(byte[] bytes) => System.Text.Encoding.UTF8.GetString(bytes);

    private static string? Str(byte[]? bytes) => bytes is null ? null : S(bytes);

    private static string Render(IEnumerable<KeyValuePair<byte[], byte[]>> scan) =>
        string.Join(",", scan.Select(e => S(e.Key) + "=" + S(e.Value)));

    [Fact]
    public void ARestartedTransactionReadsAFreshSnapshotAndCanWriteAgain()
    {
        using var dir = new TestDirectory("txn-restart");
        using LightningDb db = LightningDb.Open(dir.Path, TestDirectory.SmallOptions());
        db.Put(B("k"), B("1"));
        KvTransaction txn = db.BeginTransaction();
        Assert.Throws<InvalidOperationException>(txn.Restart); // still active
        db.Put(B("k"), B("2"));
        Assert.Equal("1", System.Text.Encoding.UTF8.GetString(txn.Get(B("k"))!)); // its snapshot
        txn.Dispose();
        Assert.Throws<LightningException>(() => txn.Get(B("k")));

        txn.Restart();
        Assert.True(txn.IsActive);
        Assert.Equal("2", System.Text.Encoding.UTF8.GetString(txn.Get(B("k"))!)); // a fresh snapshot
        db.Put(B("k"), B("3"));
        txn.Put(B("k"), B("mine"));
        Assert.Throws<LightningConflictException>(txn.Commit); // conflicts are judged against the new snapshot
        txn.Restart();
        txn.Put(B("k"), B("mine"));
        txn.Commit();
        Assert.Equal("mine", System.Text.Encoding.UTF8.GetString(db.Get(B("k"))!));
        txn.Restart();
        txn.Dispose(); // releases its version: a flush and compaction can retire everything it pinned
        db.Flush();
        Assert.True(db.Verify().IsValid);
    }

    [Fact]
    public void ReadsSeeTheTransactionsOwnWrites()
    {
        using var dir = new TestDirectory();
        using LightningDb db = LightningDb.Open(dir.Path, TestDirectory.SmallOptions());
        db.Put(B("committed"), B("c"));
        db.Put(B("doomed"), B("d"));
        using KvTransaction txn = db.BeginTransaction();
        Assert.True(txn.IsActive);
        txn.Put(B("new"), B("n"));
        txn.Put(B("committed"), B("c2"));
        txn.Delete(B("doomed"));
        txn.Put(B("put-then-delete"), B("x"));
        txn.Delete(B("put-then-delete"));
        txn.Delete(B("delete-then-put"));
        txn.Put(B("delete-then-put"), B("p"));
        txn.Put(B("empty"), []);

        Assert.Equal("n", Str(txn.Get(B("new"))));
        Assert.Equal("c2", Str(txn.Get(B("committed"))));
        Assert.Null(txn.Get(B("doomed")));
        Assert.Null(txn.Get(B("put-then-delete")));
        Assert.Equal("p", Str(txn.Get(B("delete-then-put"))));
        Assert.Equal("", Str(txn.Get(B("empty"))));

        // Nothing is visible outside before Commit.
        Assert.Null(db.Get(B("new")));
        Assert.Equal("c", Str(db.Get(B("committed"))));
        Assert.Equal("d", Str(db.Get(B("doomed"))));

        txn.Commit();
        Assert.False(txn.IsActive);
        Assert.Equal("committed=c2,delete-then-put=p,empty=,new=n", Render(db.Scan(null, null)));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ContainsAgreesWithGetWithoutCopying(bool flushed)
    {
        using var dir = new TestDirectory();
        using LightningDb db = LightningDb.Open(dir.Path, TestDirectory.SmallOptions());
        db.Put(B("small"), B("s"));
        db.Put(B("empty"), []);
        db.Put(B("large"), new byte[20_000]);
        db.Put(B("deleted"), B("d"));
        db.Delete(B("deleted"));
        db.Put(B("mine-deleted"), B("m"));
        if (flushed) db.Flush();
        using KvTransaction txn = db.BeginTransaction();
        txn.Put(B("mine"), []);
        txn.Delete(B("mine-deleted"));
        db.Put(B("later"), B("l")); // after the snapshot: invisible

        foreach (string key in new[] { "small", "empty", "large", "deleted", "mine", "mine-deleted", "later", "absent" })
            Assert.Equal(txn.Get(B(key)) is not null, txn.Contains(B(key)));
        Assert.True(txn.Contains(B("large")));
        Assert.False(txn.Contains(B("later")));
        txn.Rollback();
        Assert.Throws<LightningException>(() => txn.Contains(B("small")));
    }

    [Fact]
    public void GetReturnsACopyNotTheBufferedValue()
    {
        using var dir = new TestDirectory();
        using LightningDb db = LightningDb.Open(dir.Path, TestDirectory.SmallOptions());
        using KvTransaction txn = db.BeginTransaction();
        byte[] value = B("abc");
        txn.Put(B("k"), value);
        value[0] = (byte)'X'; // the transaction copied the value at Put
        byte[] read = txn.Get(B("k"))!;
        read[1] = (byte)'Y';
        Assert.Equal("abc", Str(txn.Get(B("k"))));
        txn.Commit();
        Assert.Equal("abc", Str(db.Get(B("k"))));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TransactionDoesNotSeeCommitsAfterItBegan(bool flushAfterwards)
    {
        using var dir = new TestDirectory();
        using LightningDb db = LightningDb.Open(dir.Path, TestDirectory.SmallOptions());
        db.Put(B("a"), B("1"));
        db.Put(B("b"), B("1"));
        db.Put(B("c"), B("1"));
        using KvTransaction txn = db.BeginTransaction();
        db.Put(B("a"), B("2"));
        db.Delete(B("b"));
        db.Put(B("d"), B("2"));
        var batch = new WriteBatch();
        for (int i = 0; i < 500; i++) batch.Put(B($"e{i:D3}"), new byte[200]); // enough to fill several memtables
        db.Write(batch);
        if (flushAfterwards) db.Flush();

        Assert.Equal("1", Str(txn.Get(B("a"))));
        Assert.Equal("1", Str(txn.Get(B("b"))));
        Assert.Null(txn.Get(B("d")));
        Assert.Null(txn.Get(B("e000")));
        Assert.Equal("a=1,b=1,c=1", Render(txn.Scan(null, null)));
        Assert.Equal("c=1,b=1,a=1", Render(txn.Scan(null, null, reverse: true)));

        Assert.Equal("2", Str(db.Get(B("a"))));
        Assert.Null(db.Get(B("b")));
        Assert.Equal("2", Str(db.Get(B("d"))));
        Assert.Equal(503, db.Scan(null, null).Count());
        txn.Commit(); // read-only: no conflict even though everything it read changed
    }

    [Fact]
    public void RollbackAndDisposeDiscardWrites()
    {
        using var dir = new TestDirectory();
        using LightningDb db = LightningDb.Open(dir.Path, TestDirectory.SmallOptions());
        db.Put(B("k"), B("original"));
        using (KvTransaction txn = db.BeginTransaction())
        {
            txn.Put(B("k"), B("rolled-back"));
            txn.Put(B("other"), B("x"));
            txn.Rollback();
            Assert.False(txn.IsActive);
        }
        using (KvTransaction txn = db.BeginTransaction())
        {
            txn.Delete(B("k"));
            txn.Put(B("other"), B("y"));
        } // disposed without Commit
        Assert.Equal("k=original", Render(db.Scan(null, null)));
        db.Flush();
        Assert.Equal("k=original", Render(db.Scan(null, null)));
    }

    [Theory]
    [InlineData(false, "txn")]
    [InlineData(true, "txn")]
    [InlineData(false, "put")]
    [InlineData(false, "delete")]
    [InlineData(true, "batch")]
    public void SecondCommitterOfTheSameKeyConflictsAndWritesNothing(bool loserDeletes, string winner)
    {
        using var dir = new TestDirectory();
        using LightningDb db = LightningDb.Open(dir.Path, TestDirectory.SmallOptions());
        db.Put(B("shared"), B("base"));
        using KvTransaction first = db.BeginTransaction();
        using KvTransaction second = db.BeginTransaction();
        second.Put(B("only-second"), B("s"));
        if (loserDeletes) second.Delete(B("shared"));
        else second.Put(B("shared"), B("second"));

        switch (winner)
        {
            case "txn":
                first.Put(B("shared"), B("first"));
                first.Put(B("only-first"), B("f"));
                first.Commit();
                break;
            case "put":
                db.Put(B("shared"), B("first"));
                break;
            case "delete":
                db.Delete(B("shared"));
                break;
            default:
                var batch = new WriteBatch();
                batch.Put(B("only-first"), B("f"));
                batch.Put(B("shared"), B("first"));
                db.Write(batch);
                break;
        }

        var conflict = Assert.Throws<LightningConflictException>(second.Commit);
        Assert.Equal(LightningErrorCode.Conflict, conflict.Code);
        Assert.True(conflict.IsTransient);
        Assert.False(second.IsActive);
        Assert.Equal(LightningErrorCode.TransactionCompleted, Assert.Throws<LightningException>(second.Commit).Code);

        Assert.Equal(winner == "delete" ? null : "first", Str(db.Get(B("shared"))));
        Assert.Null(db.Get(B("only-second")));
        Assert.Equal(winner is "txn" or "batch" ? "f" : null, Str(db.Get(B("only-first"))));

        // A retry from a fresh snapshot succeeds.
        using KvTransaction retry = db.BeginTransaction();
        retry.Put(B("shared"), B("retried"));
        retry.Commit();
        Assert.Equal("retried", Str(db.Get(B("shared"))));
    }

    [Fact]
    public void TransactionsWritingDifferentKeysBothCommit()
    {
        using var dir = new TestDirectory();
        using LightningDb db = LightningDb.Open(dir.Path, TestDirectory.SmallOptions());
        db.Put(B("read-by-both"), B("r"));
        using KvTransaction first = db.BeginTransaction();
        using KvTransaction second = db.BeginTransaction();
        Assert.Equal("r", Str(first.Get(B("read-by-both"))));
        Assert.Equal("r", Str(second.Get(B("read-by-both"))));
        first.Put(B("a"), B("1"));
        second.Put(B("b"), B("2"));
        second.Delete(B("c"));
        first.Commit();
        second.Commit();
        Assert.Equal("a=1,b=2,read-by-both=r", Render(db.Scan(null, null)));
    }

    [Fact]
    public void ReadOnlyTransactionsNeverConflict()
    {
        using var dir = new TestDirectory();
        using LightningDb db = LightningDb.Open(dir.Path, TestDirectory.SmallOptions());
        db.Put(B("k"), B("1"));
        using KvTransaction reader = db.BeginTransaction();
        using KvTransaction emptyWriter = db.BeginTransaction();
        Assert.Equal("1", Str(reader.Get(B("k"))));
        Assert.Equal("k=1", Render(reader.Scan(null, null)));
        emptyWriter.Put(B("k"), B("never"));
        emptyWriter.Delete(B("k")); // a delete still counts as a write
        for (int i = 0; i < 300; i++) db.Put(B("k"), new byte[500]);
        db.Flush();
        Assert.Equal("1", Str(reader.Get(B("k"))));
        reader.Commit();
        Assert.Throws<LightningConflictException>(emptyWriter.Commit);
        Assert.Equal(500, db.Get(B("k"))!.Length);
    }

    [Fact]
    public void FlushAfterConcurrentWritesMakesOlderTransactionsConflictUntilRetried()
    {
        using var dir = new TestDirectory();
        using LightningDb db = LightningDb.Open(dir.Path, TestDirectory.SmallOptions());
        using KvTransaction txn = db.BeginTransaction();
        txn.Put(B("mine"), B("1"));
        db.Put(B("unrelated"), B("x"));
        db.Flush();
        // Documented: once writes newer than the snapshot reached the tree, conflicts cannot be ruled out.
        Assert.Equal(LightningErrorCode.Conflict, Assert.Throws<LightningConflictException>(txn.Commit).Code);
        Assert.Null(db.Get(B("mine")));
        using KvTransaction retry = db.BeginTransaction();
        retry.Put(B("mine"), B("1"));
        retry.Commit();
        Assert.Equal("1", Str(db.Get(B("mine"))));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ScanMergesOwnWritesInBothDirections(bool committedInTree)
    {
        using var dir = new TestDirectory();
        using LightningDb db = LightningDb.Open(dir.Path, TestDirectory.SmallOptions());
        foreach (string key in new[] { "a", "c", "e", "g", "i" }) db.Put(B(key), B(key.ToUpperInvariant()));
        if (committedInTree) db.Flush();
        using KvTransaction txn = db.BeginTransaction();
        db.Put(B("f"), B("later")); // committed after the snapshot: invisible
        txn.Put(B("b"), B("own"));
        txn.Put(B("c"), B("own"));   // overwrites a committed key
        txn.Delete(B("e"));          // hides a committed key
        txn.Delete(B("z"));          // deleting an absent key
        txn.Put(B("j"), B("own"));
        txn.Put(B("0"), B("own"));
        txn.Delete(B("0"));          // own put then delete

        Assert.Equal("a=A,b=own,c=own,g=G,i=I,j=own", Render(txn.Scan(null, null)));
        Assert.Equal("j=own,i=I,g=G,c=own,b=own,a=A", Render(txn.Scan(null, null, reverse: true)));
        Assert.Equal("b=own,c=own", Render(txn.Scan(B("b"), B("e"))));
        Assert.Equal("c=own,b=own", Render(txn.Scan(B("b"), B("e"), reverse: true)));
        Assert.Equal("c=own,g=G", Render(txn.Scan(B("bb"), B("h"))));
        Assert.Equal("g=G,c=own", Render(txn.Scan(B("bb"), B("h"), reverse: true)));
        Assert.Equal("", Render(txn.Scan(B("e"), B("f"))));
        Assert.Equal("", Render(txn.Scan(B("j"), B("b"))));
        Assert.Equal("i=I,j=own", Render(txn.Scan(B("i"), null)));
        Assert.Equal("b=own,a=A", Render(txn.Scan(null, B("c"), reverse: true)));

        txn.Commit();
        Assert.Equal("a=A,b=own,c=own,f=later,g=G,i=I,j=own", Render(db.Scan(null, null)));
    }

    [Fact]
    public void CompletedTransactionsRejectFurtherUse()
    {
        using var dir = new TestDirectory();
        using LightningDb db = LightningDb.Open(dir.Path, TestDirectory.SmallOptions());
        KvTransaction committed = db.BeginTransaction();
        committed.Put(B("k"), B("v"));
        IEnumerable<KeyValuePair<byte[], byte[]>> scanCreatedBefore = committed.Scan(null, null);
        committed.Commit();
        Assert.Equal(LightningErrorCode.TransactionCompleted,
            Assert.Throws<LightningException>(() => scanCreatedBefore.GetEnumerator()).Code);
        KvTransaction rolledBack = db.BeginTransaction();
        rolledBack.Rollback();
        KvTransaction disposed = db.BeginTransaction();
        disposed.Dispose();

        foreach (KvTransaction txn in new[] { committed, rolledBack, disposed })
        {
            Assert.False(txn.IsActive);
            Action[] uses =
            [
                txn.Commit,
                txn.Rollback,
                () => txn.Get(B("k")),
                () => txn.Put(B("k"), B("x")),
                () => txn.Delete(B("k")),
                () => txn.Scan(null, null),
            ];
            foreach (Action use in uses)
                Assert.Equal(LightningErrorCode.TransactionCompleted, Assert.Throws<LightningException>(use).Code);
            txn.Dispose(); // disposing a completed transaction is harmless
        }
        Assert.Equal("v", Str(db.Get(B("k"))));
    }

    [Fact]
    public void TransactionsOnADisposedDatabaseFailWithObjectDisposed()
    {
        using var dir = new TestDirectory();
        LightningDb db = LightningDb.Open(dir.Path, TestDirectory.SmallOptions());
        db.Put(B("k"), B("v"));
        KvTransaction open = db.BeginTransaction();
        open.Put(B("pending"), B("p"));
        IEnumerable<KeyValuePair<byte[], byte[]>> scan = open.Scan(null, null);
        db.Dispose();

        Assert.Equal(LightningErrorCode.ObjectDisposed, Assert.Throws<LightningException>(db.BeginTransaction).Code);
        Action[] uses = [() => open.Get(B("k")), () => open.Put(B("k"), B("x")), open.Commit, () => scan.GetEnumerator()];
        foreach (Action use in uses)
            Assert.Equal(LightningErrorCode.ObjectDisposed, Assert.Throws<LightningException>(use).Code);
        open.Dispose();

        using LightningDb reopened = LightningDb.Open(dir.Path, TestDirectory.SmallOptions());
        Assert.Equal("k=v", Render(reopened.Scan(null, null)));
    }

    [Fact]
    public void LargeTransactionCommitsAtomicallyAndSurvivesReopen()
    {
        using var dir = new TestDirectory();
        using (LightningDb db = LightningDb.Open(dir.Path, TestDirectory.SmallOptions()))
        {
            for (int i = 0; i < 2000; i += 3) db.Put(B($"k{i:D4}"), B("old"));
            db.Flush();
            using KvTransaction txn = db.BeginTransaction();
            for (int i = 0; i < 2000; i++)
            {
                if (i % 3 == 0 && i % 2 == 0) txn.Delete(B($"k{i:D4}"));
                else txn.Put(B($"k{i:D4}"), B($"new{i}" + new string('x', i % 3 == 1 ? 1500 : 20)));
            }
            Assert.Equal("old", Str(db.Get(B("k0003"))));
            txn.Commit();
        }
        using (LightningDb db = LightningDb.Open(dir.Path, TestDirectory.SmallOptions()))
        {
            List<KeyValuePair<byte[], byte[]>> all = db.Scan(null, null).ToList();
            Assert.Equal(2000 - Enumerable.Range(0, 2000).Count(i => i % 6 == 0), all.Count);
            Assert.All(all, e => Assert.StartsWith("new" + int.Parse(S(e.Key)[1..]), S(e.Value)));
        }
    }
}
