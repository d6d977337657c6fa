using System.Buffers.Binary;
using Lightning.Kv.Encoding;
using Lightning.Kv.Sst;

namespace Lightning.Kv.Tests.Sst;

/// <summary>
/// Damage anywhere in a run is reported as <see cref="LightningCorruptionException"/> (or, for a foreign footer,
/// <see cref="LightningErrorCode.UnsupportedFormat"/>), never as another exception type or wrong data.
/// </summary>
public sealed class SstCorruptionTests
{
    private const string FilePath = "/db/l0/000001.sst";

    /// <summary>A small run of several blocks, some compressed (text values) and some raw (random values).</summary>
    private static (MemoryFileSystem Fs, List<ModelEntry> Model, byte[] Image) Build()
    {
        var random = new Random(41);
        var model = new List<ModelEntry>();
        for (int i = 0; i < 150; i++)
        {
            byte[] value;
            if ((i / 20) % 2 == 0)
            {
                value = System.Text.Encoding.ASCII.GetBytes($"text value number {i % 3} text value");
            }
            else
            {
                value = new byte[24];
                random.NextBytes(value);
            }
            EntryKind kind = i % 9 == 0 ? EntryKind.Delete : EntryKind.Put;
            model.Add(new ModelEntry(System.Text.Encoding.ASCII.GetBytes($"key:{i:D4}"), (ulong)i + 1, kind, kind == EntryKind.Put ? value : []));
        }
        var fs = new MemoryFileSystem();
        SstProperties properties = SstTestKit.Write(fs, FilePath, model, new SstWriterOptions { BlockSize = 512 });
        Assert.InRange(properties.CompressedBlockCount, 1, properties.DataBlockCount - 1);
        return (fs, model, fs.ReadAll(FilePath));
    }

    /// <summary>Opens the run and reads all of it: every data block is read and verified.</summary>
    private static void ReadEverything(MemoryFileSystem fs, List<ModelEntry> model)
    {
        using SstReader reader = SstReader.Open(fs, FilePath, 1);
        using SstIterator iterator = reader.NewIterator();
        int n = 0;
        for (iterator.SeekForward(null); iterator.Valid; iterator.Next()) SstTestKit.AssertAt(iterator, model[n++]);
        Assert.Equal(model.Count, n);
        foreach (ModelEntry entry in model)
        {
            Assert.True(reader.TryGet(entry.Key, out _, out _, out byte[] value));
            Assert.Equal(entry.Value, value);
        }
    }

    [Fact]
    public void Every_single_byte_flip_in_every_region_is_detected()
    {
        (MemoryFileSystem fs, List<ModelEntry> model, byte[] image) = Build();
        ReadEverything(fs, model); // the intact file reads fine
        SstFooter footer = SstFooter.Read(image.AsSpan(^SstFormat.FooterSize), FilePath, image.Length);
        var detected = new Dictionary<string, int>();
        for (int position = 0; position < image.Length; position++)
        {
            byte[] damaged = (byte[])image.Clone();
            damaged[position] ^= (byte)(1 << (position % 8));
            fs.WriteAll(FilePath, damaged);
            LightningException error = Assert.ThrowsAny<LightningException>(() => ReadEverything(fs, model));
            string region = position < footer.Index.Offset ? "data"
                : position < footer.Bloom.Offset ? "index"
                : position < footer.Properties.Offset ? "bloom"
                : position < image.Length - SstFormat.FooterSize ? "properties"
                : "footer";
            if (region == "footer")
            {
                Assert.True(error.Code is LightningErrorCode.Corruption or LightningErrorCode.UnsupportedFormat, error.Message);
            }
            else
            {
                var corruption = Assert.IsType<LightningCorruptionException>(error);
                Assert.Equal(FilePath, corruption.FilePath);
                Assert.InRange(corruption.Offset, 0, image.Length);
                Assert.True(corruption.Offset <= position, $"offset {corruption.Offset} is past the damage at {position}");
            }
            detected[region] = detected.GetValueOrDefault(region) + 1;
        }
        Assert.Equal(["bloom", "data", "footer", "index", "properties"], detected.Keys.Order());
        Assert.Equal(image.Length, detected.Values.Sum());
    }

    [Fact]
    public void Damage_in_a_data_block_names_that_block_on_lookup()
    {
        (MemoryFileSystem fs, List<ModelEntry> model, byte[] image) = Build();
        SstBlockHandle third;
        using (SstReader clean = SstReader.Open(fs, FilePath, 1)) third = clean.Index.Handle(2);
        image[third.Offset + 3] ^= 0x10;
        fs.WriteAll(FilePath, image);
        using SstReader reader = SstReader.Open(fs, FilePath, 1); // data blocks are verified when read, not at open
        int failures = 0;
        foreach (ModelEntry entry in model)
        {
            try
            {
                Assert.True(reader.TryGet(entry.Key, out _, out _, out byte[] value));
                Assert.Equal(entry.Value, value);
            }
            catch (LightningCorruptionException error)
            {
                Assert.Equal(third.Offset, error.Offset);
                Assert.Contains("checksum", error.Message);
                failures++;
            }
        }
        Assert.InRange(failures, 1, model.Count / 3);
    }

