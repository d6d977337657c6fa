namespace Lightning.Kv.Tests;

/// <summary><see cref="WriteBatch"/> and <see cref="LightningDb.Write"/>: atomicity, ordering within a batch, reuse.</summary>
public sealed class WriteBatchTests
{
    private static byte[] B(string text) => System.Text.Encoding.UTF8.GetBytes(text);

    private static string S(byte[] bytes) => System.Text.Encoding.UTF8.GetString(bytes);

    private static Dictionary<string, string> Contents(LightningDb db) =>
        db.Scan(null, null).ToDictionary(e => S(e.Key), e => S(e.Value));

    [Fact]
    public void WriteAppliesEveryOperationAtOnce()
    {
        using var dir = new TestDirectory();
        using LightningDb db = LightningDb.Open(dir.Path, TestDirectory.SmallOptions());
        db.Put(B("doomed"), B("x"));
        db.Put(B("kept"), B("y"));
        db.Flush();

        var batch = new WriteBatch();
        Assert.Equal(0, batch.Count);
        batch.Put(B("a"), B("1"));
        batch.Put(B("b"), B("2"));
        batch.Delete(B("doomed"));
        batch.Put(B("c"), new byte[3000]); // an overflow value
        Assert.Equal(4, batch.Count);
        Assert.True(batch.ByteSize > 3000);

        // Nothing is visible before Write, not even in snapshots taken now and read later.
        Assert.Null(db.Get(B("a")));
        using KvTransaction before = db.BeginTransaction();
        using IEnumerator<KeyValuePair<byte[], byte[]>> scanBefore = db.Scan(null, null).GetEnumerator();

        db.Write(batch);

        Assert.Equal(new Dictionary<string, string> { ["a"] = "1", ["b"] = "2", ["c"] = new string('\0', 3000), ["kept"] = "y" }, Contents(db));
        Assert.Null(before.Get(B("a")));
        Assert.Equal("x", S(before.Get(B("doomed"))!));
        var seenBefore = new List<string>();
        while (scanBefore.MoveNext()) seenBefore.Add(S(scanBefore.Current.Key));
        Assert.Equal(["doomed", "kept"], seenBefore);
    }

    [Fact]
    public void FailedAddLeavesTheBatchAndTheDatabaseUnchanged()
    {
        using var dir = new TestDirectory();
        using LightningDb db = LightningDb.Open(dir.Path, TestDirectory.SmallOptions());
        var batch = new WriteBatch();
        batch.Put(B("a"), B("1"));
        int size = batch.ByteSize;
        Assert.Equal(LightningErrorCode.InvalidArgument, Assert.Throws<LightningException>(() => batch.Put([], B("v"))).Code);
        Assert.Equal(LightningErrorCode.KeyTooLarge, Assert.Throws<LightningException>(() => batch.Delete(new byte[1025])).Code);
        Assert.Equal(1, batch.Count);
        Assert.Equal(size, batch.ByteSize);
        Assert.Empty(Contents(db)); // adding to a batch never writes
        db.Write(batch);
        Assert.Equal(new Dictionary<string, string> { ["a"] = "1" }, Contents(db));
    }

    [Fact]
    public void LaterOperationOnTheSameKeyWins()
    {
        using var dir = new TestDirectory();
        var expected = new Dictionary<string, string> { ["put-put"] = "2", ["delete-put"] = "3", ["put-delete-put"] = "c", ["untouched"] = "u" };
        using (LightningDb db = LightningDb.Open(dir.Path, TestDirectory.SmallOptions()))
        {
            db.Put(B("delete-put"), B("old"));
            db.Put(B("put-delete"), B("old"));
            db.Put(B("untouched"), B("u"));
            db.Flush();
            var batch = new WriteBatch();
            batch.Put(B("put-put"), B("1"));
            batch.Put(B("put-put"), B("2"));
            batch.Put(B("put-delete"), B("1"));
            batch.Delete(B("put-delete"));
            batch.Delete(B("delete-put"));
            batch.Put(B("delete-put"), B("3"));
            batch.Put(B("put-delete-put"), B("a"));
            batch.Delete(B("put-delete-put"));
            batch.Put(B("put-delete-put"), B("c"));
            batch.Delete(B("never"));
            db.Write(batch);
            Assert.Equal(expected, Contents(db));
            Assert.Null(db.Get(B("put-delete")));
            db.Flush();
            Assert.Equal(expected, Contents(db));
        }
        using (LightningDb db = LightningDb.Open(dir.Path, TestDirectory.SmallOptions()))
        {
            Assert.Equal(expected, Contents(db));
        }
    }

    [Fact]
    public void ClearEmptiesTheBatchForReuse()
    {
        using var dir = new TestDirectory();
        using LightningDb db = LightningDb.Open(dir.Path, TestDirectory.SmallOptions());
        var batch = new WriteBatch();
        int emptySize = batch.ByteSize;
        batch.Put(B("discarded"), B("1"));
        batch.Delete(B("also-discarded"));
        batch.Clear();
        Assert.Equal(0, batch.Count);
        Assert.Equal(emptySize, batch.ByteSize);
        batch.Put(B("b"), B("2"));
        db.Write(batch);
        Assert.Equal(new Dictionary<string, string> { ["b"] = "2" }, Contents(db));

        // The batch still holds its operations after Write; changing it afterwards does not touch the database.
        Assert.Equal(1, batch.Count);
        batch.Clear();
        batch.Put(B("b"), B("changed"));
        Assert.Equal("2", S(db.Get(B("b"))!));
        batch.Delete(B("b"));
        db.Write(batch);
        Assert.Null(db.Get(B("b")));

        // Reuse in a loop.
        for (int round = 0; round < 50; round++)
        {
            batch.Clear();
            for (int i = 0; i < 10; i++) batch.Put(B($"r{i}"), B($"round{round}"));
            db.Write(batch);
        }
        Assert.All(Contents(db), e => Assert.Equal("round49", e.Value));
        Assert.Equal(10, Contents(db).Count);
    }

