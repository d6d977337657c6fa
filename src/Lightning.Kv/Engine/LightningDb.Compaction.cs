using System.Diagnostics;
using Lightning.Kv.BTree;
using Lightning.Kv.Encoding;
using Lightning.Kv.Engine;
using Lightning.Kv.Iterators;
using Lightning.Kv.Platform;
using Lightning.Kv.Sst;

namespace Lightning.Kv;

// Compaction: the level-0 runs are merged (newest wins) into the copy-on-write B+Tree, one bounded key range per tree
// transaction, on the compaction thread; writers slow down, then wait, when level 0 grows far past the trigger.
public sealed partial class LightningDb
{
    private readonly AutoResetEvent _compactionSignal = new(false);
    private readonly object _compactionProgress = new();
    private Thread? _compactionThread;
    private volatile Exception? _compactionError;
    private long _compactionPasses;

    /// <summary>Level-0 runs at which each write group is delayed a little, so compaction can catch up.</summary>
    private int Level0SlowdownRuns => _options.Level0CompactionTrigger * 2;

    /// <summary>Level-0 runs at which writers wait for compaction (reads would otherwise consult ever more runs).</summary>
    private int Level0StopRuns => _options.Level0CompactionTrigger * 4;

    /// <summary>
    /// Bytes of merged entries per tree transaction: bounds a compaction's memory (two chunks per worker), whatever
    /// the backlog.
    /// </summary>
    private int CompactionChunkBytes =>
        (int)Math.Clamp(_options.MemtableSize / (8 * _options.CompactionThreads), 256 * 1024, 8 * 1024 * 1024);

    private void StartCompactionThread()
    {
        _compactionThread = new Thread(CompactionLoop)
        {
            IsBackground = true,
            Name = "Lightning.Kv compaction " + System.IO.Path.GetFileName(Path),
        };
        _compactionThread.Start();
    }

    private void SignalCompactor() => _compactionSignal.Set();

    private void CompactionLoop()
    {
        bool pinned = BackgroundThreadPlacement.Apply(_metrics.Numa);
        try
        {
            while (!_stopping)
            {
                _compactionSignal.WaitOne(_compactionError is null ? TimeSpan.FromSeconds(1) : RetryDelay);
                if (_stopping) break;
                try
                {
                    while (!_stopping && _versions.Current.Level0.Length >= _options.Level0CompactionTrigger) CompactLevel0();
                    _compactionError = null;
                }
                catch (Exception error)
                {
                    // Kept for stalled writers to see; the loop retries and clears it once a compaction succeeds.
                    _compactionError = error;
                }
                Interlocked.Increment(ref _compactionPasses);
                lock (_compactionProgress) Monitor.PulseAll(_compactionProgress);
            }
        }
        finally
        {
            if (pinned) BackgroundThreadPlacement.Release(_metrics.Numa);
            lock (_compactionProgress) Monitor.PulseAll(_compactionProgress);
        }
    }

    /// <summary>Merges every level-0 run of the current version into the tree. Safe to call from any thread.</summary>
    private void CompactLevel0()
    {
        _metrics.TreeLockWait.Enter(_treeLock);
        try
        {
            CompactLevel0Locked();
        }
        finally
        {
            _treeLock.Exit();
        }
    }

    private void CompactLevel0Locked()
    {
        Level0Run[] runs = _versions.Current.Level0; // newest first
        if (runs.Length == 0) return;
        ulong covered = runs[0].MaxSequence;
        var paths = new string[runs.Length];
        var numbers = new ulong[runs.Length];
        for (int i = 0; i < runs.Length; i++)
        {
            paths[i] = runs[i].Reader.Path;
            numbers[i] = runs[i].FileNumber;
        }
        // Split by key range; each part is merged by a worker while this thread writes the tree in key order.
        List<CompactionPart> parts = SplitIntoParts(runs, _options.CompactionThreads, CompactionChunkBytes);
        using var cancel = new CancellationTokenSource();
        try
        {
            foreach (CompactionPart part in parts)
                part.Start(_fileSystem, paths, numbers, () => BackgroundThreadPlacement.Apply(_metrics.Numa),
                    () => BackgroundThreadPlacement.Release(_metrics.Numa), cancel.Token);
            for (int p = 0; p < parts.Count; p++)
            {
                CompactionPart part = parts[p];
                CompactionChunk? chunk = part.Next(cancel.Token);
                while (chunk is not null)
                {
                    if (_stopping && _disposed) return; // closing: the runs stay and are merged after the next open
                    CompactionChunk? next = part.Next(cancel.Token);
                    bool last = next is null && p == parts.Count - 1;
                    // Until the last key range is in, the tree keeps its old sequence: the runs stay listed and win over it.
                    TreeRoot tree = ApplyToTree(_versions.Current.Tree, chunk.Updates, last ? covered : _versions.Current.Tree.LastSequence);
                    part.Recycle(chunk);
                    InstallCompactedTree(tree, last ? runs : []);
                    chunk = next;
                }
            }
            if (_versions.Current.Level0.Length > 0 && Array.IndexOf(_versions.Current.Level0, runs[0]) >= 0)
            {
                // Only deletions of absent keys, or nothing at all: no chunk was last; publish the sequence anyway.
                InstallCompactedTree(ApplyToTree(_versions.Current.Tree, [], covered), runs);
            }
        }
        finally
        {
            cancel.Cancel(); // stops workers still merging (after an error, or when closing)
            foreach (CompactionPart part in parts) part.Dispose();
        }
        foreach (Level0Run run in runs) run.MarkObsolete(); // files go once no pinned version lists them
    }

