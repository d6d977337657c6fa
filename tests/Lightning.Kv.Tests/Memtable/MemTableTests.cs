using Lightning.Kv.Encoding;
using Lightning.Kv.Memtable;

namespace Lightning.Kv.Tests.Memtable;

public sealed class MemTableTests
{
    private static byte[] B(string s) => System.Text.Encoding.UTF8.GetBytes(s);

    private static string S(ReadOnlySpan<byte> b) => System.Text.Encoding.UTF8.GetString(b);

    /// <summary>All nodes of one skip-list level, in list order.</summary>
    private static List<long> Level(MemTable table, int level)
    {
        var nodes = new List<long>();
        for (long node = table.Next(0, level); node != 0; node = table.Next(node, level)) nodes.Add(node);
        return nodes;
    }

    private static string? Get(MemTable table, string key, ulong snapshot)
    {
        if (!table.TryGet(B(key), snapshot, out EntryKind kind, out long node)) return null;
        Assert.Equal(kind, table.KindOf(node));
        Assert.True(table.SequenceOf(node) <= snapshot);
        return kind == EntryKind.Delete ? "<deleted>" : S(table.ValueOf(node));
    }

    [Fact]
    public void EmptyTable()
    {
        var table = new MemTable();
        Assert.Equal(0, table.EntryCount);
        Assert.Equal(0ul, table.FirstSequence);
        Assert.Equal(0ul, table.LastSequence);
        Assert.Equal(0, table.DataBytes);
        Assert.Empty(Level(table, 0));
        Assert.False(table.TryGet(B("a"), ulong.MaxValue >> 8, out _, out long node));
        Assert.Equal(0, node);
        Assert.Equal(0ul, table.LatestSequence(B("a")));
        Assert.Equal(0, table.FindLast());
    }

    [Fact]
    public void EveryLevelIsOrderedByKeyAscendingThenSequenceDescending()
    {
        var random = new Random(8);
        var table = new MemTable();
        var inserted = new List<(byte[] Key, ulong Sequence)>();
        ulong[] sequences = Enumerable.Range(1, 3000).Select(i => (ulong)i).OrderBy(_ => random.Next()).ToArray();
        foreach (ulong sequence in sequences) // deliberately out of sequence order
        {
            byte[] key = new byte[random.Next(1, 5)];
            random.NextBytes(key);
            for (int i = 0; i < key.Length; i++) key[i] %= 4; // few distinct keys, many versions, shared prefixes
            table.Add(sequence, random.Next(4) == 0 ? EntryKind.Delete : EntryKind.Put, key, key);
            inserted.Add((key, sequence));
        }

        List<long> all = Level(table, 0);
        Assert.Equal(inserted.Count, all.Count);
        Assert.Equal(inserted.Count, table.EntryCount);
        var expected = inserted.OrderBy(e => e.Key, KeyComparer.Instance).ThenByDescending(e => e.Sequence).ToList();
        for (int i = 0; i < all.Count; i++)
        {
            Assert.Equal(expected[i].Key, table.KeyOf(all[i]).ToArray());
            Assert.Equal(expected[i].Sequence, table.SequenceOf(all[i]));
        }
        Assert.Equal(all[^1], table.FindLast());

        for (int level = 1; level < MemTable.MaxHeight; level++)
        {
            List<long> nodes = Level(table, level);
            var positions = nodes.Select(n => all.IndexOf(n)).ToList();
            Assert.All(positions, p => Assert.True(p >= 0));
            Assert.Equal(positions.Order(), positions); // each level is a sorted sub-list of level 0
        }
    }

