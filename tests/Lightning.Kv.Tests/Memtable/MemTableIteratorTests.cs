using Lightning.Kv.Encoding;
using Lightning.Kv.Memtable;

namespace Lightning.Kv.Tests.Memtable;

public sealed class MemTableIteratorTests
{
    private const ulong MaxSnapshot = ulong.MaxValue >> 8;

    private sealed record Op(ulong Sequence, byte[] Key, EntryKind Kind, byte[] Value);

    private sealed record Entry(byte[] Key, bool Deleted, byte[] Value);

    /// <summary>A history with many versions per key, tombstones, batches sharing a sequence, and prefix keys.</summary>
    private static (MemTable Table, List<Op> Ops, ulong LastSequence) BuildHistory(int seed)
    {
        var random = new Random(seed);
        var keys = new List<byte[]> { "a"u8.ToArray(), "ab"u8.ToArray(), "abc"u8.ToArray(), "b"u8.ToArray(), new byte[] { 0 }, new byte[] { 0, 0 }, new byte[] { 0xFF }, new byte[] { 0xFF, 0xFF } };
        while (keys.Count < 50)
        {
            byte[] key = new byte[random.Next(1, 6)];
            random.NextBytes(key);
            if (!keys.Any(k => k.AsSpan().SequenceEqual(key))) keys.Add(key);
        }
        var table = new MemTable();
        var ops = new List<Op>();
        ulong sequence = 0;
        while (ops.Count < 800)
        {
            sequence++;
            int batch = random.Next(3) == 0 ? random.Next(2, 5) : 1;
            foreach (byte[] key in keys.OrderBy(_ => random.Next()).Take(batch)) // distinct keys within a batch
            {
                bool delete = random.Next(4) == 0;
                byte[] value = delete ? [] : System.Text.Encoding.UTF8.GetBytes($"v{sequence}-{random.Next(1000)}");
                var op = new Op(sequence, key, delete ? EntryKind.Delete : EntryKind.Put, value);
                table.Add(op.Sequence, op.Kind, op.Key, op.Value);
                ops.Add(op);
            }
        }
        return (table, ops, sequence);
    }

    /// <summary>Per key, the newest operation at or below <paramref name="snapshot"/>, in key order.</summary>
    private static List<Entry> Expected(List<Op> ops, ulong snapshot)
    {
        var latest = new SortedDictionary<byte[], Op>(KeyComparer.Instance);
        foreach (Op op in ops)
            if (op.Sequence <= snapshot) latest[op.Key] = op;
        return latest.Values.Select(op => new Entry(op.Key, op.Kind == EntryKind.Delete, op.Value)).ToList();
    }

    private static Entry Current(MemTableIterator iterator) => new(iterator.Key.ToArray(), iterator.IsDeleted, iterator.IsDeleted ? [] : iterator.Value.ToArray());

