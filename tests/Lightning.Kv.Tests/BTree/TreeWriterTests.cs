using Lightning.Kv.BTree;
using Lightning.Kv.Encoding;
using static Lightning.Kv.Tests.BTree.TreeTestKit;

namespace Lightning.Kv.Tests.BTree;

public sealed class TreeWriterTests
{
    private const int PageSize = 4096;
    private const int OverflowThreshold = PageSize / 4;

    private static byte[] KeyFor(int index, int padding) =>
        System.Text.Encoding.ASCII.GetBytes($"key{index:D5}" + new string((char)('a' + index % 26), padding));

    private static byte[] ValueFor(Random random)
    {
        int roll = random.Next(100);
        int length = roll switch
        {
            < 60 => random.Next(0, 120),
            < 80 => random.Next(120, OverflowThreshold + 1),
            < 85 => random.Next(OverflowThreshold, OverflowThreshold + 2), // right at the inline/overflow boundary
            < 95 => random.Next(OverflowThreshold + 1, 3 * PageSize),
            _ => random.Next(3 * PageSize, 40_000),
        };
        byte[] value = new byte[length];
        random.NextBytes(value);
        return value;
    }

    private static void Verify(TreeTestKit kit, SortedDictionary<byte[], byte[]> model, Random random, string context)
    {
        TreeRoot root = kit.Root;
        Assert.Equal(model.Count, root.EntryCount);
        Assert.Equal(model.Count == 0, root.IsEmpty);
        foreach ((byte[] key, byte[] value) in model)
        {
            byte[]? found = kit.Find(root, key);
            Assert.True(found is not null, $"{context}: key {System.Text.Encoding.ASCII.GetString(key)} is missing");
            Assert.True(value.AsSpan().SequenceEqual(found), $"{context}: wrong value for {System.Text.Encoding.ASCII.GetString(key)}");
        }
        for (int i = 0; i < 30; i++)
        {
            byte[] absent = KeyFor(random.Next(100_000), random.Next(3));
            if (!model.ContainsKey(absent)) Assert.Null(kit.Find(root, absent));
        }

        List<KeyValuePair<byte[], byte[]>> forward = kit.Scan(root);
        AssertSame(model.ToList(), forward, context + " forward");
        List<KeyValuePair<byte[], byte[]>> backward = kit.Scan(root, reverse: true);
        AssertSame(model.Reverse().ToList(), backward, context + " backward");

        List<byte[]> keys = model.Keys.ToList();
        for (int probe = 0; probe < 15; probe++)
        {
            byte[] seek = keys.Count > 0 && random.Next(2) == 0 ? keys[random.Next(keys.Count)] : KeyFor(random.Next(5000), random.Next(4));
            int steps = random.Next(1, 40);
            AssertSame(model.Where(p => KeyComparer.Instance.Compare(p.Key, seek) >= 0).Take(steps).ToList(),
                kit.Scan(root, seek, reverse: false, steps), $"{context} seek forward");
            AssertSame(model.Where(p => KeyComparer.Instance.Compare(p.Key, seek) < 0).Reverse().Take(steps).ToList(),
                kit.Scan(root, seek, reverse: true, steps), $"{context} seek backward");
        }
        kit.AssertPageAccounting(root);
    }

