namespace Lightning.Kv.Tests;

/// <summary>The basic public contract of <see cref="LightningDb"/>: point operations, TryGet, scans and reopen.</summary>
public sealed class LightningDbTests
{
    private static byte[] B(string text) => System.Text.Encoding.UTF8.GetBytes(text);

    private static string S(byte[] bytes) => System.Text.Encoding.UTF8.GetString(bytes);

    private static List<string> Keys(IEnumerable<KeyValuePair<byte[], byte[]>> scan) => scan.Select(e => S(e.Key)).ToList();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void PutGetOverwriteAndDelete(bool flushBetween)
    {
        using var dir = new TestDirectory();
        using LightningDb db = LightningDb.Open(dir.Path, TestDirectory.SmallOptions());
        Assert.Null(db.Get(B("a")));
        db.Put(B("a"), B("1"));
        db.Put(B("b"), B("2"));
        Assert.Equal("1", S(db.Get(B("a"))!));
        if (flushBetween) db.Flush();
        db.Put(B("a"), B("one"));
        Assert.Equal("one", S(db.Get(B("a"))!));
        db.Delete(B("b"));
        Assert.Null(db.Get(B("b")));
        db.Delete(B("never-written")); // deleting an absent key is not an error
        if (flushBetween) db.Flush();
        Assert.Equal("one", S(db.Get(B("a"))!));
        Assert.Null(db.Get(B("b")));
        Assert.Equal(["a"], Keys(db.Scan(null, null)));
        db.Put(B("b"), B("again"));
        Assert.Equal("again", S(db.Get(B("b"))!));
    }

    [Fact]
    public void KeysAndValuesAreCopiedInAndOut()
    {
        using var dir = new TestDirectory();
        using LightningDb db = LightningDb.Open(dir.Path, TestDirectory.SmallOptions());
        byte[] key = B("key"), value = B("value");
        db.Put(key, value);
        key[0] = (byte)'X';
        value[0] = (byte)'X';
        byte[] read = db.Get(B("key"))!;
        read[1] = (byte)'Y';
        Assert.Equal("value", S(db.Get(B("key"))!));
        foreach (KeyValuePair<byte[], byte[]> entry in db.Scan(null, null))
        {
            entry.Key[0] = (byte)'Z';
            entry.Value[0] = (byte)'Z';
        }
        Assert.Equal("key=value", string.Join(",", db.Scan(null, null).Select(e => S(e.Key) + "=" + S(e.Value))));
        Assert.Null(db.Get(key));
    }

    [Fact]
    public void EmptyValueIsDistinctFromAbsentKey()
    {
        using var dir = new TestDirectory();
        var options = TestDirectory.SmallOptions();
        using (LightningDb db = LightningDb.Open(dir.Path, options))
        {
            db.Put(B("empty"), ReadOnlySpan<byte>.Empty);
            db.Put(B("flushed-empty"), Array.Empty<byte>());
            db.Flush();
            db.Put(B("memtable-empty"), Array.Empty<byte>());
            foreach (string key in new[] { "empty", "flushed-empty", "memtable-empty" })
            {
                byte[]? value = db.Get(B(key));
                Assert.NotNull(value);
                Assert.Empty(value);
                Assert.True(db.TryGet(B(key), Span<byte>.Empty, out int length));
                Assert.Equal(0, length);
            }
            Assert.Null(db.Get(B("absent")));
        }
        using (LightningDb db = LightningDb.Open(dir.Path, options))
        {
            Assert.Equal(["empty", "flushed-empty", "memtable-empty"], Keys(db.Scan(null, null)));
            Assert.All(db.Scan(null, null), e => Assert.Empty(e.Value));
            Assert.NotNull(db.Get(B("memtable-empty")));
            Assert.Null(db.Get(B("absent")));
        }
    }

