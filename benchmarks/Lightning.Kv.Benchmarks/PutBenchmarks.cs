using BenchmarkDotNet.Attributes;

namespace Lightning.Kv.Benchmarks;

/// <summary>Single-key puts (16-byte key, 100-byte value), each its own commit.</summary>
[MemoryDiagnoser]
public class PutBenchmarks
{
    private const int KeyCount = 1 << 20;
    private byte[][] _keys = [];
    private byte[] _value = [];
    private LightningDb _db = null!;
    private string _directory = "";
    private int _next;

    /// <summary>Full: fsync before each put returns. None: the OS decides (a process crash still loses nothing).</summary>
    [Params(Durability.None, Durability.Full)]
    public Durability Durability { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _keys = BenchmarkData.Keys(KeyCount);
        _value = BenchmarkData.Value(1);
        _directory = BenchmarkData.NewDirectory("put");
        _db = LightningDb.Open(_directory, new LightningDbOptions { Durability = Durability });
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _db.Dispose();
        BenchmarkData.Delete(_directory);
    }

    [Benchmark]
    public void Put()
    {
        _db.Put(_keys[_next], _value);
        _next = (_next + 1) & (KeyCount - 1);
    }
}
