using System.Diagnostics;
using System.Reflection;
using Lightning.Kv.Encoding;
using Lightning.Kv.Engine;
using Lightning.Kv.Tests.Platform;

namespace Lightning.Kv.Tests.Engine;

public sealed class CommitQueueTests
{
    private static PendingCommit Commit(int valueBytes = 8)
    {
        var builder = new WriteSetBuilder();
        builder.Put("k"u8, new byte[valueBytes]);
        return new PendingCommit(builder, 0, checkConflicts: false);
    }

    /// <summary>Waits until <paramref name="count"/> commits are queued (the queue is private; this is a test probe).</summary>
    private static void WaitForQueueLength(CommitQueue queue, int count)
    {
        var field = typeof(CommitQueue).GetField("_queue", BindingFlags.NonPublic | BindingFlags.Instance)!;
        var items = (Queue<PendingCommit>)field.GetValue(queue)!;
        var clock = Stopwatch.StartNew();
        while (true)
        {
            lock (items)
                if (items.Count >= count) return;
            if (clock.Elapsed > TimeSpan.FromSeconds(20)) throw new TimeoutException($"only {items.Count} of {count} commits queued");
            Thread.Sleep(1);
        }
    }

    /// <summary>
    /// Runs <paramref name="first"/> as a leader that blocks inside its group until <paramref name="followers"/>
    /// are all queued behind it; returns the group sizes in the order they were processed.
    /// </summary>
    private static List<int> RunBehindABlockedLeader(PendingCommit first, IReadOnlyList<PendingCommit> followers, Action<List<PendingCommit>>? inGroup = null)
    {
        var queue = new CommitQueue();
        var release = new ManualResetEventSlim();
        var groups = new List<int>();
        void Process(List<PendingCommit> group)
        {
            bool isFirst;
            lock (groups)
            {
                isFirst = groups.Count == 0;
                groups.Add(group.Count);
            }
            if (isFirst) release.Wait();
            inGroup?.Invoke(group);
        }

        var leader = new Thread(() => queue.Run(first, Process));
        leader.Start();
        WaitForQueueLength(queue, 1);
        var threads = followers.Select(commit => new Thread(() => queue.Run(commit, Process))).ToList();
        for (int i = 0; i < threads.Count; i++)
        {
            threads[i].Start();
            WaitForQueueLength(queue, i + 2); // keep the queue order deterministic
        }
        release.Set();
        leader.Join();
        threads.ForEach(t => t.Join());
        Assert.True(first.Done);
        Assert.All(followers, c => Assert.True(c.Done));
        return groups;
    }

    [Fact]
    public void CommitsQueuedBehindALeaderFormOneGroup()
    {
        PendingCommit[] followers = Enumerable.Range(0, 7).Select(_ => Commit()).ToArray();
        ulong next = 0;
        List<int> groups = RunBehindABlockedLeader(Commit(), followers, group =>
        {
            foreach (PendingCommit member in group) member.Sequence = ++next;
        });
        Assert.Equal(new[] { 1, 7 }, groups);
        Assert.Equal(Enumerable.Range(2, 7).Select(i => (ulong)i), followers.Select(c => c.Sequence)); // queue order kept
        Assert.All(followers, c => Assert.Null(c.Error));
    }