    [Theory]
    [InlineData(false, 5)]
    [InlineData(true, 5)]
    [InlineData(false, 3000)] // an overflow value at 4 KiB pages
    [InlineData(true, 3000)]
    public void TryGetCopiesFittingValuesAndReportsLengthOtherwise(bool flushed, int size)
    {
        using var dir = new TestDirectory();
        using LightningDb db = LightningDb.Open(dir.Path, TestDirectory.SmallOptions());
        byte[] value = Enumerable.Range(0, size).Select(i => (byte)(i * 31 + 7)).ToArray();
        db.Put(B("k"), value);
        db.Put(B("gone"), B("x"));
        db.Delete(B("gone"));
        if (flushed) db.Flush();

        var large = new byte[size + 10];
        large.AsSpan().Fill(0xEE);
        Assert.True(db.TryGet(B("k"), large, out int length));
        Assert.Equal(size, length);
        Assert.Equal(value, large[..size]);
        Assert.All(large[size..], b => Assert.Equal(0xEE, b)); // nothing written past the value

        var exact = new byte[size];
        Assert.True(db.TryGet(B("k"), exact, out length));
        Assert.Equal(size, length);
        Assert.Equal(value, exact);

        var small = new byte[size - 1];
        small.AsSpan().Fill(0xEE);
        Assert.True(db.TryGet(B("k"), small, out length));
        Assert.Equal(size, length);
        Assert.All(small, b => Assert.Equal(0xEE, b)); // nothing copied when it does not fit

        Assert.False(db.TryGet(B("absent"), large, out length));
        Assert.Equal(0, length);
        Assert.False(db.TryGet(B("gone"), large, out length));
        Assert.Equal(0, length);
    }

    public static TheoryData<int> Layouts => new() { 0, 1, 2 };

