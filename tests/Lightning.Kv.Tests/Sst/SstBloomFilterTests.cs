using Lightning.Kv.Encoding;
using Lightning.Kv.Sst;
using Xunit.Abstractions;

namespace Lightning.Kv.Tests.Sst;

/// <summary>The bloom filter: no false negatives, a false-positive rate near the 10-bits-per-key design point.</summary>
public sealed class SstBloomFilterTests(ITestOutputHelper output)
{
    private static byte[] Key(string prefix, int i) => System.Text.Encoding.ASCII.GetBytes(prefix + i.ToString("D8"));

    [Fact]
    public void False_positive_rate_on_100k_absent_keys_is_between_0_2_and_3_percent()
    {
        var fs = new MemoryFileSystem();
        var model = new List<ModelEntry>();
        for (int i = 0; i < 20_000; i++) model.Add(new ModelEntry(Key("present-", i), 1, EntryKind.Put, [1]));
        SstTestKit.Write(fs, SstTestKit.PathFor(1), model);
        using SstReader reader = SstReader.Open(fs, SstTestKit.PathFor(1), 1);
        Assert.Equal(7, reader.Bloom.Probes);
        int falsePositives = 0;
        for (int i = 0; i < 100_000; i++)
        {
            byte[] absent = Key("absent-", i);
            if (reader.MayContain(absent)) falsePositives++;
            Assert.False(reader.TryGet(absent, out _, out _, out byte[] _));
        }
        double rate = falsePositives / 100_000.0;
        output.WriteLine($"bloom false positives: {falsePositives} of 100000 absent keys ({rate:P2})");
        Assert.InRange(rate, 0.002, 0.03);
        // Every lookup the filter rejected was counted as a bloom negative; the rest went to a block.
        Assert.Equal(100_000 - falsePositives, reader.BloomNegatives);
    }

    [Fact]
    public void Every_present_key_passes_the_filter()
    {
        var random = new Random(21);
        var hashes = new ulong[50_000];
        var keys = new byte[hashes.Length][];
        for (int i = 0; i < keys.Length; i++)
        {
            keys[i] = new byte[random.Next(1, 40)];
            random.NextBytes(keys[i]);
            hashes[i] = SstKeyHash.Compute(keys[i]);
        }
        byte[] block = SstBloomFilter.Build(hashes, 10);
        SstBloomFilter filter = SstBloomFilter.Decode(block, block.Length, "test", 0);
        foreach (byte[] key in keys) Assert.True(filter.MayContain(key));
        Assert.Equal(500_032UL, filter.BitCount); // 10 bits per key, rounded up to 64
    }

    [Fact]
    public void Hash_is_stable_and_sensitive_to_every_byte()
    {
        // Fixed values: the hash is part of the file format; a change here needs a new format version.
        Assert.Equal(SstKeyHash.Compute("hello"u8), SstKeyHash.Compute("hello"u8.ToArray()));
        ulong[] known = [SstKeyHash.Compute([]), SstKeyHash.Compute("a"u8), SstKeyHash.Compute("user:00000001"u8)];
        Assert.Equal(known.Length, known.Distinct().Count());
        byte[] key = new byte[37];
        new Random(22).NextBytes(key);
        ulong baseline = SstKeyHash.Compute(key);
        for (int i = 0; i < key.Length; i++)
            for (int bit = 0; bit < 8; bit++)
            {
                key[i] ^= (byte)(1 << bit);
                ulong flipped = SstKeyHash.Compute(key);
                key[i] ^= (byte)(1 << bit);
                Assert.NotEqual(baseline, flipped);
                // Both halves (the two double-hashing functions) must change.
                Assert.NotEqual((uint)baseline, (uint)flipped);
                Assert.NotEqual((uint)(baseline >> 32), (uint)(flipped >> 32));
            }
    }

    [Fact]
    public void Probe_count_follows_bits_per_key()
    {
        Assert.Equal(7, SstBloomFilter.ProbesFor(10));
        Assert.Equal(1, SstBloomFilter.ProbesFor(1));
        Assert.Equal(30, SstBloomFilter.ProbesFor(64));
    }
}
