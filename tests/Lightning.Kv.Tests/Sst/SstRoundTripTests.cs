using Lightning.Kv.Encoding;
using Lightning.Kv.Sst;

namespace Lightning.Kv.Tests.Sst;

/// <summary>Runs written from random sorted models read back exactly: point lookups, properties, every option.</summary>
public sealed class SstRoundTripTests
{
    public static TheoryData<int, int, int> Layouts => new()
    {
        // seed, block size, restart interval
        { 1, 4096, 16 },
        { 2, 256, 1 },
        { 3, 64, 3 },
        { 4, 16 * 1024, 64 },
    };

    [Theory]
    [MemberData(nameof(Layouts))]
    public void Every_key_reads_back_with_its_kind_sequence_and_value(int seed, int blockSize, int restartInterval)
    {
        var fs = new MemoryFileSystem();
        List<ModelEntry> model = SstTestKit.RandomModel(seed, 3000);
        var options = new SstWriterOptions { BlockSize = blockSize, RestartInterval = restartInterval };
        SstTestKit.Write(fs, SstTestKit.PathFor(1), model, options);
        using SstReader reader = SstReader.Open(fs, SstTestKit.PathFor(1), 1);
        byte[] buffer = new byte[100_000];
        foreach (ModelEntry entry in model)
        {
            Assert.True(reader.TryGet(entry.Key, out EntryKind kind, out ulong sequence, out byte[] value));
            Assert.Equal(entry.Kind, kind);
            Assert.Equal(entry.Sequence, sequence);
            Assert.Equal(entry.Value, value);
            Assert.True(reader.TryGet(entry.Key, out kind, out sequence, buffer, out int length));
            Assert.Equal(entry.Value.Length, length);
            Assert.True(buffer.AsSpan(0, length).SequenceEqual(entry.Value));
        }
    }

    [Fact]
    public void Absent_keys_are_not_found()
    {
        var fs = new MemoryFileSystem();
        List<ModelEntry> model = SstTestKit.RandomModel(5, 2000);
        SstTestKit.Write(fs, SstTestKit.PathFor(1), model);
        using SstReader reader = SstReader.Open(fs, SstTestKit.PathFor(1), 1);
        var present = new HashSet<byte[]>(model.Select(e => e.Key), KeyEqualityComparer.Instance);
        int probed = 0;
        foreach (byte[] probe in SstTestKit.BoundaryProbes(model))
        {
            if (present.Contains(probe)) continue;
            probed++;
            Assert.False(reader.TryGet(probe, out _, out _, out byte[] _));
        }
        Assert.True(probed > 5000);
    }

    [Fact]
    public void Properties_record_counts_key_range_sequence_range_and_sizes()
    {
        var fs = new MemoryFileSystem();
        List<ModelEntry> model = SstTestKit.RandomModel(6, 1500);
        SstProperties written = SstTestKit.Write(fs, SstTestKit.PathFor(7), model);
        using SstReader reader = SstReader.Open(fs, SstTestKit.PathFor(7), 7);
        SstProperties read = reader.Properties;
        Assert.Equal(model.Count, read.EntryCount);
        Assert.Equal(model.Count(e => e.Kind == EntryKind.Delete), read.TombstoneCount);
        Assert.Equal(model[0].Key, read.SmallestKey);
        Assert.Equal(model[^1].Key, read.LargestKey);
        Assert.Equal(model.Min(e => e.Sequence), read.MinSequence);
        Assert.Equal(model.Max(e => e.Sequence), read.MaxSequence);
        Assert.Equal(written.DataSize, read.DataSize);
        Assert.Equal(written.DataBlockCount, read.DataBlockCount);
        Assert.Equal(reader.Index.Count, read.DataBlockCount);
        Assert.True(read.DataBlockCount > 10);
        Assert.True(read.DataSize < fs.ReadAll(SstTestKit.PathFor(7)).Length);
        Assert.Equal(7UL, reader.FileNumber);
    }

