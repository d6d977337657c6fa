using Lightning.Kv.BTree;
using Lightning.Kv.Encoding;
using Lightning.Kv.Iterators;
using Lightning.Kv.Memtable;
using Lightning.Kv.Tests.BTree;

namespace Lightning.Kv.Tests.Iterators;

public sealed class MergingIteratorTests
{
    private const ulong Snapshot = ulong.MaxValue >> 8;

    private static byte[] Key(int i) => System.Text.Encoding.ASCII.GetBytes($"key{i:D3}");

    /// <summary>Per source (newest first), what it says about each key: a value, or null for a tombstone.</summary>
    private sealed class Model
    {
        public List<Dictionary<int, byte[]?>> Sources { get; } = new();

        public SortedDictionary<byte[], byte[]> Live()
        {
            var live = new SortedDictionary<byte[], byte[]>(KeyComparer.Instance);
            var decided = new HashSet<int>();
            foreach (Dictionary<int, byte[]?> source in Sources)
                foreach ((int key, byte[]? value) in source)
                {
                    if (!decided.Add(key)) continue; // a newer source already decided this key
                    if (value is not null) live[Key(key)] = value;
                }
            return live;
        }
    }

    /// <summary>Three memtables over a tree, each with random puts and deletes of overlapping keys.</summary>
    private static (Func<EntryIterator[]> Sources, Model Model, TreeTestKit Kit) Build(int seed, int memtables = 3)
    {
        var random = new Random(seed);
        var model = new Model();
        var tables = new List<MemTable>();
        ulong sequence = 0;
        for (int t = 0; t < memtables; t++)
        {
            var table = new MemTable();
            var said = new Dictionary<int, byte[]?>();
            for (int n = 0; n < 60; n++)
            {
                int key = random.Next(200);
                if (said.ContainsKey(key)) continue;
                bool delete = random.Next(3) == 0;
                byte[] value = System.Text.Encoding.ASCII.GetBytes($"t{t}-{key}");
                table.Add(++sequence, delete ? EntryKind.Delete : EntryKind.Put, Key(key), delete ? default : value);
                said[key] = delete ? null : value;
            }
            tables.Add(table);
            model.Sources.Add(said);
        }
        var kit = new TreeTestKit(4096);
        var inTree = new Dictionary<int, byte[]?>();
        for (int key = 0; key < 200; key += random.Next(1, 4)) inTree[key] = System.Text.Encoding.ASCII.GetBytes($"tree-{key}");
        kit.Apply(inTree.Select(p => TreeTestKit.Put(Key(p.Key), p.Value!)));
        model.Sources.Add(inTree);
        TreeRoot root = kit.Root;
        return (() => [.. tables.Select(t => (EntryIterator)new MemTableIterator(t, Snapshot)), new TreeIterator(kit.File, root)], model, kit);
    }

    private static List<KeyValuePair<byte[], byte[]>> Run(MergingIterator iterator, byte[]? from, byte[]? to, bool reverse, int limit = int.MaxValue)
    {
        var result = new List<KeyValuePair<byte[], byte[]>>();
        for (iterator.Seek(from, to, reverse); iterator.Valid && result.Count < limit; iterator.Move())
            result.Add(new(iterator.Key.ToArray(), iterator.Value.ToArray()));
        return result;
    }