    [Fact]
    public void EmptyBatchIsANoOp()
    {
        using var dir = new TestDirectory();
        using (LightningDb db = LightningDb.Open(dir.Path, TestDirectory.SmallOptions()))
        {
            db.Put(B("a"), B("1"));
            db.Write(new WriteBatch());
            var cleared = new WriteBatch();
            cleared.Put(B("a"), B("overwritten?"));
            cleared.Clear();
            db.Write(cleared);
            Assert.Equal(new Dictionary<string, string> { ["a"] = "1" }, Contents(db));
        }
        using (LightningDb db = LightningDb.Open(dir.Path, TestDirectory.SmallOptions()))
        {
            Assert.Equal(new Dictionary<string, string> { ["a"] = "1" }, Contents(db));
        }
    }

    [Fact]
    public void BatchOfAThousandEntriesIsAppliedWholeAndSurvivesReopen()
    {
        using var dir = new TestDirectory();
        string ValueOf(int i) => $"value-{i}-" + new string((char)('a' + i % 26), i % 7 == 0 ? 1500 : 60);
        using (LightningDb db = LightningDb.Open(dir.Path, TestDirectory.SmallOptions()))
        {
            var batch = new WriteBatch();
            for (int i = 0; i < 1000; i++) batch.Put(B($"key{i:D4}"), B(ValueOf(i)));
            Assert.Equal(1000, batch.Count);
            Assert.True(batch.ByteSize > 64 * 1024); // larger than the whole memtable
            db.Write(batch);
            Dictionary<string, string> contents = Contents(db);
            Assert.Equal(1000, contents.Count);
            for (int i = 0; i < 1000; i++) Assert.Equal(ValueOf(i), contents[$"key{i:D4}"]);
            db.Put(B("after"), B("x")); // the next write rotates the oversized memtable
        }
        using (LightningDb db = LightningDb.Open(dir.Path, TestDirectory.SmallOptions()))
        {
            Dictionary<string, string> contents = Contents(db);
            Assert.Equal(1001, contents.Count);
            for (int i = 0; i < 1000; i++) Assert.Equal(ValueOf(i), contents[$"key{i:D4}"]);

            var deletes = new WriteBatch();
            for (int i = 0; i < 1000; i += 2) deletes.Delete(B($"key{i:D4}"));
            db.Write(deletes);
            db.Flush();
            contents = Contents(db);
            Assert.Equal(501, contents.Count);
            for (int i = 1; i < 1000; i += 2) Assert.Equal(ValueOf(i), contents[$"key{i:D4}"]);

            deletes.Clear(); // now empty the database entirely
            foreach (string key in contents.Keys) deletes.Delete(B(key));
            db.Write(deletes);
            db.Flush();
            Assert.Empty(Contents(db));
        }
        using (LightningDb db = LightningDb.Open(dir.Path, TestDirectory.SmallOptions()))
        {
            Assert.Empty(Contents(db));
            Assert.Empty(db.Scan(null, null, reverse: true));
            Assert.Null(db.Get(B("key0001")));
            db.Put(B("key0001"), B("back"));
            db.Flush();
            Assert.Equal(new Dictionary<string, string> { ["key0001"] = "back" }, Contents(db));
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void DeleteInBatchRemovesKeysFromMemtableAndTree(bool reopen)
    {
        using var dir = new TestDirectory();
        LightningDb db = LightningDb.Open(dir.Path, TestDirectory.SmallOptions());
        try
        {
            db.Put(B("in-tree"), B("t"));
            db.Put(B("overflow-in-tree"), new byte[5000]);
            db.Flush();
            db.Put(B("in-memtable"), B("m"));
            db.Put(B("survivor"), B("s"));
            var batch = new WriteBatch();
            batch.Delete(B("in-tree"));
            batch.Delete(B("overflow-in-tree"));
            batch.Delete(B("in-memtable"));
            batch.Delete(B("absent"));
            batch.Put(B("added"), B("a"));
            db.Write(batch);
            if (reopen)
            {
                db.Dispose();
                db = LightningDb.Open(dir.Path, TestDirectory.SmallOptions());
            }
            Assert.Equal(new Dictionary<string, string> { ["added"] = "a", ["survivor"] = "s" }, Contents(db));
            Assert.Null(db.Get(B("in-tree")));
            Assert.Null(db.Get(B("overflow-in-tree")));
            Assert.False(db.TryGet(B("in-memtable"), new byte[10], out _));
            db.Flush();
            Assert.Equal(new Dictionary<string, string> { ["added"] = "a", ["survivor"] = "s" }, Contents(db));
        }
        finally
        {
            db.Dispose();
        }
    }
}
