using System.Runtime.CompilerServices;

namespace Lightning.Kv.Metrics;

/// <summary>
/// A lock-free latency histogram with log-linear (HDR-style) buckets over nanoseconds: each power of two is split
/// into <see cref="SubBuckets"/> equal buckets, so a bucket is at most 1/32 of its lower bound wide and a value
/// reported as its bucket's midpoint is within 1.6% of the true value. Values below 32 ns get a bucket each; values
/// from 2^35 ns (about 34 s) up share the last bucket. Recording is one array index computation and two
/// <see cref="Interlocked"/> adds, with no allocation.
/// </summary>
/// <remarks>
/// The histogram is cumulative: it is never reset. A window is the difference of two snapshots
/// (<see cref="LatencyHistogramSnapshot.Since"/>), so any number of readers can take their own windows
/// without disturbing each other.
/// </remarks>
internal sealed class LatencyHistogram
{
    /// <summary>Buckets per power of two (a power of two itself).</summary>
    public const int SubBuckets = 32;

    private const int SubBucketBits = 5;

    /// <summary>Values of 2^<see cref="MaxExponent"/> ns and more share the last bucket.</summary>
    private const int MaxExponent = 35;

    /// <summary>Number of buckets: one linear region (0..31 ns) plus one per power of two from 2^5 to 2^34.</summary>
    public const int BucketCount = (MaxExponent - SubBucketBits + 1) * SubBuckets;

    private readonly long[] _buckets = new long[BucketCount];
    private long _sumNanoseconds;
    private long _maxNanoseconds;

    /// <summary>Records one measurement of <paramref name="nanoseconds"/> that stands for <paramref name="weight"/> operations.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Record(long nanoseconds, long weight = 1)
    {
        if (nanoseconds < 0) nanoseconds = 0;
        Interlocked.Add(ref _buckets[BucketOf(nanoseconds)], weight);
        Interlocked.Add(ref _sumNanoseconds, nanoseconds * weight);
        if (nanoseconds > Volatile.Read(ref _maxNanoseconds)) RaiseMax(nanoseconds);
    }

    /// <summary>A copy of the counts, consistent per bucket (recording may continue meanwhile).</summary>
    public LatencyHistogramSnapshot Snapshot()
    {
        var counts = new long[BucketCount];
        for (int i = 0; i < counts.Length; i++) counts[i] = Volatile.Read(ref _buckets[i]);
        return new LatencyHistogramSnapshot(counts, Volatile.Read(ref _sumNanoseconds), Volatile.Read(ref _maxNanoseconds));
    }

    /// <summary>The bucket that holds <paramref name="nanoseconds"/> (which must not be negative).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int BucketOf(long nanoseconds)
    {
        if (nanoseconds < SubBuckets) return (int)nanoseconds;
        int exponent = 63 - System.Numerics.BitOperations.LeadingZeroCount((ulong)nanoseconds);
        if (exponent >= MaxExponent) return BucketCount - 1;
        int sub = (int)(nanoseconds >> (exponent - SubBucketBits)) & (SubBuckets - 1);
        return ((exponent - SubBucketBits + 1) << SubBucketBits) + sub;
    }

    /// <summary>The smallest value that falls in <paramref name="bucket"/>.</summary>
    public static long LowerBound(int bucket)
    {
        if (bucket < SubBuckets) return bucket;
        int exponent = (bucket >> SubBucketBits) + SubBucketBits - 1;
        long sub = bucket & (SubBuckets - 1);
        return (SubBuckets + sub) << (exponent - SubBucketBits);
    }

    /// <summary>How many distinct nanosecond values <paramref name="bucket"/> covers.</summary>
    public static long Width(int bucket)
    {
        if (bucket < SubBuckets) return 1;
        int exponent = (bucket >> SubBucketBits) + SubBucketBits - 1;
        return 1L << (exponent - SubBucketBits);
    }

    /// <summary>The value reported for <paramref name="bucket"/>: its midpoint.</summary>
    public static long Midpoint(int bucket) => LowerBound(bucket) + (Width(bucket) - 1) / 2;

    private void RaiseMax(long nanoseconds)
    {
        long current = Volatile.Read(ref _maxNanoseconds);
        while (nanoseconds > current)
        {
            long seen = Interlocked.CompareExchange(ref _maxNanoseconds, nanoseconds, current);
            if (seen == current) return;
            current = seen;
        }
    }
}