    /// <summary>
    /// Cuts the key space into up to <paramref name="threads"/> ranges of similar size, at data-block separators of
    /// the largest run (separator s ends a range just after s, so every key lands in exactly one range).
    /// </summary>
    private static List<CompactionPart> SplitIntoParts(Level0Run[] runs, int threads, int chunkBytes)
    {
        var parts = new List<CompactionPart>(threads);
        Level0Run largest = runs[0];
        foreach (Level0Run run in runs)
            if (run.FileSize > largest.FileSize) largest = run;
        SstIndex index = largest.Reader.Index;
        byte[]? from = null;
        for (int k = 1; k < threads && index.Count > 1; k++)
        {
            int block = (int)((long)index.Count * k / threads) - 1;
            if (block < 0 || block >= index.Count - 1) continue;
            ReadOnlySpan<byte> separator = index.Separator(block);
            var to = new byte[separator.Length + 1]; // the smallest key above the separator
            separator.CopyTo(to);
            if (from is not null && to.AsSpan().SequenceCompareTo(from) <= 0) continue;
            parts.Add(new CompactionPart(from, to, chunkBytes));
            from = to;
        }
        parts.Add(new CompactionPart(from, null, chunkBytes));
        return parts;
    }

    private void InstallCompactedTree(TreeRoot tree, Level0Run[] merged)
    {
        Level0Run[] level0;
        lock (_installLock)
        {
            Engine.Version latest = _versions.Current;
            level0 = merged.Length == 0 ? latest.Level0 : Without(latest.Level0, merged);
            _versions.Install(new Engine.Version(_versions, latest.Active, latest.Immutables, level0, tree));
        }
        ReportLevel0(level0);
    }

    /// <summary>The runs of <paramref name="runs"/> that are not in <paramref name="merged"/> (which are its oldest).</summary>
    private static Level0Run[] Without(Level0Run[] runs, Level0Run[] merged)
    {
        var kept = new List<Level0Run>(runs.Length);
        foreach (Level0Run run in runs)
            if (Array.IndexOf(merged, run) < 0) kept.Add(run);
        return kept.ToArray();
    }

    /// <summary>
    /// Applies sorted <paramref name="updates"/> to <paramref name="tree"/> as one copy-on-write tree transaction:
    /// new pages are fsynced before the meta page that points at them, and the meta page before this returns.
    /// </summary>
    private TreeRoot ApplyToTree(TreeRoot tree, IReadOnlyList<TreeUpdate> updates, ulong lastSequence)
    {
        ulong txn = tree.TxnId + 1;
        PageAllocator.State saved = _allocator.Save();
        try
        {
            _allocator.Release(_versions.OldestPinnedTreeTxn(), txn);
            var writer = new TreeWriter(_pageFile, _allocator, txn);
            (ulong root, int height) = writer.Apply(tree.RootPageId, tree.Height, updates);
            ulong freeList = _allocator.Persist(_pageFile, txn);
            _pageFile.Sync(); // every new page is durable before the meta page points at it
            var meta = new TreeMeta(txn, _pageFile.PageSize, root, height, _allocator.PageCount, freeList,
                lastSequence, tree.EntryCount + writer.EntryDelta);
            _pageFile.WriteMeta(meta);
            _pageFile.Sync();
            return new TreeRoot(root, height, txn, lastSequence, meta.EntryCount);
        }
        catch
        {
            _allocator.Restore(saved);
            throw;
        }
    }

    /// <summary>
    /// Called by the commit leader (holding the commit gate) before each write group: a short delay once level 0 holds
    /// <see cref="Level0SlowdownRuns"/> runs, a wait for compaction from <see cref="Level0StopRuns"/> (a write stall,
    /// counted and logged). Never waits forever: a failing compaction surfaces as an exception here.
    /// </summary>
    private void ThrottleForLevel0()
    {
        int runs = _versions.Current.Level0.Length;
        if (runs < Level0SlowdownRuns) return;
        SignalCompactor();
        if (runs < Level0StopRuns)
        {
            Thread.Sleep(1);
            return;
        }
        long start = Stopwatch.GetTimestamp();
        long firstPass = Interlocked.Read(ref _compactionPasses) + 1;
        while ((runs = _versions.Current.Level0.Length) >= Level0StopRuns)
        {
            ThrowIfDisposed();
            if (Interlocked.Read(ref _compactionPasses) > firstPass) ThrowIfCompactionError();
            SignalCompactor();
            lock (_compactionProgress) Monitor.Wait(_compactionProgress, TimeSpan.FromMilliseconds(100));
        }
        _metrics.RecordLevel0Stall(start, runs);
    }

    private void ThrowIfCompactionError()
    {
        Exception? error = _compactionError;
        if (error is not null)
            throw new LightningException(LightningErrorCode.BackgroundError,
                "Writes are paused because background compaction failed: " + error.Message, error);
    }
}
