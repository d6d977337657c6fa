namespace Lightning.Kv.Metrics;

/// <summary>
/// Frozen counts of a <see cref="LatencyHistogram"/>, with percentile queries. Subtracting an earlier snapshot
/// of the same histogram gives the measurements in between (<see cref="Since"/>).
/// </summary>
internal sealed class LatencyHistogramSnapshot
{
    /// <summary>An empty snapshot.</summary>
    public static readonly LatencyHistogramSnapshot Empty = new(new long[LatencyHistogram.BucketCount], 0, 0);

    private readonly long[] _counts;

    public LatencyHistogramSnapshot(long[] counts, long sumNanoseconds, long maxNanoseconds)
    {
        _counts = counts;
        SumNanoseconds = sumNanoseconds;
        MaxNanoseconds = maxNanoseconds;
        long total = 0;
        foreach (long count in counts) total += count;
        Count = total;
    }

    /// <summary>Operations represented (sampled measurements count with their weight).</summary>
    public long Count { get; }

    /// <summary>Sum of the measured durations times their weights.</summary>
    public long SumNanoseconds { get; }

    /// <summary>The longest measurement (exact for a cumulative snapshot; a bucket midpoint for a window).</summary>
    public long MaxNanoseconds { get; }

    public double MeanNanoseconds => Count == 0 ? 0 : (double)SumNanoseconds / Count;

    /// <summary>
    /// The value at or below which <paramref name="quantile"/> (0..1) of the measurements fall, as the midpoint of
    /// the bucket holding that rank (never above the maximum; the maximum itself in the open-ended last bucket); 0 when empty.
    /// </summary>
    public long ValueAtQuantile(double quantile)
    {
        if (Count == 0) return 0;
        long rank = (long)Math.Ceiling(Math.Clamp(quantile, 0, 1) * Count);
        if (rank < 1) rank = 1;
        long seen = 0;
        for (int bucket = 0; bucket < _counts.Length; bucket++)
        {
            seen += _counts[bucket];
            if (seen < rank) continue;
            // The last bucket is open-ended (everything from ~34 s): its midpoint means nothing, the maximum does.
            return bucket == _counts.Length - 1 ? MaxNanoseconds : Math.Min(LatencyHistogram.Midpoint(bucket), MaxNanoseconds);
        }
        return MaxNanoseconds;
    }

    /// <summary>The measurements recorded after <paramref name="earlier"/> (a snapshot of the same histogram).</summary>
    public LatencyHistogramSnapshot Since(LatencyHistogramSnapshot earlier)
    {
        var counts = new long[_counts.Length];
        int highest = -1;
        for (int i = 0; i < counts.Length; i++)
        {
            counts[i] = Math.Max(0, _counts[i] - earlier._counts[i]);
            if (counts[i] > 0) highest = i;
        }
        // The exact maximum of a window is unknown; the top of its highest bucket bounds it (and the overall max too).
        long max = highest < 0 ? 0 : Math.Min(MaxNanoseconds, LatencyHistogram.LowerBound(highest) + LatencyHistogram.Width(highest) - 1);
        return new LatencyHistogramSnapshot(counts, Math.Max(0, SumNanoseconds - earlier.SumNanoseconds), max);
    }
}
