using System.Collections.Concurrent;
using BenchmarkDotNet.Attributes;
using Lightning.Kv.Encoding;
using Lightning.Kv.Platform;
using Lightning.Kv.Sst;

namespace Lightning.Kv.Benchmarks;

/// <summary>
/// One level-0 sorted run of 100k entries (16 B keys, 100 B values): point reads of random existing keys with every
/// block already in an in-memory block cache (bloom filter → index → cached block → copy into a caller's span; should
/// allocate nothing), point reads of absent keys (answered by the bloom filter), and a 100-entry forward scan from a
/// random key with a reused iterator.
/// </summary>
[MemoryDiagnoser]
public class SstBenchmarks
{
    private const int EntryCount = 100_000;
    private byte[][] _keys = [];
    private byte[][] _absentKeys = [];
    private int[] _order = [];
    private readonly byte[] _value = new byte[256];
    private string _directory = "";
    private SstReader _reader = null!;
    private SstIterator _iterator = null!;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        _keys = BenchmarkData.Keys(EntryCount);
        _absentKeys = new byte[EntryCount][];
        for (int i = 0; i < EntryCount; i++) _absentKeys[i] = [.. _keys[i], 0];
        _order = BenchmarkData.RandomOrder(EntryCount, 5);
        _directory = BenchmarkData.NewDirectory("sst");
        Directory.CreateDirectory(_directory);
        string path = Path.Combine(_directory, SstFileName.For(1));
        byte[] value = BenchmarkData.Value(6);
        using (SstWriter writer = SstWriter.Create(DiskFileSystem.Instance, path))
        {
            for (int i = 0; i < EntryCount; i++) writer.Add(_keys[i], (ulong)i + 1, EntryKind.Put, value);
            writer.Finish();
        }
        _reader = SstReader.Open(DiskFileSystem.Instance, path, 1, new DictionaryBlockCache());
        foreach (byte[] key in _keys) _reader.TryGet(key, out _, out _, _value, out _); // warm the cache
        _iterator = _reader.NewIterator();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _iterator.Dispose();
        _reader.Dispose();
        BenchmarkData.Delete(_directory);
    }

    [Benchmark(Description = "SST point get, warm block cache (100k entries)")]
    public int GetHit()
    {
        byte[] key = _keys[_order[_next++ % EntryCount]];
        _reader.TryGet(key, out _, out _, _value, out int length);
        return length;
    }

    [Benchmark(Description = "SST point get of an absent key (bloom filter)")]
    public bool GetMiss() => _reader.TryGet(_absentKeys[_order[_next++ % EntryCount]], out _, out _, _value, out _);

    [Benchmark(Description = "SST 100-entry forward scan, warm block cache")]
    public int Scan100()
    {
        int start = _order[_next++ % EntryCount];
        int total = 0;
        _iterator.SeekForward(_keys[start]);
        for (int i = 0; i < 100 && _iterator.Valid; i++, _iterator.Next()) total += _iterator.Value.Length;
        return total;
    }

    /// <summary>The simplest block cache: every block stays (the engine's ARC cache plugs in through the same seam).</summary>
    private sealed class DictionaryBlockCache : ISstBlockCache
    {
        private readonly ConcurrentDictionary<(ulong, long), byte[]> _blocks = new();

        public bool TryGet(ulong fileNumber, long blockOffset, out byte[] block) => _blocks.TryGetValue((fileNumber, blockOffset), out block!);

        public void Put(ulong fileNumber, long blockOffset, byte[] block) => _blocks[(fileNumber, blockOffset)] = block;
    }
}
