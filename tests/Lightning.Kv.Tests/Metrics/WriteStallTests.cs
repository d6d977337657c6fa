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
        var treeLock = (Lock)typeof(LightningDb).GetField("_treeLock", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(db)!;
        byte[] value = new byte[1024];
        Thread? writer = null;
        treeLock.Enter();
        try
        {
            // Fill one memtable; the next write rotates it, and its flush then waits for the tree lock.
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
            treeLock.Exit();
        }
        writer.Join();
        db.Flush();

        LightningDbMetrics after = db.GetMetrics();
        Assert.True(after.WriteStalls.Count >= 1);
        Assert.True(after.WriteStalls.TotalTime > TimeSpan.Zero);
        Assert.True(after.LockWaits.TreeLockWaits >= 1, "the flush waited for the tree lock the test held");
        Assert.True(after.LockWaits.TreeLockWaitTime > TimeSpan.Zero);
        Assert.Equal(0, after.Backlog.ImmutableMemtables);
        Assert.Contains(dir.Path, events.StalledPaths());
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
            if (data.EventId != LightningKvEventSource.WriteStallEventId || data.Payload is null) return;
            lock (_paths) _paths.Add((string)data.Payload[0]!);
        }
    }
}
