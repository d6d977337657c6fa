using System.Diagnostics;
using System.Diagnostics.Tracing;
using System.Reflection;
using Lightning.Kv.Metrics;

namespace Lightning.Kv.Tests.Metrics;

/// <summary>
/// The flush backlog, write stalls and tree-lock waits, made deterministic by holding the engine's tree lock so
/// the background flush cannot finish while the test looks.
/// </summary>
[Collection(MeterCollection.Name)]
public sealed class WriteStallTests
{
    private static byte[] Key(int i) => System.Text.Encoding.UTF8.GetBytes($"key-{i:D6}");

    [Fact]
    public void ABlockedFlushShowsAsBacklogThenAsAStallThatIsLogged()
    {
        using var dir = new TestDirectory("metrics-stall");
        LightningDbOptions options = TestDirectory.SmallOptions();
        options.MaxImmutableMemtables = 1;
        using var events = new StallEventListener();
        using LightningDb db = LightningDb.Open(dir.Path, options);
        var flushLock = (Lock)typeof(LightningDb).GetField("_flushLock", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(db)!;
        byte[] value = new byte[1024];
        Thread? writer = null;
        flushLock.Enter();
        try
        {
            // Fill one memtable; the next write rotates it, and its flush then waits for the flush lock the test holds.
            int next = 0;
            while (db.GetMetrics().Backlog.ImmutableMemtables == 0)
            {
                Assert.True(next < 10_000, "the memtable never rotated");
                db.Put(Key(next++), value);
            }
            LightningDbMetrics blocked = db.GetMetrics();
            Assert.Equal(1, blocked.Backlog.ImmutableMemtables);
            Assert.True(blocked.Backlog.ImmutableMemtableBytes >= options.MemtableSize);
            Assert.True(blocked.Memory.ImmutableMemtableBytes >= blocked.Backlog.ImmutableMemtableBytes);
            Assert.Equal(0, blocked.WriteStalls.Count);

            // A writer that fills the new memtable must wait: one memtable is already waiting (the maximum).
            int start = next;
            writer = new Thread(() =>
            {
                for (int i = start; i < start + 200; i++) db.Put(Key(i), value);
            });
            writer.Start();
            WaitUntil(() => (writer.ThreadState & System.Threading.ThreadState.WaitSleepJoin) != 0
                && db.Versions.Current.Active.ApproximateBytes >= options.MemtableSize, "the writer never stalled");
        }
        finally
        {
            flushLock.Exit();
        }
        writer.Join();
        db.Flush();

        LightningDbMetrics after = db.GetMetrics();
        Assert.True(after.WriteStalls.Count >= 1);
        Assert.True(after.WriteStalls.TotalTime > TimeSpan.Zero);
        Assert.Equal(0, after.Backlog.ImmutableMemtables);
        Assert.Contains(dir.Path, events.StalledPaths());
    }

    [Fact]
    public void Level0FarPastTheTriggerStallsWritersUntilCompactionCatchesUpAndIsLogged()
    {
        using var dir = new TestDirectory("metrics-l0-stall");
        LightningDbOptions options = TestDirectory.SmallOptions();
        options.Level0CompactionTrigger = 1; // slowdown at 2 runs, stop at 4
        using var events = new StallEventListener();
        using LightningDb db = LightningDb.Open(dir.Path, options);
        var treeLock = (Lock)typeof(LightningDb).GetField("_treeLock", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(db)!;
        byte[] value = new byte[1024];
        Thread writer;
        int written = 0;
        Exception? writerError = null;
        treeLock.Enter(); // compaction cannot run: level 0 only grows
        try
        {
            writer = new Thread(() =>
            {
                try
                {
                    for (int i = 0; i < 2_000; i++)
                    {
                        db.Put(Key(i), value);
                        Interlocked.Increment(ref written);
                    }
                }
                catch (Exception error)
                {
                    writerError = error; // surfaced by the test, not as an unhandled exception that kills the run
                }
            });
            writer.Start();
            WaitUntil(() => db.GetMetrics().Backlog.Level0Runs >= 4 && (writer.ThreadState & System.Threading.ThreadState.WaitSleepJoin) != 0,
                "level 0 never reached the stop threshold with the writer waiting");
            Thread.Sleep(200); // a write group already past the throttle may still land
            int before = Volatile.Read(ref written);
            Thread.Sleep(300);
            Assert.Equal(before, Volatile.Read(ref written)); // the writer is stalled, not merely slowed
            Assert.True(writer.IsAlive);
            Assert.True(db.GetMetrics().Backlog.Level0Runs >= 4);
            Assert.True(db.GetMetrics().Backlog.Level0Bytes > 0);
        }
        finally
        {
            treeLock.Exit();
        }
        Assert.True(writer.Join(TimeSpan.FromSeconds(60)), "the writer never resumed after compaction could run");
        Assert.Null(writerError);
        db.Flush();
        LightningDbMetrics after = db.GetMetrics();
        Assert.Equal(0, after.Backlog.Level0Runs);
        Assert.True(after.WriteStalls.Count >= 1);
        Assert.Contains(dir.Path, events.Level0StalledPaths());
        for (int i = 0; i < 2_000; i += 97) Assert.Equal(value, db.Get(Key(i)));
    }

    private static void WaitUntil(Func<bool> condition, string failure)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(30)) throw new TimeoutException(failure);
            Thread.Sleep(5);
        }
    }

    /// <summary>Collects the database paths of WriteStall events from the <c>Lightning-Kv</c> EventSource.</summary>
    private sealed class StallEventListener : EventListener
    {
        private readonly List<string> _paths = new();
        private readonly List<string> _level0Paths = new();

        public List<string> Level0StalledPaths()
        {
            lock (_level0Paths) return new List<string>(_level0Paths);
        }

        public List<string> StalledPaths()
        {
            lock (_paths) return new List<string>(_paths);
        }

        protected override void OnEventSourceCreated(EventSource source)
        {
            if (source.Name == LightningKvEventSource.SourceName) EnableEvents(source, EventLevel.Warning);
        }

        protected override void OnEventWritten(EventWrittenEventArgs data)
        {
            if (data.Payload is null) return;
            if (data.EventId == LightningKvEventSource.WriteStallEventId)
                lock (_paths) _paths.Add((string)data.Payload[0]!);
            else if (data.EventId == LightningKvEventSource.Level0StallEventId)
                lock (_level0Paths) _level0Paths.Add((string)data.Payload[0]!);
        }
    }
}