    private static void AssertEntries(IReadOnlyList<Entry> expected, IReadOnlyList<Entry> actual, string context)
    {
        Assert.True(expected.Count == actual.Count, $"{context}: expected {expected.Count} entries, got {actual.Count}");
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.True(expected[i].Key.AsSpan().SequenceEqual(actual[i].Key), $"{context}: key {i}");
            Assert.True(expected[i].Deleted == actual[i].Deleted, $"{context}: deleted flag {i}");
            Assert.True(expected[i].Value.AsSpan().SequenceEqual(actual[i].Value), $"{context}: value {i}");
        }
    }

    private static List<Entry> Forward(MemTableIterator iterator, byte[]? from, int limit = int.MaxValue)
    {
        var result = new List<Entry>();
        for (iterator.SeekForward(from); iterator.Valid && result.Count < limit; iterator.Next()) result.Add(Current(iterator));
        return result;
    }

    private static List<Entry> Backward(MemTableIterator iterator, byte[]? before, int limit = int.MaxValue)
    {
        var result = new List<Entry>();
        for (iterator.SeekBackward(before); iterator.Valid && result.Count < limit; iterator.Previous()) result.Add(Current(iterator));
        return result;
    }

    private static IEnumerable<ulong> Snapshots(ulong last, Random random) =>
        new ulong[] { 0, 1, 2, last / 2, last - 1, last, MaxSnapshot }.Concat(Enumerable.Range(0, 12).Select(_ => (ulong)random.NextInt64(1, (long)last)));

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void FullScansMatchTheModelAtEverySnapshot(int seed)
    {
        (MemTable table, List<Op> ops, ulong last) = BuildHistory(seed);
        foreach (ulong snapshot in Snapshots(last, new Random(seed)))
        {
            List<Entry> expected = Expected(ops, snapshot);
            var iterator = new MemTableIterator(table, snapshot);
            AssertEntries(expected, Forward(iterator, null), $"forward @{snapshot}");
            List<Entry> reversed = expected.ToList();
            reversed.Reverse();
            AssertEntries(reversed, Backward(iterator, null), $"backward @{snapshot}");
        }
    }

    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    public void SeeksFromRandomPointsMatchTheModel(int seed)
    {
        (MemTable table, List<Op> ops, ulong last) = BuildHistory(seed);
        var random = new Random(seed * 31);
        var existing = ops.Select(o => o.Key).ToList();
        foreach (ulong snapshot in Snapshots(last, random))
        {
            List<Entry> expected = Expected(ops, snapshot);
            var iterator = new MemTableIterator(table, snapshot);
            for (int probe = 0; probe < 30; probe++)
            {
                byte[] seek = random.Next(2) == 0 ? existing[random.Next(existing.Count)] : RandomKey(random);
                int steps = random.Next(1, 12);

                var forward = expected.Where(e => KeyComparer.Instance.Compare(e.Key, seek) >= 0).Take(steps).ToList();
                AssertEntries(forward, Forward(iterator, seek, steps), $"forward from {Convert.ToHexString(seek)} @{snapshot}");

                var backward = expected.Where(e => KeyComparer.Instance.Compare(e.Key, seek) < 0).Reverse().Take(steps).ToList();
                AssertEntries(backward, Backward(iterator, seek, steps), $"backward before {Convert.ToHexString(seek)} @{snapshot}");
            }
        }
    }

    private static byte[] RandomKey(Random random)
    {
        byte[] key = new byte[random.Next(1, 7)];
        random.NextBytes(key);
        return key;
    }

    [Fact]
    public void KeysWhoseEveryVersionIsNewerThanTheSnapshotAreSkippedBothWays()
    {
        var table = new MemTable();
        table.Add(1, EntryKind.Put, "a"u8, "a1"u8);
        table.Add(5, EntryKind.Put, "b"u8, "b5"u8);
        table.Add(6, EntryKind.Put, "b"u8, "b6"u8);
        table.Add(7, EntryKind.Put, "c"u8, "c7"u8);
        table.Add(2, EntryKind.Put, "d"u8, "d2"u8);
        table.Add(8, EntryKind.Put, "e"u8, "e8"u8);

        var iterator = new MemTableIterator(table, 4);
        Assert.Equal(new[] { "a", "d" }, Forward(iterator, null).Select(e => System.Text.Encoding.UTF8.GetString(e.Key)));
        Assert.Equal(new[] { "d" }, Forward(iterator, "b"u8.ToArray()).Select(e => System.Text.Encoding.UTF8.GetString(e.Key)));
        Assert.Equal(new[] { "d", "a" }, Backward(iterator, null).Select(e => System.Text.Encoding.UTF8.GetString(e.Key)));
        Assert.Equal(new[] { "a" }, Backward(iterator, "d"u8.ToArray()).Select(e => System.Text.Encoding.UTF8.GetString(e.Key)));
        Assert.Empty(Forward(iterator, "e"u8.ToArray()));
        Assert.Empty(Backward(iterator, "a"u8.ToArray()));

        iterator = new MemTableIterator(table, 5);
        Assert.Equal("b5"u8.ToArray(), Forward(iterator, "b"u8.ToArray())[0].Value);
    }

    [Fact]
    public void EmptyTableIsNeverValid()
    {
        var iterator = new MemTableIterator(new MemTable(), MaxSnapshot);
        iterator.SeekForward(null);
        Assert.False(iterator.Valid);
        iterator.SeekForward("x"u8.ToArray());
        Assert.False(iterator.Valid);
        iterator.SeekBackward(null);
        Assert.False(iterator.Valid);
        iterator.SeekBackward("x"u8.ToArray());
        Assert.False(iterator.Valid);
    }

    [Fact]
    public void CurrentNodeIsTheVisibleVersion()
    {
        var table = new MemTable();
        table.Add(1, EntryKind.Put, "k"u8, "old"u8);
        table.Add(3, EntryKind.Put, "k"u8, "new"u8);
        var iterator = new MemTableIterator(table, 2);
        iterator.SeekForward(null);
        Assert.Equal(1ul, table.SequenceOf(iterator.CurrentNode));
        Assert.Equal("old"u8.ToArray(), iterator.Value.ToArray());
    }
}
