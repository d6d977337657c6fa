using Lightning.Kv.Sst;

namespace Lightning.Kv.Tests.Sst;

/// <summary>Iterators of a run are reused after Dispose: never handed to two users at once, never returned twice.</summary>
public sealed class SstIteratorPoolTests
{
    private static (MemoryFileSystem Fs, List<ModelEntry> Model) Build(int seed, int count)
    {
        var fs = new MemoryFileSystem();
        List<ModelEntry> model = SstTestKit.RandomModel(seed, count);
        SstTestKit.Write(fs, SstTestKit.PathFor(1), model, new SstWriterOptions { BlockSize = 512, RestartInterval = 4 });
        return (fs, model);
    }

    [Fact]
    public void ADisposedIteratorIsReusedUnpositionedAndAnotherUserGetsAnotherOne()
    {
        (MemoryFileSystem fs, List<ModelEntry> model) = Build(21, 300);
        using SstReader reader = SstReader.Open(fs, SstTestKit.PathFor(1), 1);

        SstIterator first = reader.NewIterator();
        first.SeekForward(model[10].Key);
        SstTestKit.AssertAt(first, model[10]);
        SstIterator second = reader.NewIterator();
        Assert.NotSame(first, second); // first is still in use

        first.Dispose();
        SstIterator reused = reader.NewIterator();
        Assert.Same(first, reused);
        Assert.False(reused.Valid); // comes back unpositioned
        reused.SeekForward(model[200].Key);
        SstTestKit.AssertAt(reused, model[200]);
        reused.Dispose();
        second.Dispose();
    }

    [Fact]
    public void DisposingTwiceReturnsTheIteratorOnce()
    {
        (MemoryFileSystem fs, _) = Build(22, 100);
        using SstReader reader = SstReader.Open(fs, SstTestKit.PathFor(1), 1);
        SstIterator iterator = reader.NewIterator();
        iterator.Dispose();
        iterator.Dispose();
        SstIterator a = reader.NewIterator();
        SstIterator b = reader.NewIterator();
        Assert.NotSame(a, b); // a double return would hand the same iterator to both
        a.Dispose();
        b.Dispose();
    }

    /// <summary>Several threads scan one run through pooled iterators; each scan must see exactly the model.</summary>
    [Fact]
    public async Task ConcurrentScansThroughPooledIteratorsSeeTheModel()
    {
        (MemoryFileSystem fs, List<ModelEntry> model) = Build(23, 2000);
        using SstReader reader = SstReader.Open(fs, SstTestKit.PathFor(1), 1);
        Task[] workers = [.. Enumerable.Range(0, 6).Select(t => Task.Run(() =>
        {
            var random = new Random(t);
            for (int round = 0; round < 400; round++)
            {
                int at = random.Next(model.Count);
                using SstIterator iterator = reader.NewIterator();
                iterator.SeekForward(model[at].Key);
                for (int step = 0; step < 20 && at + step < model.Count; step++, iterator.Next())
                    SstTestKit.AssertAt(iterator, model[at + step]);
            }
        }))];
        await Task.WhenAll(workers);
    }
}
