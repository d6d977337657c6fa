using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;

namespace Lightning.Kv.Metrics;

/// <summary>
/// Counts and times one kind of operation of one database: an exact count, a <see cref="LatencyHistogram"/>,
/// and the process-wide OpenTelemetry histogram of that operation, tagged with the database path.
/// </summary>
/// <remarks>
/// Usage: <c>long start = recorder.Start(); …operation…; recorder.Stop(start);</c>. For a sampled kind
/// (a sample shift n &gt; 0) only 1 in 2^shift operations reads the clock, at random per thread,
/// and that measurement is recorded with weight 2^shift, so percentiles stay unbiased while the count stays
/// exact. While anyone listens to the <see cref="Instrument"/>, every operation is timed (weight 1), because
/// an OpenTelemetry histogram has no notion of weight.
/// </remarks>
internal sealed class OperationRecorder
{
    private static readonly double s_nanosecondsPerTick = 1e9 / Stopwatch.Frequency;
    private readonly LatencyHistogram _histogram = new();
    private readonly StripedCounter _count = new();
    private readonly Histogram<double> _instrument;
    private readonly KeyValuePair<string, object?> _pathTag;
    private readonly int _sampleShift;

    /// <param name="instrument">The process-wide histogram (seconds) this kind reports to.</param>
    /// <param name="databasePath">The database path, the <c>db.path</c> tag of every measurement.</param>
    /// <param name="sampleShift">0 to time every operation; n to time 1 in 2^n.</param>
    public OperationRecorder(Histogram<double> instrument, string databasePath, int sampleShift)
    {
        _instrument = instrument;
        _pathTag = new KeyValuePair<string, object?>(LightningKvMeter.PathTag, databasePath);
        _sampleShift = sampleShift;
    }

    /// <summary>The OpenTelemetry histogram this recorder reports to.</summary>
    public Histogram<double> Instrument => _instrument;

    /// <summary>A start timestamp when this operation is to be timed, else 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long Start() =>
        _sampleShift == 0 || _instrument.Enabled || OperationSampler.Take(_sampleShift) ? Stopwatch.GetTimestamp() : 0;

    /// <summary>Counts the operation and records its duration when <paramref name="start"/> came from a timed <see cref="Start"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Stop(long start)
    {
        _count.Increment();
        if (start != 0) RecordDuration(Stopwatch.GetTimestamp() - start);
    }

    /// <summary>The exact number of operations counted.</summary>
    public long Count => _count.Read();

    /// <summary>The latency distribution so far.</summary>
    public LatencyHistogramSnapshot Snapshot() => _histogram.Snapshot();

    private void RecordDuration(long ticks)
    {
        long nanoseconds = (long)(ticks * s_nanosecondsPerTick);
        if (_instrument.Enabled)
        {
            _histogram.Record(nanoseconds);
            _instrument.Record(nanoseconds / 1e9, _pathTag);
        }
        else
        {
            _histogram.Record(nanoseconds, 1L << _sampleShift);
        }
    }
}
