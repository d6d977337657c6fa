using Lightning.Kv.Metrics;

namespace Lightning.Kv.Tests.Metrics;

/// <summary><see cref="LatencyHistogram"/> against a sorted model: bucket geometry, percentiles, windows, concurrency.</summary>
public sealed class LatencyHistogramTests
{
    /// <summary>The documented bound: a bucket midpoint is within 1/64 of any value in its bucket.</summary>
    private const double MaxRelativeError = 1.0 / 64;

    private static readonly double[] Quantiles = [0.001, 0.25, 0.5, 0.9, 0.95, 0.99, 0.999, 1.0];

    [Fact]
    public void BucketsTileTheRangeWithoutGapsAndWithinTheErrorBound()
    {
        for (int bucket = 0; bucket < LatencyHistogram.BucketCount - 1; bucket++)
        {
            long lower = LatencyHistogram.LowerBound(bucket);
            long width = LatencyHistogram.Width(bucket);
            Assert.Equal(lower + width, LatencyHistogram.LowerBound(bucket + 1));
            Assert.Equal(bucket, LatencyHistogram.BucketOf(lower));
            Assert.Equal(bucket, LatencyHistogram.BucketOf(lower + width - 1));
            long midpoint = LatencyHistogram.Midpoint(bucket);
            Assert.True(Math.Abs(midpoint - lower) <= MaxRelativeError * Math.Max(1, lower));
            Assert.True(Math.Abs(lower + width - 1 - midpoint) <= MaxRelativeError * Math.Max(1, lower + width - 1));
        }
        // 50 ns … 10 s are inside the resolved range; beyond ~34 s everything shares the last bucket.
        Assert.True(LatencyHistogram.BucketOf(10_000_000_000) < LatencyHistogram.BucketCount - 1);
        Assert.Equal(LatencyHistogram.BucketCount - 1, LatencyHistogram.BucketOf(long.MaxValue));
    }

    [Fact]
    public void PercentilesOfUniformValuesMatchTheSortedModel()
    {
        var random = new Random(42);
        long[] values = new long[200_000];
        for (int i = 0; i < values.Length; i++) values[i] = random.NextInt64(50, 2_000_000);
        AssertMatchesModel(values);
    }

    [Fact]
    public void PercentilesOfSkewedValuesMatchTheSortedModel()
    {
        // Mostly ~500 ns cache hits, some ~50 µs misses, a 0.5% tail of ~5–500 ms fsync-like stalls.
        var random = new Random(7);
        long[] values = new long[200_000];
        for (int i = 0; i < values.Length; i++)
        {
            double roll = random.NextDouble();
            values[i] = roll < 0.9 ? (long)(300 + 400 * random.NextDouble())
                : roll < 0.995 ? (long)(20_000 + 80_000 * Math.Pow(random.NextDouble(), 3))
                : (long)(5_000_000 * Math.Exp(random.NextDouble() * Math.Log(100)));
        }
        AssertMatchesModel(values);
    }

    [Fact]
    public void LogUniformValuesOverTheWholeRangeMatchTheSortedModel()
    {
        var random = new Random(3);
        long[] values = new long[100_000];
        for (int i = 0; i < values.Length; i++) values[i] = (long)(50 * Math.Exp(random.NextDouble() * Math.Log(10e9 / 50)));
        AssertMatchesModel(values);
    }

    [Fact]
    public void AWeightedMeasurementCountsLikeRepeatedOnes()
    {
        var weighted = new LatencyHistogram();
        var repeated = new LatencyHistogram();
        var random = new Random(11);
        for (int i = 0; i < 1000; i++)
        {
            long value = random.NextInt64(100, 100_000);
            weighted.Record(value, 8);
            for (int r = 0; r < 8; r++) repeated.Record(value);
        }
        LatencyHistogramSnapshot a = weighted.Snapshot(), b = repeated.Snapshot();
        Assert.Equal(8000, a.Count);
        Assert.Equal(b.Count, a.Count);
        Assert.Equal(b.SumNanoseconds, a.SumNanoseconds);
        foreach (double q in Quantiles) Assert.Equal(b.ValueAtQuantile(q), a.ValueAtQuantile(q));
    }

