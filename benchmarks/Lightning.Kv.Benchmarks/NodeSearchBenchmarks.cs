using BenchmarkDotNet.Attributes;
using Lightning.Kv.BTree;
using Lightning.Kv.Encoding;

namespace Lightning.Kv.Benchmarks;

/// <summary>
/// Search inside one full 8 KiB leaf and one full 8 KiB internal page (the per-level cost of a tree descent): the
/// prefix-array search (binary search on 8-byte prefixes, a Vector256/Vector128 count over the last window, full
/// keys only on ties) against the full-key binary search it replaced. <see cref="KeyShape"/>: "Random" gives distinct
/// prefixes; "Common12" gives keys that share their first 12 bytes, which the page skips (its skip count) before
/// taking prefixes; "Tied" gives the same keys plus one outlier that sorts first, so the page can skip nothing and
/// every other prefix ties — the honest worst case, where the prefix stage only adds work to a full-key search.
/// </summary>
[MemoryDiagnoser]
public class NodeSearchBenchmarks
{
    private const int KeyLength = 16;
    private byte[] _leaf = [];
    private byte[] _internal = [];
    private byte[][] _probes = [];
    private int _next;

    /// <summary>"Random": 16 random bytes. "Common12": a fixed 12-byte prefix and 4 random bytes. "Tied": as
    /// "Common12", plus one all-zero key that sorts before them.</summary>
    [Params("Random", "Common12", "Tied")]
    public string KeyShape { get; set; } = "Random";

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(8);
        byte[] common = new byte[12];
        random.NextBytes(common);
        common[0] |= 1; // above the "Tied" outlier
        var keys = new SortedSet<byte[]>(KeyComparer.Instance);
        if (KeyShape == "Tied") keys.Add(new byte[KeyLength]);
        while (keys.Count < 4096)
        {
            byte[] key = new byte[KeyLength];
            random.NextBytes(key);
            if (KeyShape != "Random") common.CopyTo(key, 0);
            keys.Add(key);
        }
        byte[][] sorted = [.. keys];
        var builder = new PageBuilder(8192);
        byte[] value = new byte[16];
        int count = 0;
        while (builder.Fits(LeafPage.EntrySize(KeyLength, value.Length)))
            builder.AddLeafEntry(sorted[count++ * 2], overflow: false, value.Length, value, 0);
        _leaf = builder.Finish(PageType.Leaf, 2, 1, 0);
        int separators = 0;
        for (; builder.Fits(InternalPage.EntrySize(KeyLength)); separators++) builder.AddSeparator(sorted[separators * 2], (ulong)separators + 1);
        _internal = builder.Finish(PageType.Internal, 3, 1, 100);
        // Half the probes are stored keys, half fall between them.
        _probes = new byte[1024][];
        for (int i = 0; i < _probes.Length; i++) _probes[i] = sorted[random.Next(Math.Min(count, separators) * 2)];
    }

    [Benchmark(Baseline = true, Description = "Leaf: full-key binary search (scalar)")]
    public int LeafScalar() => LeafPage.LowerBoundScalar(_leaf, _probes[_next++ & 1023], out _);

    [Benchmark(Description = "Leaf: prefix array + SIMD")]
    public int LeafSimd() => LeafPage.LowerBound(_leaf, _probes[_next++ & 1023], out _);

    [Benchmark(Description = "Internal: full-key binary search (scalar)")]
    public int InternalScalar() => InternalPage.ChildIndexForScalar(_internal, _probes[_next++ & 1023]);

    [Benchmark(Description = "Internal: prefix array + SIMD")]
    public int InternalSimd() => InternalPage.ChildIndexFor(_internal, _probes[_next++ & 1023]);
}
