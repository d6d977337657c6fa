using Lightning.Kv.Iterators;

namespace Lightning.Kv.Tests.Iterators;

/// <summary>
/// <see cref="KvCursor"/>: the lending scan the SQL layer reads rows through. It must yield exactly what the copying
/// <see cref="LightningDb.Scan"/> yields, from every source (memtables, level-0 runs, tree, a transaction's own writes),
/// both ways, and hold its snapshot until it ends or is disposed.
/// </summary>
public sealed class KvCursorTests : IDisposable
{
    private readonly TestDirectory _dir = new("cursor");
    private readonly LightningDb _db;

    public KvCursorTests() => _db = LightningDb.Open(_dir.Path, TestDirectory.SmallOptions());

    public void Dispose()
    {
        _db.Dispose();
        _dir.Dispose();
    }

    private static byte[] K(int i) => System.Text.Encoding.UTF8.GetBytes($"k{i:D4}");

    private static List<string> Drain(KvCursor cursor)
    {
        var seen = new List<string>();
        using (cursor)
        {
            while (cursor.MoveNext())
                seen.Add(System.Text.Encoding.UTF8.GetString(cursor.Key) + "=" + System.Text.Encoding.UTF8.GetString(cursor.Value));
        }
        return seen;
    }

    private static List<string> Copy(IEnumerable<KeyValuePair<byte[], byte[]>> scan) =>
        scan.Select(e => System.Text.Encoding.UTF8.GetString(e.Key) + "=" + System.Text.Encoding.UTF8.GetString(e.Value)).ToList();

    [Fact]
    public void LendsWhatScanCopiesFromEverySourceBothWaysAndWithinBounds()
    {
        for (int i = 0; i < 300; i += 3) _db.Put(K(i), "tree"u8);
        _db.Flush();
        for (int i = 0; i < 300; i += 5) _db.Put(K(i), "run"u8);
        _db.Delete(K(9));
        _db.FlushMemtables();
        for (int i = 0; i < 300; i += 7) _db.Put(K(i), "memtable"u8);
        _db.Delete(K(15));
        using KvTransaction txn = _db.BeginTransaction();
        txn.Put(K(1), "own"u8);
        txn.Delete(K(21));

        foreach (bool reverse in new[] { false, true })
        {
            foreach ((byte[]? from, byte[]? to) in new[] { ((byte[]?)null, (byte[]?)null), (K(40), K(200)), (K(299), null) })
            {
                Assert.Equal(Copy(_db.Scan(from, to, reverse)), Drain(KvCursor.Open(_db, null, from, to, reverse)));
                Assert.Equal(Copy(txn.Scan(from, to, reverse)), Drain(txn.OpenCursor(from, to, reverse)));
            }
        }
        Assert.Contains("k0001=own", Drain(txn.OpenCursor(null, null, false)));
        Assert.DoesNotContain(Drain(txn.OpenCursor(null, null, false)), e => e.StartsWith("k0021=", StringComparison.Ordinal));
    }

    [Fact]
    public void AnOpenCursorKeepsItsSnapshotAndItsRunsUntilDisposed()
    {
        for (int i = 0; i < 50; i++) _db.Put(K(i), "old"u8);
        _db.FlushMemtables();
        KvCursor cursor = KvCursor.Open(_db, null, null, null, false);
        Assert.True(cursor.MoveNext());
        for (int i = 0; i < 50; i++) _db.Put(K(i), "new"u8);
        _db.Flush(); // merges the run the cursor reads into the tree
        int count = 1;
        while (cursor.MoveNext())
        {
            Assert.Equal("old", System.Text.Encoding.UTF8.GetString(cursor.Value));
            count++;
        }
        Assert.Equal(50, count);
        Assert.False(cursor.MoveNext()); // ended: released, stays ended
        cursor.Dispose();
        Assert.Empty(Directory.GetFiles(Path.Combine(_dir.Path, "l0"), "*.sst"));
    }

    [Fact]
    public void EveryScanIsCountedOnceWhetherItEndsOrIsDisposedEarly()
    {
        for (int i = 0; i < 10; i++) _db.Put(K(i), "v"u8);
        long before = _db.GetMetrics().Scans.Count;
        Assert.Equal(10, _db.Scan(null, null).Count());                      // runs to its end
        using (KvTransaction txn = _db.BeginTransaction())
            Assert.Equal(K(0), txn.Scan(null, null).First().Key);            // disposed after one entry
        KvCursor cursor = KvCursor.Open(_db, null, K(3), K(5), reverse: false);
        while (cursor.MoveNext()) { }
        cursor.Dispose();                                                    // ended, then disposed: still one
        Assert.Equal(before + 3, _db.GetMetrics().Scans.Count);
    }
}
