using BenchmarkDotNet.Attributes;

namespace Lightning.Kv.Benchmarks;

/// <summary>
/// Point reads of random existing keys. Hot: 100k keys in the B+Tree, all pages cached. Cold: 400k keys in
/// the B+Tree with a 64 KiB page cache, so nearly every read goes to the file and verifies page checksums.
/// Memtable: 100k keys not yet flushed.
/// </summary>
[MemoryDiagnoser]
public class GetBenchmarks
{
    private byte[][] _hotKeys = [];
    private byte[][] _coldKeys = [];
    private int[] _hotOrder = [];
    private int[] _coldOrder = [];
    private LightningDb _hot = null!;
    private LightningDb _cold = null!;
    private LightningDb _memtable = null!;
    private readonly List<string> _directories = new();
    private readonly byte[] _buffer = new byte[256];
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        byte[] value = BenchmarkData.Value(2);
        _hotKeys = BenchmarkData.Keys(100_000);
        _coldKeys = BenchmarkData.Keys(400_000);
        _hotOrder = BenchmarkData.RandomOrder(_hotKeys.Length, 3);
        _coldOrder = BenchmarkData.RandomOrder(_coldKeys.Length, 4);
        _hot = Open("get-hot", new LightningDbOptions { Durability = Durability.None, CacheSize = 256L << 20 });
        BenchmarkData.Load(_hot, _hotKeys, value);
        _cold = Open("get-cold", new LightningDbOptions { Durability = Durability.None, CacheSize = 64 * 1024 });
        BenchmarkData.Load(_cold, _coldKeys, value);
        _memtable = Open("get-memtable", new LightningDbOptions { Durability = Durability.None });
        var batch = new WriteBatch();
        foreach (byte[] key in _hotKeys)
        {
            batch.Put(key, value);
            if (batch.Count == 1000) { _memtable.Write(batch); batch.Clear(); }
        }
        foreach (byte[] key in _hotKeys) _hot.Get(key); // warm the cache
    }

    private LightningDb Open(string name, LightningDbOptions options)
    {
        string directory = BenchmarkData.NewDirectory(name);
        _directories.Add(directory);
        return LightningDb.Open(directory, options);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _hot.Dispose();
        _cold.Dispose();
        _memtable.Dispose();
        foreach (string directory in _directories) BenchmarkData.Delete(directory);
    }

    private byte[] NextHot() => _hotKeys[_hotOrder[_next++ % _hotOrder.Length]];

    [Benchmark(Description = "Get, hot cache (tree)")]
    public byte[]? GetHot() => _hot.Get(NextHot());

    [Benchmark(Description = "TryGet, hot cache (tree), no allocation")]
    public bool TryGetHot() => _hot.TryGet(NextHot(), _buffer, out _);

    [Benchmark(Description = "Get, cold cache (tree)")]
    public byte[]? GetCold() => _cold.Get(_coldKeys[_coldOrder[_next++ % _coldOrder.Length]]);

    [Benchmark(Description = "Get, memtable")]
    public byte[]? GetMemtable() => _memtable.Get(NextHot());
}