    [Fact]
    public void LinkPrefixesMatchTheirSuccessorsAndSearchesAgreeWithAModel()
    {
        // Keys chosen to defeat an 8-byte prefix: shared 8-byte starts that differ later, short keys whose zero
        // padding equals real zero bytes ("a" vs "a\0"), the empty key, and plain random keys.
        var random = new Random(42);
        List<byte[]> keys = [[], [0], [0, 0], B("a"), [(byte)'a', 0], [(byte)'a', 0, 0, 0, 0, 0, 0, 0, 0]];
        for (int i = 0; i < 3000; i++)
        {
            int kind = random.Next(3);
            byte[] key = kind == 0 ? B($"shared-prefix-{random.Next(100000):D6}") : new byte[random.Next(1, 20)];
            if (kind == 1) random.NextBytes(key);
            if (kind == 2) key[^1] = (byte)random.Next(3); // mostly zero bytes: ties everywhere
            keys.Add(key);
        }
        var table = new MemTable();
        var model = new SortedDictionary<byte[], ulong>(Comparer<byte[]>.Create((a, b) => a.AsSpan().SequenceCompareTo(b)));
        ulong sequence = 0;
        foreach (byte[] key in keys)
        {
            table.Add(++sequence, EntryKind.Put, key, BitConverter.GetBytes(sequence));
            model[key] = sequence;
        }

        for (int level = 0; level < MemTable.MaxHeight; level++)
        {
            long node = 0;
            for (long next = table.Next(0, level); next != 0; node = next, next = table.Next(next, level))
                Assert.Equal(KeyPrefix.Of(table.KeyOf(next)), table.LinkPrefix(node, level));
        }

        List<byte[]> sorted = model.Keys.ToList();
        List<byte[]> probes = [.. keys, B("zzzz"), [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]];
        for (int i = 0; i < 500; i++) { var probe = new byte[random.Next(0, 12)]; random.NextBytes(probe); probes.Add(probe); }
        foreach (byte[] probe in probes)
        {
            int at = sorted.BinarySearch(probe, model.Comparer);
            int lowerBound = at >= 0 ? at : ~at;
            long found = table.FindGreaterOrEqual(probe, ulong.MaxValue >> 8, default);
            if (lowerBound == sorted.Count) Assert.Equal(0, found);
            else Assert.Equal(sorted[lowerBound], table.KeyOf(found).ToArray());
            long below = table.FindLessThan(probe);
            if (lowerBound == 0) Assert.Equal(0, below);
            else Assert.Equal(sorted[lowerBound - 1], table.KeyOf(below).ToArray());
            Assert.Equal(at >= 0, table.TryGet(probe, ulong.MaxValue >> 8, out _, out long node));
            if (at >= 0) Assert.Equal(model[probe], BitConverter.ToUInt64(table.ValueOf(node)));
        }
    }

    [Fact]
    public void ValuesOnEitherSideOfTheInlineLimitReadBackIntactAndCountInTheFlushTrigger()
    {
        var table = new MemTable();
        var random = new Random(5);
        var expected = new Dictionary<string, byte[]>();
        ulong sequence = 0;
        long before = table.ApproximateBytes;
        long valueBytes = 0;
        foreach (int size in new[] { 0, 1, MemTable.InlineValueLimit - 1, MemTable.InlineValueLimit, MemTable.InlineValueLimit + 1, 5000, 10 * 1024 })
        {
            for (int copy = 0; copy < 3; copy++)
            {
                byte[] value = new byte[size];
                random.NextBytes(value);
                string key = $"k{size:D6}-{copy}-{new string('x', copy * 7)}"; // keys of different lengths: unaligned addresses
                table.Add(++sequence, EntryKind.Put, B(key), value);
                expected[key] = value;
                valueBytes += size;
            }
        }
        foreach ((string key, byte[] value) in expected)
        {
            Assert.True(table.TryGet(B(key), sequence, out _, out long node));
            Assert.Equal(value, table.ValueOf(node).ToArray());
            Assert.Equal(value, table.ValueMemoryOf(node).ToArray());
        }
        // Out-of-line values still count, so large values fill a memtable at the same rate as inline ones.
        Assert.True(table.ApproximateBytes - before >= valueBytes);
        var iterator = new MemTableIterator(table, sequence);
        int seen = 0;
        for (iterator.SeekForward(null); iterator.Valid; iterator.Next(), seen++)
            Assert.Equal(expected[S(iterator.Key)], iterator.Value.ToArray());
        Assert.Equal(expected.Count, seen);
    }

