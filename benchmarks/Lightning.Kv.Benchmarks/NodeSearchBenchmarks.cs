using BenchmarkDotNet.Attributes;
using Lightning.Kv.BTree;

namespace Lightning.Kv.Benchmarks;

/// <summary>Binary search inside one full 8 KiB leaf and one internal page (the per-level cost of a tree descent).</summary>
[MemoryDiagnoser]
public class NodeSearchBenchmarks
{
    private byte[] _leaf = [];
    private byte[] _internal = [];
    private byte[][] _probes = [];
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        byte[][] keys = BenchmarkData.Keys(4096);
        var builder = new PageBuilder(8192);
        byte[] value = new byte[16];
        int count = 0;
        while (builder.Fits(LeafPage.EntrySize(BenchmarkData.KeySize, value.Length)))
            builder.AddLeafEntry(keys[count++ * 2], overflow: false, value.Length, value, 0);
        _leaf = builder.Finish(PageType.Leaf, 2, 1, 0);
        int separators = 0;
        while (builder.Fits(InternalPage.EntrySize(BenchmarkData.KeySize))) builder.AddSeparator(keys[++separators * 4], (ulong)separators);
        _internal = builder.Finish(PageType.Internal, 3, 1, 100);
        _probes = new byte[1024][];
        var random = new Random(8);
        for (int i = 0; i < _probes.Length; i++) _probes[i] = keys[random.Next(count * 2)];
    }

    [Benchmark(Description = "Leaf lower bound (8 KiB page)")]
    public int LeafSearch() => LeafPage.LowerBound(_leaf, _probes[_next++ & 1023], out _);

    [Benchmark(Description = "Internal child index (8 KiB page)")]
    public int InternalSearch() => InternalPage.ChildIndexFor(_internal, _probes[_next++ & 1023]);
}
