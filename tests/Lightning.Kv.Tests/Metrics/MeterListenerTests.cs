using System.Diagnostics.Metrics;
using Lightning.Kv.Metrics;

namespace Lightning.Kv.Tests.Metrics;

/// <summary>The <c>Lightning.Kv</c> meter as an OpenTelemetry exporter sees it, through a <see cref="MeterListener"/>.</summary>
[Collection(MeterCollection.Name)]
public sealed class MeterListenerTests
{
    private static byte[] Key(int i) => System.Text.Encoding.UTF8.GetBytes($"key-{i:D6}");

    private sealed record Seen(string Instrument, double Value, Dictionary<string, object?> Tags);

    [Fact]
    public void HistogramsAndObservableInstrumentsCarryTheDatabasePath()
    {
        using var dir = new TestDirectory("metrics-meter");
        using var otherDir = new TestDirectory("metrics-meter-other");
        var seen = new List<Seen>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == LightningKvMeter.MeterName) l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Add(instrument, value, tags));
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Add(instrument, value, tags));
        listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Add(instrument, value, tags));
        listener.Start();

        using LightningDb db = LightningDb.Open(dir.Path, TestDirectory.SmallOptions());
        using LightningDb other = LightningDb.Open(otherDir.Path, TestDirectory.SmallOptions());
        Assert.Equal(LightningKvMeter.MeterName, LightningKvMeter.Meter.Name);
        Assert.Equal(typeof(LightningDb).Assembly.GetName().Version?.ToString(), LightningKvMeter.Meter.Version);
        for (int i = 0; i < 100; i++) db.Put(Key(i), new byte[20]);
        db.Flush();
        for (int i = 0; i < 100; i++) db.Get(Key(i));
        _ = db.Scan(null, null).Count();
        using (KvTransaction txn = db.BeginTransaction())
        {
            txn.Put(Key(1), [9]);
            txn.Commit();
        }
        other.Put(Key(1), [1]);

        // With a listener, every get is timed and published (no sampling): exactly 100 for this database.
        Assert.Equal(100, Measurements("lightning.kv.get.duration", dir.Path).Count);
        Assert.Equal(100, Measurements("lightning.kv.write.duration", dir.Path).Count);
        Assert.Single(Measurements("lightning.kv.scan.duration", dir.Path));
        Assert.Single(Measurements("lightning.kv.commit.duration", dir.Path));
        Assert.Single(Measurements("lightning.kv.write.duration", otherDir.Path));
        foreach (Seen get in Measurements("lightning.kv.get.duration", dir.Path))
            Assert.InRange(get.Value, 1e-9, 10); // seconds
        Assert.Equal("s", Instrument("lightning.kv.get.duration").Unit);

        listener.RecordObservableInstruments();
        LightningDbMetrics metrics = db.GetMetrics();
        Assert.Equal(metrics.Cache.Hits, Last("lightning.kv.cache.hits", dir.Path));
        Assert.Equal(metrics.Cache.Misses, Last("lightning.kv.cache.misses", dir.Path));
        Assert.Equal(metrics.DiskWrites.UserBytes, Last("lightning.kv.user.written", dir.Path));
        Assert.True(Last("lightning.kv.cache.hits", dir.Path) + Last("lightning.kv.cache.misses", dir.Path) > 0);
        Assert.Equal(0, Last("lightning.kv.backlog.memtables", dir.Path));
        Assert.True(Last("lightning.kv.memtable.usage", dir.Path) > 0);
        Seen wal = Assert.Single(Measurements("lightning.kv.disk.written", dir.Path), m => (string?)m.Tags[LightningKvMeter.FileKindTag] == "wal");
        Assert.Equal(metrics.DiskWrites.WalBytes, wal.Value);
        Assert.Equal(3, Measurements("lightning.kv.lock.wait.duration", dir.Path).Count); // one per lock
        Assert.Single(Measurements("lightning.kv.cache.hits", otherDir.Path)); // each open database reports

        other.Dispose(); // a closed database is no longer observed
        listener.RecordObservableInstruments();
        Assert.Single(Measurements("lightning.kv.cache.hits", otherDir.Path));

        void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var dictionary = new Dictionary<string, object?>();
            foreach (KeyValuePair<string, object?> tag in tags) dictionary[tag.Key] = tag.Value;
            lock (seen) seen.Add(new Seen(instrument.Name, value, dictionary));
        }

        List<Seen> Measurements(string instrument, string path)
        {
            lock (seen)
                return seen.Where(m => m.Instrument == instrument && (string?)m.Tags.GetValueOrDefault(LightningKvMeter.PathTag) == path).ToList();
        }

        double Last(string instrument, string path) => Measurements(instrument, path)[^1].Value;
    }

    private static Instrument Instrument(string name)
    {
        Instrument? found = null;
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, _) =>
            {
                if (instrument.Meter.Name == LightningKvMeter.MeterName && instrument.Name == name) found = instrument;
            },
        };
        listener.Start();
        return found ?? throw new InvalidOperationException($"no instrument {name}");
    }

    [Fact]
    public void NothingIsPublishedWhileNobodyListens()
    {
        using var dir = new TestDirectory("metrics-unheard");
        using LightningDb db = LightningDb.Open(dir.Path, TestDirectory.SmallOptions());
        db.Put(Key(1), [1]);
        // No listener in this collection is running now, so the instruments are disabled: recording skips them.
        Assert.False(LightningKvMeter.WriteDuration.Enabled);
        Assert.False(LightningKvMeter.GetDuration.Enabled);
        Assert.Equal(1, db.GetMetrics().Writes.Count);
    }
}
