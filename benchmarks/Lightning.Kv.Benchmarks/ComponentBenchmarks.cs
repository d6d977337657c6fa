using BenchmarkDotNet.Attributes;
using Lightning.Kv.Cache;
using Lightning.Kv.Encoding;
using Lightning.Kv.Memtable;
using Lightning.Kv.Platform;
using Lightning.Kv.Wal;

namespace Lightning.Kv.Benchmarks;

/// <summary>The write path's pieces one at a time: WAL framing and append, memtable insert, and a cache hit.</summary>
[MemoryDiagnoser]
public class ComponentBenchmarks
{
    private byte[][] _keys = [];
    private byte[] _value = [];
    private readonly byte[] _record = new byte[512];
    private readonly WriteSetBuilder _writeSet = new();
    private WalWriter _wal = null!;
    private string _directory = "";
    private MemTable _memtable = new();
    private PageCache _cache = null!;
    private ulong _sequence;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        _keys = BenchmarkData.Keys(1 << 20);
        new Random(10).Shuffle(_keys);
        _value = BenchmarkData.Value(11);
        _writeSet.Put(_keys[0], _value);
        _directory = BenchmarkData.NewDirectory("wal");
        Directory.CreateDirectory(_directory);
        _wal = WalWriter.Create(DiskFileSystem.Instance, Path.Combine(_directory, "000001.log"), 1);
        _cache = new PageCache(64L << 20, 8192);
        for (ulong id = 0; id < 4096; id++) _cache.Put(id, new byte[8192]);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _wal.Dispose();
        BenchmarkData.Delete(_directory);
    }

    [Benchmark(Description = "WAL record framing (CRC32C x2, 130 B payload)")]
    public int WalFrame() => WalFormat.WriteRecord(_record, ++_sequence, _writeSet.Encoded());

    [Benchmark(Description = "WAL append, no fsync (pwrite)")]
    public void WalAppend()
    {
        int length = WalFormat.WriteRecord(_record, ++_sequence, _writeSet.Encoded());
        _wal.Append(_record.AsSpan(0, length));
    }

    [Benchmark(Description = "Memtable insert (random 16 B key, 100 B value)")]
    public void MemtableInsert()
    {
        // A fresh memtable every 256k inserts keeps the skip list at a realistic size (about 40 MiB).
        if ((++_next & 0x3FFFF) == 0) _memtable = new MemTable();
        _memtable.Add(++_sequence, EntryKind.Put, _keys[_next & ((1 << 20) - 1)], _value);
    }

    [Benchmark(Description = "Page cache hit")]
    public bool CacheHit() => _cache.TryGet((ulong)(_next++ & 4095), out _);
}