    private static void AssertSame(List<KeyValuePair<byte[], byte[]>> expected, List<KeyValuePair<byte[], byte[]>> actual, string context)
    {
        Assert.True(expected.Count == actual.Count, $"{context}: expected {expected.Count} entries, got {actual.Count}");
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.True(expected[i].Key.AsSpan().SequenceEqual(actual[i].Key), $"{context}: key at {i}");
            Assert.True(expected[i].Value.AsSpan().SequenceEqual(actual[i].Value), $"{context}: value at {i}");
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void RandomRoundsMatchASortedDictionaryModel(int seed)
    {
        var random = new Random(seed);
        using var kit = new TreeTestKit(PageSize, cacheBytes: seed == 1 ? 0 : 1 << 20);
        var model = new SortedDictionary<byte[], byte[]>(KeyComparer.Instance);
        for (int round = 0; round < 30; round++)
        {
            var updates = new Dictionary<int, TreeUpdate>();
            int count = round == 0 ? 600 : random.Next(1, 200);
            for (int u = 0; u < count; u++)
            {
                int index = random.Next(1500);
                byte[] key = KeyFor(index, index % 7 == 0 ? 200 + index % 300 : index % 20);
                bool delete = random.Next(100) < (round % 10 == 9 ? 90 : 30);
                if (delete)
                {
                    updates[index] = Delete(key);
                    model.Remove(key);
                }
                else
                {
                    byte[] value = ValueFor(random);
                    updates[index] = Put(key, value);
                    model[key] = value;
                }
            }
            kit.Apply(updates.Values);
            Verify(kit, model, random, $"seed {seed} round {round}");
        }

        // Deleting everything empties the tree, and it grows again from nothing.
        kit.Apply(model.Keys.Select(Delete).ToList());
        model.Clear();
        Assert.Equal(new TreeRoot(0, 0, kit.Root.TxnId, 0, 0), kit.Root);
        Verify(kit, model, random, "emptied");
        Assert.Empty(kit.ReachablePages(kit.Root));

        model[KeyFor(1, 0)] = [1, 2, 3];
        kit.Apply([Put(KeyFor(1, 0), [1, 2, 3])]);
        Assert.Equal(1, kit.Root.Height);
        Verify(kit, model, random, "regrown");
    }

    [Fact]
    public void GrowsToHeightThreeAndMoreWithLargeKeysAndShrinksBackToEmpty()
    {
        var random = new Random(17);
        using var kit = new TreeTestKit(PageSize);
        var model = new SortedDictionary<byte[], byte[]>(KeyComparer.Instance);
        int maxHeight = 0;
        for (int batch = 0; batch < 4; batch++)
        {
            var updates = new List<TreeUpdate>();
            for (int i = 0; i < 100; i++)
            {
                int index = batch * 100 + i;
                byte[] key = KeyFor(index * 7 % 400, 990 + index % 30); // ~1000-byte keys: four separators per internal page
                byte[] value = new byte[random.Next(0, 64)];
                random.NextBytes(value);
                updates.Add(Put(key, value));
                model[key] = value;
            }
            kit.Apply(updates);
            maxHeight = Math.Max(maxHeight, kit.Root.Height);
            Verify(kit, model, random, $"grow batch {batch}");
        }
        Assert.True(maxHeight >= 3, $"height only reached {maxHeight}");

        List<byte[]> keys = model.Keys.OrderBy(_ => random.Next()).ToList();
        for (int at = 0; at < keys.Count; at += 45)
        {
            List<byte[]> chunk = keys.Skip(at).Take(45).ToList();
            kit.Apply(chunk.Select(Delete).ToList());
            foreach (byte[] key in chunk) model.Remove(key);
            Verify(kit, model, random, $"shrink at {at}");
        }
        Assert.True(kit.Root.IsEmpty);
        Assert.Equal(0, kit.Root.Height);
    }

    [Fact]
    public void UpdatesToAnOldRootNeverChangeWhatItReads()
    {
        // Snapshots pin old roots: copy-on-write must leave every page reachable from them untouched,
        // and the allocator must not hand those pages out while the old root is pinned.
        var random = new Random(5);
        using var kit = new TreeTestKit(PageSize, cacheBytes: 0); // every read goes to the file
        var original = new SortedDictionary<byte[], byte[]>(KeyComparer.Instance);
        for (int i = 0; i < 500; i++)
        {
            byte[] key = KeyFor(i, i % 50);
            original[key] = ValueFor(random);
        }
        TreeRoot pinned = kit.Apply(original.Select(p => Put(p.Key, p.Value)));
        HashSet<ulong> pinnedPages = kit.ReachablePages(pinned);
        var current = new SortedDictionary<byte[], byte[]>(original, KeyComparer.Instance);

        for (int txn = 0; txn < 8; txn++)
        {
            var updates = new Dictionary<int, TreeUpdate>();
            for (int u = 0; u < 150; u++)
            {
                int index = random.Next(700);
                byte[] key = KeyFor(index, index % 50);
                if (random.Next(3) == 0 || txn == 4)
                {
                    updates[index] = Delete(key);
                    current.Remove(key);
                }
                else
                {
                    byte[] value = ValueFor(random);
                    updates[index] = Put(key, value);
                    current[key] = value;
                }
            }
            kit.Apply(updates.Values, oldestPinnedTxn: pinned.TxnId);

            Assert.Empty(pinnedPages.Intersect(kit.Allocator.Save().Free));
            AssertSame(original.ToList(), kit.Scan(pinned), $"pinned root after txn {kit.Root.TxnId}");
            foreach ((byte[] key, byte[] value) in original.Where((_, i) => i % 5 == 0))
                Assert.True(value.AsSpan().SequenceEqual(kit.Find(pinned, key)));
            Verify(kit, current, random, $"current after txn {kit.Root.TxnId}");
        }

        // Once the pin is gone the old pages become reusable, and the current tree stays correct.
        kit.Apply([Put(KeyFor(1, 1), [9])]);
        current[KeyFor(1, 1)] = [9];
        kit.Apply([Put(KeyFor(2, 2), [8])]);
        current[KeyFor(2, 2)] = [8];
        // Only what the last transaction freed is still held back.
        Assert.All(kit.Allocator.Save().Pending, p => Assert.Equal(kit.Root.TxnId, p.Item1));
        Verify(kit, current, random, "after unpinning");
    }

    [Fact]
    public void EntryDeltaCountsOnlyRealInsertionsAndRemovals()
    {
        using var kit = new TreeTestKit(PageSize);
        var writer = new TreeWriter(kit.File, kit.Allocator, 1);
        (ulong root, int height) = writer.Apply(0, 0, [Put([1], [1]), Put([2], [2]), Delete([3])]);
        Assert.Equal(2, writer.EntryDelta);

        writer = new TreeWriter(kit.File, kit.Allocator, 2);
        (root, height) = writer.Apply(root, height, [Put([1], [10]), Delete([2]), Delete([4]), Put([5], new byte[5000])]);
        Assert.Equal(0, writer.EntryDelta);
        Assert.Equal(1, height);

        writer = new TreeWriter(kit.File, kit.Allocator, 3);
        Assert.Equal((root, height), writer.Apply(root, height, []));
        Assert.Equal(0, writer.EntryDelta);
    }

    [Fact]
    public void DeletesIntoAnEmptyTreeLeaveItEmpty()
    {
        using var kit = new TreeTestKit(PageSize);
        var writer = new TreeWriter(kit.File, kit.Allocator, 1);
        Assert.Equal((0ul, 0), writer.Apply(0, 0, [Delete([1]), Delete([2])]));
        Assert.Equal(0, writer.EntryDelta);
    }
}
