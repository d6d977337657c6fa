using Lightning.Kv.Encoding;
using Lightning.Kv.Sst;

namespace Lightning.Kv.Tests.Sst;

/// <summary>One shared reader, several threads doing point lookups and scans at once, all agreeing with the model.</summary>
public sealed class SstConcurrencyTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Concurrent_gets_and_scans_on_one_reader_agree_with_the_model(bool withCache)
    {
        var fs = new MemoryFileSystem();
        List<ModelEntry> model = SstTestKit.RandomModel(71, 4000);
        SstTestKit.Write(fs, SstTestKit.PathFor(1), model, new SstWriterOptions { BlockSize = 1024 });
        var cache = withCache ? new TestBlockCache() : null;
        using SstReader reader = SstReader.Open(fs, SstTestKit.PathFor(1), 1, cache);
        const int threadCount = 4;
        var failures = new List<Exception>();
        var threads = new Thread[threadCount];
        for (int t = 0; t < threadCount; t++)
        {
            int seed = 700 + t;
            threads[t] = new Thread(() =>
            {
                try
                {
                    Work(reader, model, seed);
                }
                catch (Exception error)
                {
                    lock (failures) failures.Add(error);
                }
            });
            threads[t].Start();
        }
        foreach (Thread thread in threads) thread.Join();
        Assert.Empty(failures);
        if (cache is not null) Assert.True(cache.Hits > 0);
    }

    private static void Work(SstReader reader, List<ModelEntry> model, int seed)
    {
        var random = new Random(seed);
        byte[] buffer = new byte[128 * 1024];
        using SstIterator iterator = reader.NewIterator();
        for (int round = 0; round < 40; round++)
        {
            for (int i = 0; i < 200; i++)
            {
                ModelEntry entry = model[random.Next(model.Count)];
                Assert.True(reader.TryGet(entry.Key, out EntryKind kind, out ulong sequence, buffer, out int length));
                Assert.Equal((entry.Kind, entry.Sequence), (kind, sequence));
                Assert.True(buffer.AsSpan(0, length).SequenceEqual(entry.Value));
                byte[] absent = [.. entry.Key, 0, 1];
                Assert.Equal(SstTestKit.LowerBound(model, absent) < model.Count && model[SstTestKit.LowerBound(model, absent)].Key.AsSpan().SequenceEqual(absent),
                    reader.TryGet(absent, out _, out _, buffer, out _));
            }
            // A 100-entry scan from a random point, forward or backward.
            int start = random.Next(model.Count);
            bool reverse = random.Next(2) == 0;
            if (reverse)
            {
                iterator.SeekBackward(model[start].Key);
                for (int i = start - 1; i >= Math.Max(0, start - 100); i--, iterator.Previous()) SstTestKit.AssertAt(iterator, model[i]);
            }
            else
            {
                iterator.SeekForward(model[start].Key);
                for (int i = start; i < Math.Min(model.Count, start + 100); i++, iterator.Next()) SstTestKit.AssertAt(iterator, model[i]);
            }
        }
    }
}
