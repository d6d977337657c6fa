using BenchmarkDotNet.Attributes;

namespace Lightning.Kv.Benchmarks;

/// <summary>
/// Point reads of random existing keys from the B+Tree (100k keys, all pages cached, 100-byte values):
/// <see cref="LightningDb.Get"/> (allocates the value), <see cref="LightningDb.TryGet"/> (copies into a caller
/// buffer) and <see cref="LightningDb.TryRead{TState}"/> (lends the value in place; no copy, no allocation).
/// </summary>
[MemoryDiagnoser]
public class ZeroCopyBenchmarks
{
    private byte[][] _keys = [];
    private int[] _order = [];
    private LightningDb _db = null!;
    private string _directory = "";
    private readonly byte[] _buffer = new byte[256];
    private readonly Checksum _checksum = new();
    private int _next;

    /// <summary>The callback's state: a class allocated once, so the static lambda needs no closure.</summary>
    private sealed class Checksum
    {
        public long Sum;
    }

    [GlobalSetup]
    public void Setup()
    {
        _keys = BenchmarkData.Keys(100_000);
        _order = BenchmarkData.RandomOrder(_keys.Length, 5);
        _directory = BenchmarkData.NewDirectory("zerocopy");
        _db = LightningDb.Open(_directory, new LightningDbOptions { Durability = Durability.None, CacheSize = 256L << 20 });
        BenchmarkData.Load(_db, _keys, BenchmarkData.Value(6));
        foreach (byte[] key in _keys) _db.Get(key); // warm the cache
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _db.Dispose();
        BenchmarkData.Delete(_directory);
    }

    private byte[] NextKey() => _keys[_order[_next++ % _order.Length]];

    [Benchmark(Baseline = true, Description = "Get (allocates the value)")]
    public int Get() => _db.Get(NextKey())!.Length;

    [Benchmark(Description = "TryGet into a buffer (copies)")]
    public int TryGet() => _db.TryGet(NextKey(), _buffer, out int length) ? length : -1;

    [Benchmark(Description = "TryRead (zero-copy callback)")]
    public long TryRead()
    {
        _db.TryRead(NextKey(), _checksum, static (value, state) => state.Sum += value.Length);
        return _checksum.Sum;
    }
}