    [Fact]
    public void AppendsAfterTheLastEntryKeepEveryLevelOrdered()
    {
        // Ascending runs take the per-level tails as predecessors; inserts in the middle, repeated keys (a newer
        // version sorts first) and a same-sequence repeat (the later one wins) search. The result must match a sort.
        var table = new MemTable();
        var inserted = new List<(byte[] Key, ulong Sequence)>();
        ulong sequence = 0;
        void Add(int k, ulong? at = null, string value = "v")
        {
            byte[] key = [(byte)(k >> 8), (byte)k];
            ulong s = at ?? ++sequence;
            table.Add(s, EntryKind.Put, key, B(value));
            inserted.Add((key, s));
        }
        for (int k = 100; k < 1100; k++) Add(k);            // appends
        for (int k = 0; k < 100; k += 3) Add(k);            // before everything
        Add(1099, value: "newer");                          // the last key again, newer
        Add(1099, sequence, value: "same sequence, later"); // and again at the same sequence
        for (int k = 1100; k < 1500; k++) Add(k);           // appends resume
        for (int k = 500; k < 520; k++) Add(k);             // the middle

        List<long> all = Level(table, 0);
        var expected = inserted.OrderBy(e => e.Key, KeyComparer.Instance).ThenByDescending(e => e.Sequence).ToList();
        Assert.Equal(expected.Count, all.Count);
        for (int i = 0; i < all.Count; i++)
        {
            Assert.Equal(expected[i].Key, table.KeyOf(all[i]).ToArray());
            Assert.Equal(expected[i].Sequence, table.SequenceOf(all[i]));
        }
        Assert.Equal(all[^1], table.FindLast());
        for (int level = 1; level < MemTable.MaxHeight; level++)
        {
            List<long> nodes = Level(table, level);
            var positions = nodes.Select(n => all.IndexOf(n)).ToList();
            Assert.Equal(positions.Order(), positions);
        }
        Assert.True(table.TryGet([1099 >> 8, 1099 & 255], ulong.MaxValue >> 8, out _, out long newest));
        Assert.Equal("same sequence, later", S(table.ValueOf(newest)));
    }

    [Fact]
    public void TryGetSeesTheNewestVersionAtOrBelowTheSnapshot()
    {
        var table = new MemTable();
        table.Add(2, EntryKind.Put, B("k"), B("v2"));
        table.Add(3, EntryKind.Put, B("ka"), B("other"));
        table.Add(5, EntryKind.Delete, B("k"), default);
        table.Add(6, EntryKind.Put, B("j"), B("before"));
        table.Add(8, EntryKind.Put, B("k"), B("v8"));
        table.Add(9, EntryKind.Put, B("k\0"), B("after"));

        Assert.Null(Get(table, "k", 1));
        Assert.Equal("v2", Get(table, "k", 2));
        Assert.Equal("v2", Get(table, "k", 4));
        Assert.Equal("<deleted>", Get(table, "k", 5));
        Assert.Equal("<deleted>", Get(table, "k", 7));
        Assert.Equal("v8", Get(table, "k", 8));
        Assert.Equal("v8", Get(table, "k", ulong.MaxValue >> 8));

        // Neighbouring keys (prefixes, extensions) never leak into each other.
        Assert.Null(Get(table, "ka", 2));
        Assert.Equal("other", Get(table, "ka", 3));
        Assert.Null(Get(table, "k\0", 8));
        Assert.Equal("after", Get(table, "k\0", 9));
        Assert.Null(Get(table, "j", 5));
        Assert.Null(Get(table, "kb", 100));
        Assert.Null(Get(table, "a", 100));
        Assert.Null(Get(table, "z", 100));
    }

    [Fact]
    public void EmptyValueIsAPutNotADeletion()
    {
        var table = new MemTable();
        table.Add(1, EntryKind.Put, B("k"), default);
        Assert.True(table.TryGet(B("k"), 1, out EntryKind kind, out long node));
        Assert.Equal(EntryKind.Put, kind);
        Assert.True(table.ValueOf(node).IsEmpty);
    }

