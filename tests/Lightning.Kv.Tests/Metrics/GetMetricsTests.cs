using Lightning.Kv.Engine;
using Lightning.Kv.Encoding;
using Lightning.Kv.Metrics;

namespace Lightning.Kv.Tests.Metrics;

/// <summary><see cref="LightningDb.GetMetrics"/> after known workloads: exact counts, bytes, cache movement, windows.</summary>
[Collection(MeterCollection.Name)]
public sealed class GetMetricsTests
{
    private static byte[] Key(int i) => System.Text.Encoding.UTF8.GetBytes($"key-{i:D6}");

    [Fact]
    public void AKnownWorkloadIsCountedExactly()
    {
        using var dir = new TestDirectory("metrics");
        using LightningDb db = LightningDb.Open(dir.Path, TestDirectory.SmallOptions(Durability.Full));
        LightningDbMetrics fresh = db.GetMetrics();
        Assert.Equal(0, fresh.Gets.Count);
        Assert.Equal(0, fresh.DiskWrites.UserBytes);
        Assert.Equal(0, fresh.DiskWrites.WriteAmplification);

        long userBytes = 0;
        byte[] value = new byte[100];
        for (int i = 0; i < 300; i++)
        {
            db.Put(Key(i), value);
            userBytes += Key(i).Length + value.Length;
        }
        for (int i = 0; i < 10; i++)
        {
            db.Delete(Key(i));
            userBytes += Key(i).Length;
        }
        var batch = new WriteBatch();
        for (int i = 300; i < 320; i++)
        {
            batch.Put(Key(i), value);
            userBytes += Key(i).Length + value.Length;
        }
        db.Write(batch);
        for (int t = 0; t < 3; t++)
        {
            using KvTransaction txn = db.BeginTransaction();
            Assert.NotNull(txn.Get(Key(100 + t))); // a transaction's read is a get too
            txn.Put(Key(100 + t), [1, 2, 3]);
            userBytes += Key(100 + t).Length + 3;
            txn.Commit();
        }
        using (KvTransaction readOnly = db.BeginTransaction()) readOnly.Commit(); // no writes: not a commit

        int gets = 3;
        for (int i = 0; i < 400; i++)
        {
            db.Get(Key(i)); // 320 exist (10 deleted), 80 do not: every call counts
            gets++;
        }
        for (int i = 0; i < 50; i++)
        {
            db.TryGet(Key(i), new byte[128], out _);
            gets++;
        }
        Assert.Equal(320, db.Scan(null, null).Count() + 10); // one full scan…
        using (IEnumerator<KeyValuePair<byte[], byte[]>> partial = db.Scan(Key(50), null).GetEnumerator())
            Assert.True(partial.MoveNext()); // …and one abandoned after a row: both are scans

        LightningDbMetrics metrics = db.GetMetrics();
        Assert.Equal(dir.Path, metrics.Path);
        Assert.Equal(gets, metrics.Gets.Count);
        Assert.Equal(300 + 10 + 1, metrics.Writes.Count);
        Assert.Equal(3, metrics.Commits.Count);
        Assert.Equal(2, metrics.Scans.Count);
        Assert.Equal(metrics.Writes.Count, metrics.Writes.LatencyCount); // Durability.Full: every write is timed
        Assert.Equal(userBytes, metrics.DiskWrites.UserBytes);
        // Durability.Full: every commit's record and its header reach the WAL, on top of the tree's own pages.
        Assert.True(metrics.DiskWrites.WalBytes > userBytes, $"WAL {metrics.DiskWrites.WalBytes} <= user {userBytes}");
        Assert.True(metrics.DiskWrites.WriteAmplification > 1);
        Assert.True(metrics.DiskWrites.OtherBytes == 0, "the lock file is locked, never written");
        foreach (OperationMetrics op in new[] { metrics.Writes, metrics.Commits, metrics.Scans })
        {
            Assert.True(op.P50Microseconds > 0);
            Assert.True(op.P50Microseconds <= op.P95Microseconds && op.P95Microseconds <= op.P99Microseconds && op.P99Microseconds <= op.MaxMicroseconds);
            Assert.True(op.MeanMicroseconds > 0);
        }
        Assert.True(metrics.Numa.NodeCount >= 1);
        Assert.True(metrics.Memory.ActiveMemtableBytes > 0);
        Assert.Equal(metrics.Cache.BytesInUse, metrics.Memory.CacheBytes);
        Assert.Equal(256 * 1024, metrics.Cache.CapacityBytes);
    }

    [Fact]
    public void ReadsFromTheTreeMoveTheCacheCountersAndFlushesWriteTheTreeFile()
    {
        using var dir = new TestDirectory("metrics-cache");
        using LightningDb db = LightningDb.Open(dir.Path, TestDirectory.SmallOptions());
        for (int i = 0; i < 2000; i++) db.Put(Key(i), new byte[50]);
        db.Flush();
        LightningDbMetrics before = db.GetMetrics();
        Assert.True(before.DiskWrites.TreeBytes > 0);
        Assert.Equal(0, before.Backlog.ImmutableMemtables);
        for (int i = 0; i < 2000; i += 7) Assert.NotNull(db.Get(Key(i)));
        LightningDbMetrics after = db.GetMetrics();
        long lookups = after.Cache.Hits + after.Cache.Misses - before.Cache.Hits - before.Cache.Misses;
        Assert.True(lookups >= 2000 / 7, $"only {lookups} page lookups for {2000 / 7} tree reads");
        Assert.True(after.Cache.Hits > before.Cache.Hits);
        Assert.InRange(after.Cache.HitRate, 0.0, 1.0);
        Assert.True(after.Cache.BytesInUse > 0);
    }

