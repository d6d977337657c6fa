using Lightning.Kv.Encoding;
using Lightning.Kv.Iterators;
using Lightning.Kv.Memtable;
using Lightning.Kv.Sst;

namespace Lightning.Kv.Tests.Sst;

/// <summary>Forward and reverse iteration and seeks to every boundary, compared with the sorted model.</summary>
public sealed class SstIteratorTests
{
    public static TheoryData<int, int, int> Layouts => new()
    {
        { 11, 4096, 16 },
        { 12, 128, 1 },
        { 13, 200, 5 },
    };

    [Theory]
    [MemberData(nameof(Layouts))]
    public void Forward_and_reverse_scans_yield_the_model_in_order(int seed, int blockSize, int restartInterval)
    {
        (MemoryFileSystem fs, List<ModelEntry> model) = Build(seed, 2500, blockSize, restartInterval);
        using SstReader reader = SstReader.Open(fs, SstTestKit.PathFor(1), 1);
        using SstIterator iterator = reader.NewIterator();
        int i = 0;
        for (iterator.SeekForward(null); iterator.Valid; iterator.Next()) SstTestKit.AssertAt(iterator, model[i++]);
        Assert.Equal(model.Count, i);
        for (iterator.SeekBackward(null); iterator.Valid; iterator.Previous()) SstTestKit.AssertAt(iterator, model[--i]);
        Assert.Equal(0, i);
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public void Seeks_to_every_boundary_land_where_the_model_says(int seed, int blockSize, int restartInterval)
    {
        (MemoryFileSystem fs, List<ModelEntry> model) = Build(seed, 800, blockSize, restartInterval);
        using SstReader reader = SstReader.Open(fs, SstTestKit.PathFor(1), 1);
        using SstIterator iterator = reader.NewIterator();
        foreach (byte[] probe in SstTestKit.BoundaryProbes(model))
        {
            int at = SstTestKit.LowerBound(model, probe);
            iterator.SeekForward(probe);
            if (at == model.Count)
            {
                Assert.False(iterator.Valid);
            }
            else
            {
                SstTestKit.AssertAt(iterator, model[at]);
                // A couple of steps both ways from the landing point.
                iterator.Next();
                if (at + 1 < model.Count) SstTestKit.AssertAt(iterator, model[at + 1]);
                else Assert.False(iterator.Valid);
            }
            iterator.SeekBackward(probe);
            if (at == 0)
            {
                Assert.False(iterator.Valid);
            }
            else
            {
                SstTestKit.AssertAt(iterator, model[at - 1]);
                iterator.Previous();
                if (at >= 2) SstTestKit.AssertAt(iterator, model[at - 2]);
                else Assert.False(iterator.Valid);
            }
        }
    }

    [Fact]
    public void Direction_changes_mid_scan_stay_consistent()
    {
        (MemoryFileSystem fs, List<ModelEntry> model) = Build(14, 1500, 300, 4);
        using SstReader reader = SstReader.Open(fs, SstTestKit.PathFor(1), 1);
        using SstIterator iterator = reader.NewIterator();
        var random = new Random(14);
        int position = model.Count / 2;
        iterator.SeekForward(model[position].Key);
        for (int step = 0; step < 20_000; step++)
        {
            if (random.Next(2) == 0 && position + 1 < model.Count)
            {
                iterator.Next();
                position++;
            }
            else if (position > 0)
            {
                iterator.Previous();
                position--;
            }
            SstTestKit.AssertAt(iterator, model[position]);
        }
    }

    [Fact]
    public void Seek_before_the_first_key_and_after_the_last()
    {
        (MemoryFileSystem fs, List<ModelEntry> model) = Build(15, 300, 512, 16);
        using SstReader reader = SstReader.Open(fs, SstTestKit.PathFor(1), 1);
        using SstIterator iterator = reader.NewIterator();
        iterator.SeekForward([0]);
        SstTestKit.AssertAt(iterator, model[0]); // [0] is the model's first key
        iterator.Previous();
        Assert.False(iterator.Valid);
        iterator.SeekBackward([0]);
        Assert.False(iterator.Valid);
        byte[] afterAll = Enumerable.Repeat((byte)0xFF, 40).ToArray();
        iterator.SeekForward(afterAll);
        Assert.False(iterator.Valid);
        iterator.SeekBackward(afterAll);
        SstTestKit.AssertAt(iterator, model[^1]);
        iterator.Next();
        Assert.False(iterator.Valid);
    }

    [Fact]
    public void A_run_merges_under_a_newer_memtable_in_the_merging_iterator()
    {
        (MemoryFileSystem fs, List<ModelEntry> model) = Build(16, 600, 4096, 16);
        using SstReader reader = SstReader.Open(fs, SstTestKit.PathFor(1), 1);
        var memtable = new MemTable();
        var expected = new SortedDictionary<byte[], byte[]>(KeyComparer.Instance);
        foreach (ModelEntry entry in model)
            if (entry.Kind == EntryKind.Put) expected[entry.Key] = entry.Value;
        var random = new Random(16);
        ulong sequence = 1UL << 50;
        for (int i = 0; i < 200; i++)
        {
            byte[] key = random.Next(2) == 0 ? model[random.Next(model.Count)].Key : [(byte)'m', (byte)random.Next(256), (byte)i];
            if (random.Next(3) == 0)
            {
                memtable.Add(++sequence, EntryKind.Delete, key, []);
                expected.Remove(key);
            }
            else
            {
                byte[] value = [(byte)i];
                memtable.Add(++sequence, EntryKind.Put, key, value);
                expected[key] = value;
            }
        }
        foreach (bool reverse in new[] { false, true })
        {
            using var merge = new MergingIterator([new MemTableIterator(memtable, ulong.MaxValue >> 1), reader.NewIterator()]);
            var seen = new List<KeyValuePair<byte[], byte[]>>();
            for (merge.Seek(null, null, reverse); merge.Valid; merge.Move()) seen.Add(new(merge.Key.ToArray(), merge.Value.ToArray()));
            if (reverse) seen.Reverse();
            Assert.Equal(expected.Count, seen.Count);
            int i = 0;
            foreach ((byte[] key, byte[] value) in expected)
            {
                Assert.Equal(key, seen[i].Key);
                Assert.Equal(value, seen[i].Value);
                i++;
            }
        }
    }

    private static (MemoryFileSystem, List<ModelEntry>) Build(int seed, int count, int blockSize, int restartInterval)
    {
        var fs = new MemoryFileSystem();
        List<ModelEntry> model = SstTestKit.RandomModel(seed, count);
        SstTestKit.Write(fs, SstTestKit.PathFor(1), model, new SstWriterOptions { BlockSize = blockSize, RestartInterval = restartInterval });
        return (fs, model);
    }
}