    [Fact]
    public void LaterInsertOfTheSameKeyAtTheSameSequenceWins()
    {
        // A write batch that touches a key twice commits both at one sequence; the later operation wins.
        var table = new MemTable();
        table.Add(4, EntryKind.Put, B("k"), B("first"));
        table.Add(4, EntryKind.Put, B("k"), B("second"));
        Assert.Equal("second", Get(table, "k", 4));
        table.Add(5, EntryKind.Put, B("x"), B("1"));
        table.Add(5, EntryKind.Delete, B("x"), default);
        Assert.Equal("<deleted>", Get(table, "x", 5));
        table.Add(6, EntryKind.Delete, B("y"), default);
        table.Add(6, EntryKind.Put, B("y"), B("back"));
        Assert.Equal("back", Get(table, "y", 6));
    }

    [Fact]
    public void LatestSequenceIgnoresSnapshotsAndNeighbours()
    {
        var table = new MemTable();
        table.Add(3, EntryKind.Put, B("b"), B("1"));
        table.Add(10, EntryKind.Delete, B("b"), default);
        table.Add(11, EntryKind.Put, B("ba"), B("1"));
        table.Add(12, EntryKind.Put, B("a"), B("1"));
        Assert.Equal(10ul, table.LatestSequence(B("b")));
        Assert.Equal(11ul, table.LatestSequence(B("ba")));
        Assert.Equal(12ul, table.LatestSequence(B("a")));
        Assert.Equal(0ul, table.LatestSequence(B("bb")));
        Assert.Equal(0ul, table.LatestSequence(B("\0")));
        Assert.Equal(0ul, table.LatestSequence(B("c")));
    }

    [Fact]
    public void CountersTrackInsertions()
    {
        var table = new MemTable();
        table.Add(7, EntryKind.Put, B("abc"), B("12345"));
        table.Add(8, EntryKind.Delete, B("abc"), default);
        table.Add(9, EntryKind.Put, B("z"), B("1"));
        Assert.Equal(3, table.EntryCount);
        Assert.Equal(7ul, table.FirstSequence);
        Assert.Equal(9ul, table.LastSequence);
        Assert.Equal(3 + 5 + 3 + 1 + 1, table.DataBytes);
        Assert.True(table.ApproximateBytes > table.DataBytes);
        Assert.True(table.ReservedBytes >= table.ApproximateBytes);
    }

    [Fact]
    public void MemoryAccessorsMatchTheSpans()
    {
        var table = new MemTable();
        table.Add(1, EntryKind.Put, B("key"), B("value"));
        Assert.True(table.TryGet(B("key"), 1, out _, out long node));
        Assert.Equal(B("key"), table.KeyMemoryOf(node).ToArray());
        Assert.Equal(B("value"), table.ValueMemoryOf(node).ToArray());
        Assert.Equal(B("key"), table.KeyOf(node).ToArray());
    }

    [Fact]
    public void LargeValuesGoToDedicatedChunksAndStayIntact()
    {
        var table = new MemTable();
        var random = new Random(21);
        var expected = new Dictionary<string, byte[]>();
        ulong sequence = 0;
        foreach (int size in new[] { 10, 300 * 1024, 20, 2 * 1024 * 1024 + 3, 256 * 1024 + 1, 5, 700 * 1024 })
        {
            byte[] value = new byte[size];
            random.NextBytes(value);
            string key = $"key{size}";
            long reservedBefore = table.ReservedBytes;
            table.Add(++sequence, EntryKind.Put, B(key), value);
            long grew = table.ReservedBytes - reservedBefore;
            if (size > 256 * 1024)
            {
                // The value lives out of its node, in a dedicated chunk of the value arena sized to it, not in a 1 MiB
                // shared chunk; the node (header, links, key, value address) fits the node arena's current chunk.
                Assert.Equal((size + 7) & ~7, grew);
            }
            expected[key] = value;
        }
        foreach ((string key, byte[] value) in expected)
        {
            Assert.True(table.TryGet(B(key), sequence, out _, out long node));
            Assert.True(table.ValueOf(node).SequenceEqual(value));
            Assert.Equal(value.Length, table.ValueMemoryOf(node).Length);
        }
    }
}
