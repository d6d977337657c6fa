using System.Diagnostics.Metrics;

namespace Lightning.Kv.Metrics;

/// <summary>
/// The process-wide <see cref="Meter"/> named <c>Lightning.Kv</c> and its instruments (OpenTelemetry naming and
/// units: durations in seconds, sizes in bytes). One Meter serves every open database; each measurement carries
/// the database directory as the <c>db.path</c> tag. Observable instruments read the open databases when a
/// listener collects, so they cost nothing in between; the duration histograms are only recorded to while a
/// listener has enabled them.
/// </summary>
internal static class LightningKvMeter
{
    public const string MeterName = "Lightning.Kv";

    /// <summary>The tag naming the database on every measurement.</summary>
    public const string PathTag = "db.path";

    /// <summary>The tag naming the kind of file on <c>lightning.kv.disk.written</c>.</summary>
    public const string FileKindTag = "lightning.kv.file.kind";

    /// <summary>The tag naming the lock on <c>lightning.kv.lock.wait.duration</c>.</summary>
    public const string LockTag = "lightning.kv.lock";

    public static readonly Meter Meter = new(MeterName, typeof(LightningDb).Assembly.GetName().Version?.ToString());

    // 1 µs … 10 s: the default OpenTelemetry boundaries (0 … 10000) suit milliseconds, not seconds.
    private static readonly InstrumentAdvice<double> s_durationAdvice = new()
    {
        HistogramBucketBoundaries = [1e-6, 2.5e-6, 5e-6, 1e-5, 2.5e-5, 5e-5, 1e-4, 2.5e-4, 5e-4, 1e-3, 2.5e-3, 5e-3, 1e-2, 2.5e-2, 5e-2, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    };

    public static readonly Histogram<double> GetDuration = Duration("lightning.kv.get.duration", "Duration of point reads (Get, TryGet).");

    public static readonly Histogram<double> WriteDuration = Duration("lightning.kv.write.duration", "Duration of Put, Delete and Write(batch), each one commit.");

    public static readonly Histogram<double> ScanDuration = Duration("lightning.kv.scan.duration", "Duration of range scans, from the start of enumeration to its end.");

    public static readonly Histogram<double> CommitDuration = Duration("lightning.kv.commit.duration", "Duration of transaction commits.");

    private static readonly Lock s_lock = new();
    private static LightningDb[] s_open = [];

    static LightningKvMeter()
    {
        Meter.CreateObservableCounter("lightning.kv.cache.hits", () => Observe(m => m.Cache.Hits), "{hit}", "Page cache hits.");
        Meter.CreateObservableCounter("lightning.kv.cache.misses", () => Observe(m => m.Cache.Misses), "{miss}", "Page cache misses.");
        Meter.CreateObservableUpDownCounter("lightning.kv.cache.usage", () => Observe(m => m.Cache.BytesInUse), "By", "Bytes of pages in the page cache.");
        Meter.CreateObservableUpDownCounter("lightning.kv.memtable.usage", () => Observe(m => m.Memory.ActiveMemtableBytes + m.Memory.ImmutableMemtableBytes), "By", "Arena bytes held by memtables.");
        Meter.CreateObservableUpDownCounter("lightning.kv.backlog.memtables", () => Observe(m => m.Backlog.ImmutableMemtables), "{memtable}", "Full memtables waiting for the flush.");
        Meter.CreateObservableUpDownCounter("lightning.kv.backlog.memtable_bytes", () => Observe(m => m.Backlog.ImmutableMemtableBytes), "By", "Bytes in full memtables waiting for the flush.");
        Meter.CreateObservableUpDownCounter("lightning.kv.backlog.level0_runs", () => Observe(m => m.Backlog.Level0Runs), "{run}", "Level-0 runs waiting for compaction.");
        Meter.CreateObservableUpDownCounter("lightning.kv.backlog.level0_bytes", () => Observe(m => m.Backlog.Level0Bytes), "By", "Bytes in level-0 runs waiting for compaction.");
        Meter.CreateObservableCounter("lightning.kv.write_stall.count", () => Observe(m => m.WriteStalls.Count), "{stall}", "Writers stalled by the flush backlog.");
        Meter.CreateObservableCounter("lightning.kv.write_stall.duration", () => ObserveSeconds(m => m.WriteStalls.TotalTime), "s", "Time writers spent stalled.");
        Meter.CreateObservableCounter("lightning.kv.lock.wait.duration", ObserveLockWaits, "s", "Time spent waiting for the engine's locks.");
        Meter.CreateObservableCounter("lightning.kv.disk.written", ObserveDiskWrites, "By", "Bytes written to files, by kind of file.");
        Meter.CreateObservableCounter("lightning.kv.user.written", () => Observe(m => m.DiskWrites.UserBytes), "By", "Key and value bytes of accepted writes.");
        Meter.CreateObservableUpDownCounter("lightning.kv.numa.pinned_threads", () => Observe(m => m.Numa.PinnedThreads), "{thread}", "Background threads pinned to a NUMA node.");
    }

    /// <summary>Makes <paramref name="db"/> visible to the observable instruments.</summary>
    public static void Register(LightningDb db)
    {
        lock (s_lock) s_open = [.. s_open, db];
    }

    /// <summary>Removes <paramref name="db"/> (on dispose).</summary>
    public static void Unregister(LightningDb db)
    {
        lock (s_lock) s_open = Array.FindAll(s_open, open => !ReferenceEquals(open, db));
    }

    private static Histogram<double> Duration(string name, string description) =>
        Meter.CreateHistogram(name, "s", description, tags: null, advice: s_durationAdvice);

    private static KeyValuePair<string, object?> Path(LightningDbMetrics metrics) => new(PathTag, metrics.Path);

    private static List<LightningDbMetrics> Snapshots()
    {
        LightningDb[] open = Volatile.Read(ref s_open);
        var snapshots = new List<LightningDbMetrics>(open.Length);
        foreach (LightningDb db in open) snapshots.Add(db.GetMetrics());
        return snapshots;
    }

    private static IEnumerable<Measurement<long>> Observe(Func<LightningDbMetrics, long> read)
    {
        var measurements = new List<Measurement<long>>();
        foreach (LightningDbMetrics metrics in Snapshots()) measurements.Add(new Measurement<long>(read(metrics), Path(metrics)));
        return measurements;
    }

    private static IEnumerable<Measurement<double>> ObserveSeconds(Func<LightningDbMetrics, TimeSpan> read)
    {
        var measurements = new List<Measurement<double>>();
        foreach (LightningDbMetrics metrics in Snapshots()) measurements.Add(new Measurement<double>(read(metrics).TotalSeconds, Path(metrics)));
        return measurements;
    }

    private static IEnumerable<Measurement<double>> ObserveLockWaits()
    {
        var measurements = new List<Measurement<double>>();
        foreach (LightningDbMetrics metrics in Snapshots())
        {
            LockWaitMetrics waits = metrics.LockWaits;
            measurements.Add(new Measurement<double>(waits.CommitQueueWaitTime.TotalSeconds, Path(metrics), new(LockTag, "commit_queue")));
            measurements.Add(new Measurement<double>(waits.CommitGateWaitTime.TotalSeconds, Path(metrics), new(LockTag, "commit_gate")));
            measurements.Add(new Measurement<double>(waits.TreeLockWaitTime.TotalSeconds, Path(metrics), new(LockTag, "tree")));
        }
        return measurements;
    }

    private static IEnumerable<Measurement<long>> ObserveDiskWrites()
    {
        var measurements = new List<Measurement<long>>();
        foreach (LightningDbMetrics metrics in Snapshots())
        {
            DiskWriteMetrics disk = metrics.DiskWrites;
            measurements.Add(new Measurement<long>(disk.WalBytes, Path(metrics), new(FileKindTag, "wal")));
            measurements.Add(new Measurement<long>(disk.TreeBytes, Path(metrics), new(FileKindTag, "tree")));
            measurements.Add(new Measurement<long>(disk.SstBytes, Path(metrics), new(FileKindTag, "sst")));
            measurements.Add(new Measurement<long>(disk.OtherBytes, Path(metrics), new(FileKindTag, "other")));
        }
        return measurements;
    }
}