    [Fact]
    public void FourThreadsOfCommitsAreEachProcessedOnceByOneLeaderAtATime()
    {
        // Short groups keep followers in their spin; every 50th group stalls 2 ms so followers also go to sleep and
        // must be woken. Each commit must come back done, with the sequence its one group gave it.
        var queue = new CommitQueue();
        int inside = 0;
        long groups = 0;
        ulong next = 0;
        var errors = new System.Collections.Concurrent.ConcurrentQueue<string>();
        void Process(List<PendingCommit> group)
        {
            if (Interlocked.Increment(ref inside) != 1) errors.Enqueue("two leaders at once");
            foreach (PendingCommit member in group)
            {
                if (member.Done || member.Sequence != 0) errors.Enqueue("a commit was processed twice");
                member.Sequence = ++next;
            }
            if (Interlocked.Increment(ref groups) % 50 == 0) Thread.Sleep(2);
            Interlocked.Decrement(ref inside);
        }

        const int perThread = 3000;
        var committed = new PendingCommit[4][];
        var threads = Enumerable.Range(0, 4).Select(t => new Thread(() =>
        {
            committed[t] = new PendingCommit[perThread];
            for (int i = 0; i < perThread; i++)
            {
                PendingCommit commit = Commit();
                queue.Run(commit, Process);
                if (!commit.Done) errors.Enqueue("Run returned before its commit was done");
                committed[t][i] = commit;
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        Assert.Empty(errors);
        ulong[] sequences = committed.SelectMany(c => c).Select(c => c.Sequence).OrderBy(x => x).ToArray();
        Assert.Equal(Enumerable.Range(1, 4 * perThread).Select(i => (ulong)i), sequences);
        Assert.True(groups < 4 * perThread, $"{groups} groups for {4 * perThread} commits: no commit ever joined another's group");
    }

    [Fact]
    public void GroupsAreCappedAtFourMegabytesButNeverEmpty()
    {
        PendingCommit[] followers = [Commit(3 << 20), Commit(3 << 20), Commit(100), Commit(100), Commit(5 << 20), Commit(100)];
        List<int> groups = RunBehindABlockedLeader(Commit(), followers);
        Assert.Equal(new[] { 1, 1, 3, 1, 1 }, groups);
    }

    [Fact]
    public void LeaderFailureIsReportedToEveryMemberOfItsGroupOnly()
    {
        PendingCommit first = Commit();
        PendingCommit[] followers = Enumerable.Range(0, 4).Select(_ => Commit()).ToArray();
        var failure = new InvalidOperationException("disk on fire");
        RunBehindABlockedLeader(first, followers, group =>
        {
            if (group.Count > 1)
            {
                group[0].Error = new LightningConflictException("conflict of its own");
                throw failure;
            }
        });
        Assert.Null(first.Error);
        Assert.IsType<LightningConflictException>(followers[0].Error); // a member's own error is kept
        Assert.All(followers.Skip(1), c => Assert.Same(failure, c.Error));
    }

    [Fact]
    public void ConcurrentDurableCommitsShareFsyncs()
    {
        using var dir = new TestDirectory("group-commit");
        var fs = new FaultInjectingFileSystem { SyncDelay = TimeSpan.FromMilliseconds(2) }; // a disk with a real fsync cost
        LightningDbOptions options = TestDirectory.SmallOptions(Durability.Full);
        options.MemtableSize = 64L * 1024 * 1024; // no rotation during the test: only commit fsyncs count
        options.FileSystem = fs;
        const int Threads = 8, PerThread = 60;
        using (LightningDb db = LightningDb.Open(dir.Path, options))
        {
            int before = fs.SyncCountWhere(FaultInjectingFileSystem.IsWalSegment);
            using var start = new Barrier(Threads);
            var threads = Enumerable.Range(0, Threads).Select(t => new Thread(() =>
            {
                start.SignalAndWait();
                for (int i = 0; i < PerThread; i++) db.Put(Key(t, i), Value(t, i));
            })).ToList();
            threads.ForEach(t => t.Start());
            threads.ForEach(t => t.Join());
            int syncs = fs.SyncCountWhere(FaultInjectingFileSystem.IsWalSegment) - before;

            Assert.InRange(syncs, 1, Threads * PerThread - 1);
            for (int t = 0; t < Threads; t++)
                for (int i = 0; i < PerThread; i++) Assert.Equal(Value(t, i), db.Get(Key(t, i)));
        }
        using LightningDb reopened = LightningDb.Open(dir.Path, TestDirectory.SmallOptions());
        for (int t = 0; t < Threads; t++)
            for (int i = 0; i < PerThread; i++) Assert.Equal(Value(t, i), reopened.Get(Key(t, i)));
    }

    private static byte[] Key(int thread, int i) => System.Text.Encoding.ASCII.GetBytes($"t{thread}-{i:D4}");

    private static byte[] Value(int thread, int i) => System.Text.Encoding.ASCII.GetBytes($"value {thread} {i}");
}
