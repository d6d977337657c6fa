using BenchmarkDotNet.Attributes;

namespace Lightning.Kv.Benchmarks;

/// <summary>Range scans of 100 consecutive keys from a random start, data in the B+Tree.</summary>
[MemoryDiagnoser]
public class ScanBenchmarks
{
    private const int ScanLength = 100;
    private byte[][] _keys = [];
    private int[] _starts = [];
    private LightningDb _db = null!;
    private string _directory = "";
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        _keys = BenchmarkData.Keys(200_000);
        _starts = BenchmarkData.RandomOrder(_keys.Length - ScanLength, 5);
        _directory = BenchmarkData.NewDirectory("scan");
        _db = LightningDb.Open(_directory, new LightningDbOptions { Durability = Durability.None, CacheSize = 256L << 20 });
        BenchmarkData.Load(_db, _keys, BenchmarkData.Value(6));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _db.Dispose();
        BenchmarkData.Delete(_directory);
    }

    private int Scan(bool reverse)
    {
        int start = _starts[_next++ % _starts.Length];
        int count = 0;
        foreach (KeyValuePair<byte[], byte[]> entry in _db.Scan(_keys[start], _keys[start + ScanLength], reverse)) count += entry.Value.Length > 0 ? 1 : 0;
        return count;
    }

    [Benchmark(Description = "Scan 100 keys forward")]
    public int ScanForward() => Scan(reverse: false);

    [Benchmark(Description = "Scan 100 keys reverse")]
    public int ScanReverse() => Scan(reverse: true);
}
