using BenchmarkDotNet.Attributes;

namespace Lightning.Kv.Benchmarks;

/// <summary>Key order as the engine computes it (the BCL's vectorized SequenceCompareTo) against a scalar byte loop.</summary>
[MemoryDiagnoser]
public class KeyComparisonBenchmarks
{
    private byte[] _left = [];
    private byte[] _right = [];

    /// <summary>Key length; the keys differ only in their last byte, the worst case.</summary>
    [Params(16, 64, 256)]
    public int Length { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _left = new byte[Length];
        new Random(9).NextBytes(_left);
        _right = (byte[])_left.Clone();
        _right[^1] ^= 1;
    }

    [Benchmark(Baseline = true, Description = "SequenceCompareTo (vectorized)")]
    public int Vectorized() => _left.AsSpan().SequenceCompareTo(_right);

    [Benchmark(Description = "Scalar loop")]
    public int Scalar()
    {
        ReadOnlySpan<byte> a = _left, b = _right;
        int n = Math.Min(a.Length, b.Length);
        for (int i = 0; i < n; i++)
            if (a[i] != b[i]) return a[i] - b[i];
        return a.Length - b.Length;
    }
}