    [Fact]
    public void Truncation_at_every_length_is_a_clear_error()
    {
        (MemoryFileSystem fs, _, byte[] image) = Build();
        for (int length = 0; length < image.Length; length++)
        {
            fs.WriteAll(FilePath, image[..length]);
            LightningException error = Assert.ThrowsAny<LightningException>(() => SstReader.Open(fs, FilePath, 1).Dispose());
            Assert.True(error.Code is LightningErrorCode.Corruption or LightningErrorCode.UnsupportedFormat, error.Message);
            Assert.Contains(FilePath, error.Message);
            if (length < SstFormat.FooterSize) Assert.Contains("truncated", error.Message);
        }
    }

    [Fact]
    public void Foreign_magic_and_unknown_version_are_unsupported_formats()
    {
        (MemoryFileSystem fs, _, byte[] image) = Build();
        byte[] foreign = (byte[])image.Clone();
        foreign[^1] ^= 0xFF;
        fs.WriteAll(FilePath, foreign);
        LightningException error = Assert.ThrowsAny<LightningException>(() => SstReader.Open(fs, FilePath, 1));
        Assert.Equal(LightningErrorCode.UnsupportedFormat, error.Code);

        // A well-formed footer (valid checksum) of version 2.
        byte[] newer = (byte[])image.Clone();
        Span<byte> footer = newer.AsSpan(^SstFormat.FooterSize);
        BinaryPrimitives.WriteUInt32LittleEndian(footer[36..], 2);
        BinaryPrimitives.WriteUInt32LittleEndian(footer[40..], Crc32C.Compute(footer[..40]));
        fs.WriteAll(FilePath, newer);
        error = Assert.ThrowsAny<LightningException>(() => SstReader.Open(fs, FilePath, 1));
        Assert.Equal(LightningErrorCode.UnsupportedFormat, error.Code);
        Assert.Contains("version 2", error.Message);
    }

    [Fact]
    public void Garbage_block_contents_with_a_valid_checksum_raise_corruption_not_crashes()
    {
        (MemoryFileSystem fs, List<ModelEntry> model, byte[] image) = Build();
        SstBlockHandle[] handles;
        using (SstReader clean = SstReader.Open(fs, FilePath, 1))
            handles = Enumerable.Range(0, clean.Index.Count).Select(clean.Index.Handle).ToArray();
        var random = new Random(42);
        int corruptions = 0;
        for (int trial = 0; trial < 600; trial++)
        {
            byte[] damaged = (byte[])image.Clone();
            SstBlockHandle handle = handles[random.Next(handles.Length)];
            Span<byte> stored = damaged.AsSpan((int)handle.Offset, handle.Size);
            // Either a few changed bytes or wholly random contents, then a checksum that matches again.
            if (trial % 3 == 0) random.NextBytes(stored);
            else for (int i = 0; i < 1 + trial % 4; i++) stored[random.Next(stored.Length)] = (byte)random.Next(256);
            if (trial % 3 == 0 && trial % 2 == 0 && handle.Size >= 8)
                BinaryPrimitives.WriteInt32LittleEndian(stored, random.Next(16, 4096)); // plausible restart counts and lengths
            Span<byte> framed = damaged.AsSpan((int)handle.Offset, handle.Size + SstFormat.BlockTrailerSize);
            BinaryPrimitives.WriteUInt32LittleEndian(framed[(handle.Size + 1)..], Crc32C.Compute(framed[..(handle.Size + 1)]));
            fs.WriteAll(FilePath, damaged);
            try
            {
                ScanBothWaysAndGet(fs, model);
            }
            catch (LightningCorruptionException error)
            {
                Assert.Equal(handle.Offset, error.Offset);
                corruptions++;
            }
            catch (Xunit.Sdk.XunitException)
            {
                // Changed bytes that still decode (a value byte, a sequence) read back as changed data: expected here.
            }
        }
        Assert.True(corruptions > 300, $"only {corruptions} corruptions were reported");
    }

    private static void ScanBothWaysAndGet(MemoryFileSystem fs, List<ModelEntry> model)
    {
        using SstReader reader = SstReader.Open(fs, FilePath, 1);
        using SstIterator iterator = reader.NewIterator();
        int n = 0;
        for (iterator.SeekForward(null); iterator.Valid && n < 10_000; iterator.Next()) n++;
        for (iterator.SeekBackward(null); iterator.Valid && n < 20_000; iterator.Previous()) n++;
        foreach (ModelEntry entry in model)
        {
            reader.TryGet(entry.Key, out _, out _, out byte[] _);
            iterator.SeekForward(entry.Key);
            iterator.SeekBackward(entry.Key);
        }
        Assert.Equal(2 * model.Count, n);
    }
}
