using Lightning.Kv.BTree;
using Lightning.Kv.Engine;
using Lightning.Kv.Memtable;
using Lightning.Kv.Platform;

namespace Lightning.Kv;

// Background work: flushing immutable memtables into the tree, and the periodic fsync of Durability.Normal.
public sealed partial class LightningDb
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(200);
    private readonly AutoResetEvent _flushSignal = new(false);
    private readonly object _flushProgress = new();
    private Thread? _backgroundThread;
    private volatile bool _stopping;
    private volatile Exception? _backgroundError;
    private long _backgroundPasses;
    private readonly Lock _treeLock = new(); // one tree transaction (or Verify) at a time

    private void StartBackgroundWork()
    {
        _backgroundThread = new Thread(BackgroundLoop)
        {
            IsBackground = true,
            Name = "Lightning.Kv flush " + System.IO.Path.GetFileName(Path),
        };
        _backgroundThread.Start();
    }

    private void StopBackgroundWork()
    {
        _stopping = true;
        _flushSignal.Set();
        _backgroundThread?.Join();
        lock (_flushProgress) Monitor.PulseAll(_flushProgress);
    }

    private void SignalFlusher() => _flushSignal.Set();

    private void BackgroundLoop()
    {
        bool pinned = BackgroundThreadPlacement.Apply(_metrics.Numa);
        try
        {
            RunBackgroundPasses();
        }
        finally
        {
            if (pinned) BackgroundThreadPlacement.Release(_metrics.Numa);
        }
    }

    private void RunBackgroundPasses()
    {
        TimeSpan wait = _options.Durability == Durability.Normal ? _options.SyncInterval : TimeSpan.FromSeconds(1);
        while (!_stopping)
        {
            _flushSignal.WaitOne(_backgroundError is null ? wait : RetryDelay);
            if (_stopping) break;
            try
            {
                if (_options.Durability == Durability.Normal) _wal.Sync();
                while (!_stopping && _versions.Current.Immutables.Length > 0) FlushOldestMemtable();
                _backgroundError = null;
            }
            catch (Exception error)
            {
                // Kept for writers to see; the loop retries, and clears it once a flush succeeds.
                _backgroundError = error;
            }
            Interlocked.Increment(ref _backgroundPasses);
            lock (_flushProgress) Monitor.PulseAll(_flushProgress);
        }
    }

    private void ThrowIfBackgroundError()
    {
        Exception? error = _backgroundError;
        if (error is not null)
            throw new LightningException(LightningErrorCode.BackgroundError,
                "Writes are paused because a background flush failed: " + error.Message, error);
    }

    /// <summary>Waits until the flusher reports progress (or a short timeout, to recheck conditions).</summary>
    private void WaitForFlushProgress()
    {
        SignalFlusher();
        lock (_flushProgress) Monitor.Wait(_flushProgress, TimeSpan.FromMilliseconds(100));
    }

    /// <summary>Waits for the flush of every immutable memtable; fails only when a pass started after the call fails.</summary>
    private void WaitForFlushes()
    {
        long firstPass = Interlocked.Read(ref _backgroundPasses) + 1;
        while (_versions.Current.Immutables.Length > 0)
        {
            ThrowIfDisposed();
            // An error from a pass that began before this call may already be cured (say, disk space freed).
            if (Interlocked.Read(ref _backgroundPasses) > firstPass) ThrowIfBackgroundError();
            WaitForFlushProgress();
        }
    }

    /// <summary>Writes the oldest immutable memtable into the tree as one copy-on-write transaction.</summary>
    private void FlushOldestMemtable()
    {
        _metrics.TreeLockWait.Enter(_treeLock);
        try
        {
            FlushOldestMemtableLocked();
        }
        finally
        {
            _treeLock.Exit();
        }
    }

    private void FlushOldestMemtableLocked()
    {
        Engine.Version current = _versions.Current;
        MemTable table = current.Immutables[^1];
        TreeRoot tree = current.Tree;
        TreeRoot next = tree;
        if (table.EntryCount > 0)
        {
            List<TreeUpdate> updates = CollectUpdates(table);
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
                    table.LastSequence, tree.EntryCount + writer.EntryDelta);
                _pageFile.WriteMeta(meta);
                _pageFile.Sync();
                next = new TreeRoot(root, height, txn, table.LastSequence, meta.EntryCount);
            }
            catch
            {
                _allocator.Restore(saved);
                throw;
            }
        }
        lock (_installLock)
        {
            Engine.Version latest = _versions.Current;
            MemTable[] remaining = latest.Immutables[..^1];
            _versions.Install(new Engine.Version(_versions, latest.Active, remaining, next));
        }
        _ = _wal.DeleteCoveredBy(next.LastSequence);
    }

    private static List<TreeUpdate> CollectUpdates(MemTable table)
    {
        var updates = new List<TreeUpdate>((int)Math.Min(table.EntryCount, 1 << 20));
        var iterator = new MemTableIterator(table, ulong.MaxValue >> 8);
        for (iterator.SeekForward(null); iterator.Valid; iterator.Next())
        {
            long node = iterator.CurrentNode;
            updates.Add(new TreeUpdate(table.KeyMemoryOf(node), table.KindOf(node), table.ValueMemoryOf(node)));
        }
        return updates;
    }
}