    [Fact]
    public void UnsyncedWritesAndReadsAreSampledButCountedExactly()
    {
        using var dir = new TestDirectory("metrics-sampled");
        using LightningDb db = LightningDb.Open(dir.Path, TestDirectory.SmallOptions(Durability.None));
        for (int i = 0; i < 4000; i++) db.Put(Key(i % 500), [1, 2]);
        for (int i = 0; i < 16000; i++) db.Get(Key(i % 600));
        LightningDbMetrics metrics = db.GetMetrics();
        Assert.Equal(4000, metrics.Writes.Count);
        Assert.Equal(16000, metrics.Gets.Count);
        // Nobody listens to the meter in this collection now: 1 in 4 writes and 1 in 16 reads are timed, with
        // weights 4 and 16. Expected 1000 samples each; ±25% is over 8 binomial standard deviations.
        Assert.Equal(0, metrics.Writes.LatencyCount % 4);
        Assert.Equal(0, metrics.Gets.LatencyCount % 16);
        Assert.InRange(metrics.Writes.LatencyCount, 3000, 5000);
        Assert.InRange(metrics.Gets.LatencyCount, 12000, 20000);
        Assert.True(metrics.Gets.P50Microseconds > 0 && metrics.Gets.P50Microseconds <= metrics.Gets.P99Microseconds);
    }

    [Fact]
    public void SinceGivesTheOperationsOfAWindow()
    {
        using var dir = new TestDirectory("metrics-window");
        using LightningDb db = LightningDb.Open(dir.Path, TestDirectory.SmallOptions(Durability.Full)); // every write timed
        for (int i = 0; i < 100; i++) db.Put(Key(i), [1]);
        LightningDbMetrics first = db.GetMetrics();
        for (int i = 0; i < 40; i++) db.Put(Key(i), [2]);
        LightningDbMetrics second = db.GetMetrics();
        OperationMetrics window = second.Writes.Since(first.Writes);
        Assert.Equal(40, window.Count);
        Assert.Equal(40, window.LatencyCount);
        Assert.True(window.P99Microseconds <= second.Writes.MaxMicroseconds);
    }

    [Fact]
    public void TheLevel0BacklogIsWhatTheCompactionCodeReports()
    {
        using var dir = new TestDirectory("metrics-l0");
        using LightningDb db = LightningDb.Open(dir.Path, TestDirectory.SmallOptions());
        Assert.Equal(0, db.GetMetrics().Backlog.Level0Runs);
        db.EngineMetrics.ReportLevel0(3, 3 * 4096);
        CompactionBacklogMetrics backlog = db.GetMetrics().Backlog;
        Assert.Equal(3, backlog.Level0Runs);
        Assert.Equal(3 * 4096, backlog.Level0Bytes);
        db.EngineMetrics.ReportLevel0(0, 0);
        Assert.Equal(0, db.GetMetrics().Backlog.Level0Runs);
        Assert.Throws<ArgumentOutOfRangeException>(() => db.EngineMetrics.ReportLevel0(-1, 0));
    }

    [Fact]
    public void CommittersQueuedBehindAGroupRecordTheirWait()
    {
        var waits = new LockWaitCounter();
        var queue = new CommitQueue(waits);
        var leaderInside = new ManualResetEventSlim();
        var release = new ManualResetEventSlim();
        var builder = new WriteSetBuilder();
        builder.Put("k"u8, [1]);
        var first = new PendingCommit(builder, 0, checkConflicts: false);
        var second = new PendingCommit(builder, 0, checkConflicts: false);
        var leader = new Thread(() => queue.Run(first, _ =>
        {
            leaderInside.Set();
            release.Wait();
        }));
        leader.Start();
        leaderInside.Wait();
        var follower = new Thread(() => queue.Run(second, _ => { }));
        follower.Start();
        WaitForQueueLength(queue, 2); // the follower is queued behind the blocked leader
        release.Set();
        leader.Join();
        follower.Join();
        Assert.Equal(1, waits.Waits); // the follower; the leader found the queue empty
        Assert.True(waits.TotalWait > TimeSpan.Zero);
    }

    /// <summary>Waits until <paramref name="count"/> commits are queued (the queue is private; this is a test probe).</summary>
    private static void WaitForQueueLength(CommitQueue queue, int count)
    {
        var field = typeof(CommitQueue).GetField("_queue", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!;
        var items = (Queue<PendingCommit>)field.GetValue(queue)!;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            lock (items)
                if (items.Count >= count) return;
            if (clock.Elapsed > TimeSpan.FromSeconds(20)) throw new TimeoutException($"only {items.Count} of {count} commits queued");
            Thread.Sleep(1);
        }
    }

    [Fact]
    public void MetricsStayReadableAfterDispose()
    {
        using var dir = new TestDirectory("metrics-disposed");
        LightningDb db = LightningDb.Open(dir.Path, TestDirectory.SmallOptions());
        db.Put(Key(1), [1]);
        db.Dispose();
        Assert.Equal(1, db.GetMetrics().Writes.Count);
    }
}