    [Fact]
    public void A_single_entry_run_and_a_run_of_only_tombstones_read_back()
    {
        var fs = new MemoryFileSystem();
        List<ModelEntry> one = [new ModelEntry([42], 9, EntryKind.Put, [1, 2, 3])];
        SstTestKit.Write(fs, SstTestKit.PathFor(1), one);
        using (SstReader reader = SstReader.Open(fs, SstTestKit.PathFor(1), 1))
        {
            Assert.True(reader.TryGet([42], out EntryKind kind, out ulong sequence, out byte[] value));
            Assert.Equal((EntryKind.Put, 9UL), (kind, sequence));
            Assert.Equal([1, 2, 3], value);
            Assert.False(reader.TryGet([41], out _, out _, out byte[] _));
            Assert.False(reader.TryGet([43], out _, out _, out byte[] _));
        }
        List<ModelEntry> tombstones = Enumerable.Range(0, 500)
            .Select(i => new ModelEntry(System.Text.Encoding.ASCII.GetBytes($"k{i:D5}"), (ulong)i + 1, EntryKind.Delete, [])).ToList();
        SstTestKit.Write(fs, SstTestKit.PathFor(2), tombstones);
        using SstReader dead = SstReader.Open(fs, SstTestKit.PathFor(2), 2);
        foreach (ModelEntry entry in tombstones)
        {
            Assert.True(dead.TryGet(entry.Key, out EntryKind kind, out ulong sequence, out byte[] value));
            Assert.Equal(EntryKind.Delete, kind);
            Assert.Equal(entry.Sequence, sequence);
            Assert.Empty(value);
        }
        Assert.Equal(500, dead.Properties.TombstoneCount);
    }

    [Fact]
    public void Values_larger_than_a_block_get_a_block_of_their_own()
    {
        var fs = new MemoryFileSystem();
        var random = new Random(8);
        var model = new List<ModelEntry>();
        for (int i = 0; i < 40; i++)
        {
            byte[] value = new byte[i % 4 == 0 ? 300_000 : 50];
            random.NextBytes(value);
            model.Add(new ModelEntry(System.Text.Encoding.ASCII.GetBytes($"key{i:D3}"), (ulong)i + 1, EntryKind.Put, value));
        }
        SstTestKit.Write(fs, SstTestKit.PathFor(1), model);
        using SstReader reader = SstReader.Open(fs, SstTestKit.PathFor(1), 1);
        foreach (ModelEntry entry in model)
        {
            Assert.True(reader.TryGet(entry.Key, out _, out _, out byte[] value));
            Assert.Equal(entry.Value, value);
        }
        byte[] small = new byte[10];
        Assert.True(reader.TryGet(model[0].Key, out _, out _, small, out int length));
        Assert.Equal(300_000, length); // too large for the buffer: the length says how much to provide
    }

    [Fact]
    public void The_zero_copy_read_lends_the_value_in_place()
    {
        var fs = new MemoryFileSystem();
        List<ModelEntry> model = SstTestKit.RandomModel(9, 500, extremes: false);
        SstTestKit.Write(fs, SstTestKit.PathFor(1), model);
        using SstReader reader = SstReader.Open(fs, SstTestKit.PathFor(1), 1);
        var seen = new List<byte[]>();
        foreach (ModelEntry entry in model)
        {
            Assert.True(reader.TryRead(entry.Key, out EntryKind kind, out _, seen, static (value, list) => list.Add(value.ToArray())));
            Assert.Equal(entry.Kind, kind);
            Assert.Equal(entry.Value, seen[^1]);
        }
    }

    [Fact]
    public void File_names_round_trip_and_foreign_names_are_rejected()
    {
        Assert.Equal("000042.sst", SstFileName.For(42));
        Assert.Equal("1234567.sst", SstFileName.For(1234567));
        Assert.True(SstFileName.TryParse("000042.sst", out ulong number));
        Assert.Equal(42UL, number);
        Assert.True(SstFileName.TryParse(SstFileName.For(ulong.MaxValue), out number));
        Assert.Equal(ulong.MaxValue, number);
        foreach (string bad in new[] { "42.sst", "000042.log", "000000.sst", "-00042.sst", " 00042.sst", "00004a.sst", "000042.sst.tmp", "" })
            Assert.False(SstFileName.TryParse(bad, out _), bad);
    }
}
