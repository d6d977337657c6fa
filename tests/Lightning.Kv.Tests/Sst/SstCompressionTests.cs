using Lightning.Kv.Encoding;
using Lightning.Kv.Sst;
using Xunit.Abstractions;

namespace Lightning.Kv.Tests.Sst;

/// <summary>Adaptive per-block compression: LZ4 where it saves at least 12 %, raw otherwise.</summary>
public sealed class SstCompressionTests(ITestOutputHelper output)
{
    private static List<ModelEntry> Entries(int count, Func<int, byte[]> value) =>
        Enumerable.Range(0, count)
            .Select(i => new ModelEntry(System.Text.Encoding.ASCII.GetBytes($"key-{i:D7}"), (ulong)i + 1, EntryKind.Put, value(i)))
            .ToList();

    [Fact]
    public void Compressible_values_make_the_file_much_smaller_and_read_back()
    {
        List<ModelEntry> model = Entries(5000, i => System.Text.Encoding.ASCII.GetBytes($"status=active;region=eu-west;tier=gold;owner={i % 7}"));
        var fs = new MemoryFileSystem();
        SstProperties compressed = SstTestKit.Write(fs, "/c.sst", model);
        SstProperties raw = SstTestKit.Write(fs, "/r.sst", model, new SstWriterOptions { Compression = false });
        Assert.Equal(compressed.DataBlockCount, compressed.CompressedBlockCount);
        Assert.Equal(0, raw.CompressedBlockCount);
        Assert.Equal(raw.RawDataSize, compressed.RawDataSize);
        output.WriteLine($"data region: {compressed.DataSize} bytes compressed, {raw.DataSize} raw");
        Assert.True(compressed.DataSize * 3 < raw.DataSize, $"compressed {compressed.DataSize} vs raw {raw.DataSize}");
        Assert.True(fs.ReadAll("/c.sst").Length * 2 < fs.ReadAll("/r.sst").Length);
        using SstReader reader = SstReader.Open(fs, "/c.sst", 1);
        using SstIterator iterator = reader.NewIterator();
        int n = 0;
        for (iterator.SeekForward(null); iterator.Valid; iterator.Next()) SstTestKit.AssertAt(iterator, model[n++]);
        Assert.Equal(model.Count, n);
    }

    [Fact]
    public void Random_values_are_stored_raw()
    {
        var random = new Random(31);
        List<ModelEntry> model = Entries(3000, _ =>
        {
            byte[] value = new byte[300];
            random.NextBytes(value);
            return value;
        });
        var fs = new MemoryFileSystem();
        SstProperties properties = SstTestKit.Write(fs, "/r.sst", model);
        Assert.Equal(0, properties.CompressedBlockCount);
        // Stored raw: the data region is the contents plus a 5-byte trailer per block.
        Assert.Equal(properties.RawDataSize + properties.DataBlockCount * SstFormat.BlockTrailerSize, properties.DataSize);
        using SstReader reader = SstReader.Open(fs, "/r.sst", 1);
        foreach (ModelEntry entry in model)
        {
            Assert.True(reader.TryGet(entry.Key, out _, out _, out byte[] value));
            Assert.Equal(entry.Value, value);
        }
    }

    [Fact]
    public void A_block_is_compressed_only_when_that_saves_at_least_12_percent()
    {
        var random = new Random(32);
        byte[] buffer = [];
        // Contents whose compressible fraction is swept from none to all.
        int compressedBelowThreshold = 0, rawAboveThreshold = 0, compressedCount = 0;
        for (int repeated = 0; repeated <= 4096; repeated += 128)
        {
            byte[] contents = new byte[4096];
            random.NextBytes(contents.AsSpan(repeated));
            int stored = SstStoredBlock.Encode(contents, tryCompress: true, ref buffer, out bool compressed);
            bool savesEnough = stored * 100 <= contents.Length * 88;
            if (compressed)
            {
                compressedCount++;
                if (!savesEnough) compressedBelowThreshold++;
            }
            int length = SstStoredBlock.Verify(buffer.AsSpan(0, stored + SstFormat.BlockTrailerSize), "test", 0);
            byte[] decoded = new byte[length];
            SstStoredBlock.Decode(buffer.AsSpan(0, stored + SstFormat.BlockTrailerSize), decoded, "test", 0);
            Assert.Equal(contents, decoded);
            if (!compressed) Assert.Equal(contents.Length, stored);
            if (!compressed && repeated >= 1024) rawAboveThreshold++;
        }
        Assert.Equal(0, compressedBelowThreshold);
        Assert.Equal(0, rawAboveThreshold); // a quarter of the block in one run of zeros already saves well over 12 %
        Assert.InRange(compressedCount, 20, 32);
    }
}