    [Fact]
    public void AWindowHoldsOnlyTheMeasurementsBetweenTwoSnapshots()
    {
        var histogram = new LatencyHistogram();
        for (int i = 0; i < 10_000; i++) histogram.Record(1_000_000); // 1 ms before the window
        LatencyHistogramSnapshot before = histogram.Snapshot();
        var random = new Random(5);
        long[] window = new long[5_000];
        for (int i = 0; i < window.Length; i++)
        {
            window[i] = random.NextInt64(100, 10_000);
            histogram.Record(window[i]);
        }
        LatencyHistogramSnapshot since = histogram.Snapshot().Since(before);
        Assert.Equal(window.Length, since.Count);
        Assert.Equal(window.Sum(), since.SumNanoseconds);
        Array.Sort(window);
        foreach (double q in Quantiles) AssertClose(ModelQuantile(window, q), since.ValueAtQuantile(q));
        Assert.True(since.MaxNanoseconds >= window[^1] && since.MaxNanoseconds <= window[^1] * (1 + 2 * MaxRelativeError));
    }

    [Fact]
    public void EightThreadsRecordingAtOnceLoseNothing()
    {
        const int threads = 8, perThread = 100_000;
        var histogram = new LatencyHistogram();
        long expectedSum = 0;
        var workers = new Thread[threads];
        for (int t = 0; t < threads; t++)
        {
            int seed = t;
            long sum = 0;
            for (int i = 0; i < perThread; i++) sum += Value(seed, i);
            expectedSum += sum;
            workers[t] = new Thread(() =>
            {
                for (int i = 0; i < perThread; i++) histogram.Record(Value(seed, i));
            });
        }
        foreach (Thread worker in workers) worker.Start();
        foreach (Thread worker in workers) worker.Join();
        LatencyHistogramSnapshot snapshot = histogram.Snapshot();
        Assert.Equal(threads * perThread, snapshot.Count);
        Assert.Equal(expectedSum, snapshot.SumNanoseconds);
        Assert.Equal(Value(threads - 1, perThread - 1), snapshot.MaxNanoseconds); // the largest value recorded

        static long Value(int seed, int i) => 100 + (i % 1000) * 7 + seed; // many threads share buckets
    }

    [Fact]
    public void EmptyAndExtremeValues()
    {
        var histogram = new LatencyHistogram();
        Assert.Equal(0, histogram.Snapshot().ValueAtQuantile(0.99));
        Assert.Equal(0, histogram.Snapshot().MeanNanoseconds);
        histogram.Record(-5); // a clock that went backwards counts as 0
        histogram.Record(0);
        histogram.Record(100_000_000_000); // 100 s: beyond the resolved range, still counted, max exact
        LatencyHistogramSnapshot snapshot = histogram.Snapshot();
        Assert.Equal(3, snapshot.Count);
        Assert.Equal(0, snapshot.ValueAtQuantile(0.5));
        Assert.Equal(100_000_000_000, snapshot.MaxNanoseconds);
        Assert.Equal(100_000_000_000, snapshot.ValueAtQuantile(1.0));
    }

    private static void AssertMatchesModel(long[] values)
    {
        var histogram = new LatencyHistogram();
        foreach (long value in values) histogram.Record(value);
        LatencyHistogramSnapshot snapshot = histogram.Snapshot();
        long[] sorted = (long[])values.Clone();
        Array.Sort(sorted);
        Assert.Equal(values.Length, snapshot.Count);
        Assert.Equal(sorted[^1], snapshot.MaxNanoseconds);
        Assert.Equal(values.Sum() / (double)values.Length, snapshot.MeanNanoseconds, 6);
        foreach (double q in Quantiles) AssertClose(ModelQuantile(sorted, q), snapshot.ValueAtQuantile(q));
    }

    /// <summary>The value at rank ceil(q·n), the definition the histogram estimates.</summary>
    private static long ModelQuantile(long[] sorted, double q) => sorted[Math.Max(1, (long)Math.Ceiling(q * sorted.Length)) - 1];

    private static void AssertClose(long expected, long actual)
    {
        double error = Math.Abs(actual - expected) / (double)Math.Max(1, expected);
        Assert.True(error <= MaxRelativeError, $"expected {expected} ns, histogram says {actual} ns ({error:P2} off)");
    }
}
