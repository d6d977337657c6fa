using BenchmarkDotNet.Attributes;

namespace Lightning.Kv.Benchmarks;

/// <summary>One atomic WriteBatch of 1,000 puts (16-byte keys, 100-byte values) per operation.</summary>
[MemoryDiagnoser]
public class BatchBenchmarks
{
    private const int BatchSize = 1000;
    private byte[][] _keys = [];
    private byte[] _value = [];
    private readonly WriteBatch _batch = new();
    private LightningDb _db = null!;
    private string _directory = "";
    private int _next;

    [Params(Durability.None, Durability.Full)]
    public Durability Durability { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _keys = BenchmarkData.Keys(1 << 20);
        _value = BenchmarkData.Value(7);
        _directory = BenchmarkData.NewDirectory("batch");
        _db = LightningDb.Open(_directory, new LightningDbOptions { Durability = Durability });
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _db.Dispose();
        BenchmarkData.Delete(_directory);
    }

    [Benchmark(OperationsPerInvoke = BatchSize, Description = "Write 1,000-entry batch (per entry)")]
    public void WriteBatch()
    {
        _batch.Clear();
        for (int i = 0; i < BatchSize; i++)
        {
            _batch.Put(_keys[_next], _value);
            _next = (_next + 1) & ((1 << 20) - 1);
        }
        _db.Write(_batch);
    }
}