    /// <summary>Layout 0: all in the memtable; 1: all in the tree; 2: tree plus memtable overwrites and deletes.</summary>
    private static LightningDb OpenScanFixture(TestDirectory dir, int layout)
    {
        LightningDb db = LightningDb.Open(dir.Path, TestDirectory.SmallOptions());
        string[] keys = layout == 2 ? ["b", "d", "e", "f", "h"] : ["b", "d", "f", "h"];
        foreach (string key in keys) db.Put(B(key), B("v" + key));
        if (layout >= 1) db.Flush();
        if (layout == 2)
        {
            db.Delete(B("e"));
            db.Put(B("a"), B("va"));
            db.Delete(B("a"));
            db.Put(B("h"), B("old"));
            db.Put(B("h"), B("vh"));
        }
        return db;
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public void ScanHonoursBoundsInBothDirections(int layout)
    {
        using var dir = new TestDirectory();
        using LightningDb db = OpenScanFixture(dir, layout);
        (string? From, string? To, string Expected)[] cases =
        [
            (null, null, "b,d,f,h"),
            ("d", "h", "d,f"),       // from inclusive, to exclusive
            ("c", "g", "d,f"),       // bounds that are not keys
            ("b", "c", "b"),
            ("a", "b", ""),
            ("d", "d", ""),          // empty range
            ("h", "d", ""),          // from > to
            ("z", "a", ""),
            (null, "d", "b"),
            (null, "a", ""),
            ("f", null, "f,h"),
            ("i", null, ""),
            ("h", null, "h"),
            (null, "h\0", "b,d,f,h"),
            ("", null, "b,d,f,h"),   // an empty lower bound is below every key
            (null, "", ""),          // and an empty upper bound excludes them all
        ];
        foreach ((string? from, string? to, string expected) in cases)
        {
            byte[]? f = from is null ? null : B(from);
            byte[]? t = to is null ? null : B(to);
            List<KeyValuePair<byte[], byte[]>> forward = db.Scan(f, t).ToList();
            Assert.Equal(expected, string.Join(",", forward.Select(e => S(e.Key))));
            Assert.All(forward, e => Assert.Equal("v" + S(e.Key), S(e.Value)));
            string reversed = string.Join(",", Enumerable.Reverse(expected.Split(',', StringSplitOptions.RemoveEmptyEntries)));
            Assert.Equal(reversed, string.Join(",", Keys(db.Scan(f, t, reverse: true))));
        }
    }

    [Fact]
    public void ScanEnumerableCanBeEnumeratedAgainAndSeesNewData()
    {
        using var dir = new TestDirectory();
        using LightningDb db = LightningDb.Open(dir.Path, TestDirectory.SmallOptions());
        db.Put(B("a"), B("1"));
        IEnumerable<KeyValuePair<byte[], byte[]>> scan = db.Scan(null, null);
        Assert.Equal(["a"], Keys(scan));
        db.Put(B("b"), B("2"));
        Assert.Equal(["a", "b"], Keys(scan)); // each enumeration takes its own snapshot
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ScanSeesOneSnapshotWhileWritesContinue(bool reverse)
    {
        using var dir = new TestDirectory();
        using LightningDb db = LightningDb.Open(dir.Path, TestDirectory.SmallOptions());
        var filler = new byte[300];
        for (int i = 0; i < 1000; i++) db.Put(B($"k{i:D4}"), [.. B("v0:"), .. filler]);
        db.Flush();
        for (int i = 0; i < 1000; i += 2) db.Put(B($"k{i:D4}"), [.. B("v0:"), .. filler]); // some in the memtable too

        var seen = new List<string>();
        int round = 0;
        foreach (KeyValuePair<byte[], byte[]> entry in db.Scan(B("k0000"), B("k9999"), reverse))
        {
            Assert.Equal("v0:", S(entry.Value[..3]));
            seen.Add(S(entry.Key));
            if (seen.Count % 100 == 1)
            {
                // Rewrite, delete and insert inside the range, and push it all through the tree.
                round++;
                for (int i = 0; i < 1000; i++)
                {
                    if (i % 7 == round % 7) db.Delete(B($"k{i:D4}"));
                    else db.Put(B($"k{i:D4}"), [.. B($"v{round}:"), .. filler]);
                    db.Put(B($"k{i:D4}-new{round}"), B("x"));
                }
                db.Flush();
            }
        }
        List<string> expected = Enumerable.Range(0, 1000).Select(i => $"k{i:D4}").ToList();
        if (reverse) expected.Reverse();
        Assert.Equal(expected, seen);
        Assert.True(round >= 10);
        // A new scan sees the latest state: the last round's deletes, every round's new keys.
        int deleted = Enumerable.Range(0, 1000).Count(i => i % 7 == round % 7);
        Assert.Equal(1000 - deleted + 1000 * round, db.Scan(null, null).Count());
    }

    [Fact]
    public void LargeValuesSurviveFlushAndReopen()
    {
        using var dir = new TestDirectory();
        var random = new Random(1234);
        var values = new Dictionary<string, byte[]>
        {
            ["v1m"] = new byte[1 << 20],
            ["v10m"] = new byte[10 << 20],
            ["v64m"] = new byte[64 << 20],
            ["v-small"] = B("small"),
        };
        foreach (byte[] value in values.Values.Where(v => v.Length > 100)) random.NextBytes(value);
        using (LightningDb db = LightningDb.Open(dir.Path, TestDirectory.SmallOptions()))
        {
            foreach (var (key, value) in values) db.Put(B(key), value);
            foreach (var (key, value) in values) Assert.True(value.AsSpan().SequenceEqual(db.Get(B(key))));
            db.Flush();
            foreach (var (key, value) in values) Assert.True(value.AsSpan().SequenceEqual(db.Get(B(key))));
            db.Put(B("v1m"), values["v1m"].AsSpan(0, 1000)); // shrink one, freeing its overflow pages
            values["v1m"] = values["v1m"][..1000];
        }
        using (LightningDb db = LightningDb.Open(dir.Path, TestDirectory.SmallOptions()))
        {
            foreach (var (key, value) in values) Assert.True(value.AsSpan().SequenceEqual(db.Get(B(key))), key);
            var buffer = new byte[10 << 20];
            Assert.True(db.TryGet(B("v10m"), buffer, out int length));
            Assert.Equal(10 << 20, length);
            Assert.True(values["v10m"].AsSpan().SequenceEqual(buffer));
            Assert.True(db.TryGet(B("v64m"), buffer, out length));
            Assert.Equal(64 << 20, length);
            List<KeyValuePair<byte[], byte[]>> all = db.Scan(null, null).ToList();
            Assert.Equal(values.Keys.Order(StringComparer.Ordinal), all.Select(e => S(e.Key)));
            Assert.All(all, e => Assert.True(values[S(e.Key)].AsSpan().SequenceEqual(e.Value)));
            db.Delete(B("v64m"));
            db.Flush();
            Assert.Null(db.Get(B("v64m")));
        }
    }

    [Fact]
    public void BinaryKeysSortAsUnsignedBytesAndRoundTrip()
    {
        using var dir = new TestDirectory();
        byte[][] keys =
        [
            [0x00], [0x00, 0x00], [0x00, 0x00, 0x00], [0x00, 0x01], [0x00, 0xFF], [0x01], [0x7F], [0x7F, 0xFF],
            [0x80], [0x80, 0x00], [0xFE, 0xFF], [0xFF], [0xFF, 0x00], [0xFF, 0xFF], [0xFF, 0xFF, 0xFF],
            Enumerable.Repeat((byte)0x00, KvLimits.MaxKeySize).ToArray(),
            Enumerable.Repeat((byte)0xFF, KvLimits.MaxKeySize).ToArray(),
        ];
        byte[][] sorted = keys.Order(Comparer<byte[]>.Create((a, b) => a.AsSpan().SequenceCompareTo(b))).ToArray();
        byte[] ValueOf(byte[] key) => [.. key, 0x00, (byte)key.Length];

        void Check(LightningDb db)
        {
            foreach (byte[] key in keys) Assert.Equal(ValueOf(key), db.Get(key));
            Assert.Equal(sorted, db.Scan(null, null).Select(e => e.Key));
            Assert.Equal(Enumerable.Reverse(sorted), db.Scan(null, null, reverse: true).Select(e => e.Key));
            Assert.All(db.Scan(null, null), e => Assert.Equal(ValueOf(e.Key), e.Value));
            // [0x00, 0x00] .. [0xFF): everything but [0x00] and the keys starting with 0xFF.
            Assert.Equal(sorted.Where(k => k.AsSpan().SequenceCompareTo(new byte[] { 0, 0 }) >= 0 && k[0] != 0xFF),
                db.Scan([0x00, 0x00], [0xFF]).Select(e => e.Key));
            Assert.Equal(new[] { new byte[] { 0xFF, 0xFF }, [0xFF, 0xFF, 0xFF], keys[^1] }, db.Scan([0xFF, 0xFF], null).Select(e => e.Key));
            Assert.Null(db.Get([0x00, 0x02]));
            Assert.Null(db.Get([0xFF, 0x01]));
        }

        using (LightningDb db = LightningDb.Open(dir.Path, TestDirectory.SmallOptions()))
        {
            foreach (byte[] key in Enumerable.Reverse(keys)) db.Put(key, ValueOf(key));
            Check(db);
            db.Flush();
            Check(db);
        }
        using (LightningDb db = LightningDb.Open(dir.Path, TestDirectory.SmallOptions()))
        {
            Check(db);
        }
    }

    [Theory]
    [InlineData(Durability.Full)]
    [InlineData(Durability.Normal)]
    [InlineData(Durability.None)]
    public void ReopenKeepsDataWithEachDurabilityMode(Durability durability)
    {
        using var dir = new TestDirectory();
        var expected = new SortedDictionary<string, string>(StringComparer.Ordinal);
        for (int cycle = 0; cycle < 3; cycle++)
        {
            using LightningDb db = LightningDb.Open(dir.Path, TestDirectory.SmallOptions(durability));
            Assert.Equal(durability, db.Durability);
            Assert.Equal(expected.Keys, Keys(db.Scan(null, null)));
            Assert.All(db.Scan(null, null), e => Assert.Equal(expected[S(e.Key)], S(e.Value)));
            int count = durability == Durability.Full ? 300 : 1500;
            var batch = new WriteBatch();
            for (int i = 0; i < count; i++)
            {
                string key = $"k{(i * 7 + cycle * 13) % 1000:D4}";
                string value = $"c{cycle}-{i}-" + new string('x', i % 50);
                if (i % 10 == 0)
                {
                    batch.Put(B(key), B(value));
                    db.Write(batch);
                    batch.Clear();
                }
                else db.Put(B(key), B(value));
                expected[key] = value;
                if (i % 9 == 4)
                {
                    string victim = $"k{(i * 3) % 1000:D4}";
                    db.Delete(B(victim));
                    expected.Remove(victim);
                }
            }
            if (cycle == 1) db.Flush(); // cycle 0 and 2 close with data only in the WAL/memtable
        }
        using (LightningDb db = LightningDb.Open(dir.Path, TestDirectory.SmallOptions(durability)))
        {
            foreach (var (key, value) in expected) Assert.Equal(value, S(db.Get(B(key))!));
            Assert.Equal(expected.Count, db.Scan(null, null).Count());
        }
    }

    [Fact]
    public void PageSizeIsFixedWhenTheDatabaseIsCreated()
    {
        using var dir = new TestDirectory();
        using (LightningDb db = LightningDb.Open(dir.Path, TestDirectory.SmallOptions()))
        {
            for (int i = 0; i < 2000; i++) db.Put(B($"k{i:D5}"), B(new string('v', i % 2000)));
            db.Flush();
        }
        // Reopening with another page size keeps reading the 4 KiB pages the database was created with.
        using (LightningDb db = LightningDb.Open(dir.Path, new LightningDbOptions { PageSize = 16384, Durability = Durability.None }))
        {
            for (int i = 0; i < 2000; i += 37) Assert.Equal(new string('v', i % 2000), S(db.Get(B($"k{i:D5}"))!));
            Assert.Equal(2000, db.Scan(null, null).Count());
            db.Put(B("new"), B("value"));
            db.Flush();
            Assert.Equal("value", S(db.Get(B("new"))!));
        }
    }

    [Fact]
    public void PathIsTheFullDirectoryPath()
    {
        using var dir = new TestDirectory();
        using LightningDb db = LightningDb.Open(dir.Path);
        Assert.Equal(System.IO.Path.GetFullPath(dir.Path), db.Path);
        Assert.Equal(Durability.Full, db.Durability);
        Assert.True(Directory.Exists(dir.Path));
    }
}
