using Lightning.Kv.Metrics;

namespace Lightning.Kv;

/// <summary>
/// Count and latency of one kind of operation (part of <see cref="LightningDbMetrics"/>). Latencies are in
/// microseconds, taken from a log-linear histogram whose reported values are within 1.6% of the true ones.
/// </summary>
/// <remarks>
/// Numbers are cumulative since the database was opened. For a window, take two snapshots and call
/// <see cref="Since"/> on the later one. Point reads are timed 1 in 16 at random (each timed read stands for
/// 16), and writes 1 in 4 unless the durability is <see cref="Durability.Full"/>, so their percentiles are
/// estimates over a random sample; <see cref="Count"/> is always exact.
/// </remarks>
public sealed record OperationMetrics
{
    internal static readonly OperationMetrics Empty = From(0, LatencyHistogramSnapshot.Empty);

    /// <summary>Operations completed (including ones that failed, e.g. conflicts), exactly.</summary>
    public long Count { get; init; }

    /// <summary>Operations the latency figures stand for (timed operations times their sampling weight).</summary>
    public long LatencyCount { get; init; }

    /// <summary>Mean latency, microseconds.</summary>
    public double MeanMicroseconds { get; init; }

    /// <summary>Median latency, microseconds.</summary>
    public double P50Microseconds { get; init; }

    /// <summary>95th percentile latency, microseconds.</summary>
    public double P95Microseconds { get; init; }

    /// <summary>99th percentile latency, microseconds.</summary>
    public double P99Microseconds { get; init; }

    /// <summary>Longest timed operation, microseconds (for a window from <see cref="Since"/>: its histogram bucket's upper bound).</summary>
    public double MaxMicroseconds { get; init; }

    internal LatencyHistogramSnapshot Histogram { get; init; } = LatencyHistogramSnapshot.Empty;

    /// <summary>The operations between <paramref name="earlier"/> (an earlier snapshot of the same database) and this one.</summary>
    public OperationMetrics Since(OperationMetrics earlier)
    {
        ArgumentNullException.ThrowIfNull(earlier);
        return From(Math.Max(0, Count - earlier.Count), Histogram.Since(earlier.Histogram));
    }

    internal static OperationMetrics From(long count, LatencyHistogramSnapshot histogram) => new()
    {
        Count = count,
        LatencyCount = histogram.Count,
        MeanMicroseconds = histogram.MeanNanoseconds / 1000,
        P50Microseconds = histogram.ValueAtQuantile(0.50) / 1000.0,
        P95Microseconds = histogram.ValueAtQuantile(0.95) / 1000.0,
        P99Microseconds = histogram.ValueAtQuantile(0.99) / 1000.0,
        MaxMicroseconds = histogram.MaxNanoseconds / 1000.0,
        Histogram = histogram,
    };
}
