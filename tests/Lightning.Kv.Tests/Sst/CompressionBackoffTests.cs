using Lightning.Kv.Encoding;
using Lightning.Kv.Sst;

namespace Lightning.Kv.Tests.Sst;

/// <summary>The writer stops trying LZ4 on every block of incompressible data and resumes when data compresses again.</summary>
public sealed class CompressionBackoffTests
{
    [Fact]
    public void AfterFourFailuresOnlyEverySixteenthBlockIsTriedUntilOneSucceeds()
    {
        var backoff = new CompressionBackoff();
        for (int i = 0; i < CompressionBackoff.FailuresBeforeBackoff; i++)
        {
            Assert.True(backoff.ShouldTry());
            backoff.Record(compressed: false);
        }
        var tried = new List<int>();
        for (int block = 1; block <= 64; block++)
            if (backoff.ShouldTry())
            {
                tried.Add(block);
                backoff.Record(compressed: false);
            }
        Assert.Equal(new[] { 16, 32, 48, 64 }, tried);

        // A probe that compresses ends the backoff: every block is tried again.
        while (!backoff.ShouldTry()) { }
        backoff.Record(compressed: true);
        for (int i = 0; i < 10; i++)
        {
            Assert.True(backoff.ShouldTry());
            backoff.Record(compressed: true);
        }
    }

    [Fact]
    public void ASuccessBeforeTheFourthFailureKeepsEveryBlockTried()
    {
        var backoff = new CompressionBackoff();
        for (int i = 0; i < 100; i++)
        {
            Assert.True(backoff.ShouldTry());
            backoff.Record(compressed: i % 3 == 0); // never four failures in a row
        }
    }

    /// <summary>
    /// A run of random values followed by compressible ones: the random stretch is stored raw (as before), and the
    /// compressible stretch is compressed except for at most one probe interval at the switch.
    /// </summary>
    [Fact]
    public void ARunTurningCompressibleIsCompressedAgainWithinOneProbeInterval()
    {
        var random = new Random(41);
        var model = new List<ModelEntry>();
        for (int i = 0; i < 4000; i++)
        {
            byte[] value;
            if (i < 2000)
            {
                value = new byte[200];
                random.NextBytes(value);
            }
            else
            {
                value = System.Text.Encoding.ASCII.GetBytes($"status=active;region=eu-west;tier=gold;owner={i % 7};padding=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
            }
            model.Add(new ModelEntry(System.Text.Encoding.ASCII.GetBytes($"key-{i:D7}"), (ulong)i + 1, EntryKind.Put, value));
        }
        var fs = new MemoryFileSystem();
        SstProperties all = SstTestKit.Write(fs, "/mixed.sst", model, new SstWriterOptions { BlockSize = 1024 });
        SstProperties compressibleOnly = SstTestKit.Write(fs, "/tail.sst", model.GetRange(2000, 2000), new SstWriterOptions { BlockSize = 1024 });

        Assert.Equal(compressibleOnly.DataBlockCount, compressibleOnly.CompressedBlockCount);
        Assert.InRange(all.CompressedBlockCount, compressibleOnly.CompressedBlockCount - (CompressionBackoff.ProbeInterval - 1), compressibleOnly.CompressedBlockCount + 1);
        using SstReader reader = SstReader.Open(fs, "/mixed.sst", 1);
        foreach (ModelEntry entry in model)
        {
            Assert.True(reader.TryGet(entry.Key, out _, out _, out byte[] value));
            Assert.Equal(entry.Value, value);
        }
    }
}