    private static void AssertSame(IEnumerable<KeyValuePair<byte[], byte[]>> expected, List<KeyValuePair<byte[], byte[]>> actual)
    {
        List<string> Render(IEnumerable<KeyValuePair<byte[], byte[]>> pairs) =>
            pairs.Select(p => System.Text.Encoding.ASCII.GetString(p.Key) + "=" + System.Text.Encoding.ASCII.GetString(p.Value)).ToList();
        Assert.Equal(Render(expected), Render(actual));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void NewestSourceDecidesAndTombstonesHideOlderSources(int seed)
    {
        (Func<EntryIterator[]> sources, Model model, TreeTestKit kit) = Build(seed);
        using (kit)
        {
            SortedDictionary<byte[], byte[]> live = model.Live();
            using var iterator = new MergingIterator(sources());
            AssertSame(live, Run(iterator, null, null, reverse: false));
            AssertSame(live.Reverse(), Run(iterator, null, null, reverse: true));
        }
    }

    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    public void SeeksInBothDirectionsMatchTheModel(int seed)
    {
        (Func<EntryIterator[]> sources, Model model, TreeTestKit kit) = Build(seed);
        using (kit)
        {
            SortedDictionary<byte[], byte[]> live = model.Live();
            var random = new Random(seed);
            using var iterator = new MergingIterator(sources());
            for (int probe = 0; probe < 100; probe++)
            {
                byte[] seek = random.Next(5) == 0 ? "key"u8.ToArray() : Key(random.Next(-5, 210) & 0x3FF);
                int steps = random.Next(1, 30);
                AssertSame(live.Where(p => KeyComparer.Instance.Compare(p.Key, seek) >= 0).Take(steps),
                    Run(iterator, seek, null, reverse: false, steps));
                AssertSame(live.Where(p => KeyComparer.Instance.Compare(p.Key, seek) < 0).Reverse().Take(steps),
                    Run(iterator, null, seek, reverse: true, steps));
            }
        }
    }

    /// <summary>As many sources as a busy database has (memtables, level-0 runs, tree): a deep heap, many ties.</summary>
    [Theory]
    [InlineData(6, 11)]
    [InlineData(7, 16)]
    public void ManySourcesMergeLikeTheModelInBothDirections(int seed, int memtables)
    {
        (Func<EntryIterator[]> sources, Model model, TreeTestKit kit) = Build(seed, memtables);
        using (kit)
        {
            SortedDictionary<byte[], byte[]> live = model.Live();
            using var iterator = new MergingIterator(sources());
            AssertSame(live, Run(iterator, null, null, reverse: false));
            AssertSame(live.Reverse(), Run(iterator, null, null, reverse: true));
            var random = new Random(seed);
            for (int probe = 0; probe < 50; probe++)
            {
                byte[] seek = Key(random.Next(0, 205));
                AssertSame(live.Where(p => KeyComparer.Instance.Compare(p.Key, seek) >= 0).Take(40), Run(iterator, seek, null, reverse: false, 40));
                AssertSame(live.Where(p => KeyComparer.Instance.Compare(p.Key, seek) < 0).Reverse().Take(40), Run(iterator, null, seek, reverse: true, 40));
            }
        }
    }

    [Fact]
    public void TombstoneInTheNewestSourceHidesAKeyEverywhere()
    {
        var newest = new MemTable();
        var older = new MemTable();
        older.Add(1, EntryKind.Put, "a"u8, "old-a"u8);
        older.Add(2, EntryKind.Put, "b"u8, "old-b"u8);
        older.Add(3, EntryKind.Put, "c"u8, "old-c"u8);
        newest.Add(4, EntryKind.Delete, "b"u8, default);
        newest.Add(5, EntryKind.Put, "c"u8, "new-c"u8);
        newest.Add(6, EntryKind.Delete, "d"u8, default); // deleting an absent key shows nothing
        using var iterator = new MergingIterator([new MemTableIterator(newest, Snapshot), new MemTableIterator(older, Snapshot)]);
        var expected = new[] { ("a", "old-a"), ("c", "new-c") };
        Assert.Equal(expected, Run(iterator, null, null, false).Select(p => (Text(p.Key), Text(p.Value))));
        Assert.Equal(Enumerable.Reverse(expected), Run(iterator, null, null, true).Select(p => (Text(p.Key), Text(p.Value))));
    }

    [Fact]
    public void OnlyTombstonesMeansNothingIsValid()
    {
        var table = new MemTable();
        table.Add(1, EntryKind.Delete, "a"u8, default);
        table.Add(2, EntryKind.Delete, "b"u8, default);
        using var iterator = new MergingIterator([new MemTableIterator(table, Snapshot)]);
        iterator.Seek(null, null, false);
        Assert.False(iterator.Valid);
        iterator.Seek(null, null, true);
        Assert.False(iterator.Valid);
    }

    private static string Text(byte[] bytes) => System.Text.Encoding.ASCII.GetString(bytes);
}
