using Lightning.Kv.BTree;
using Lightning.Kv.Engine;
using Lightning.Kv.Memtable;
using Lightning.Kv.Platform;

namespace Lightning.Kv;

// Background work: the flush thread (immutable memtables → level-0 runs, and the periodic fsync of Durability.Normal);
// the compaction thread lives in LightningDb.Compaction.cs.
public sealed partial class LightningDb
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(200);
    private readonly AutoResetEvent _flushSignal = new(false);
    private readonly object _flushProgress = new();
    private Thread? _backgroundThread;
    private volatile bool _stopping;
    private volatile Exception? _backgroundError;
    private long _backgroundPasses;
    private readonly Lock _treeLock = new(); // one tree transaction (compaction or Verify) at a time
    private readonly Lock _flushLock = new(); // held while a memtable is written out (tests hold it to block flushes)

    private void StartBackgroundWork()
    {
        _backgroundThread = new Thread(BackgroundLoop)
        {
            IsBackground = true,
            Name = "Lightning.Kv flush " + System.IO.Path.GetFileName(Path),
        };
        _backgroundThread.Start();
        StartCompactionThread();
    }

    private void StopBackgroundWork()
    {
        _stopping = true;
        _flushSignal.Set();
        _compactionSignal.Set();
        _backgroundThread?.Join();
        _compactionThread?.Join();
        lock (_flushProgress) Monitor.PulseAll(_flushProgress);
        lock (_compactionProgress) Monitor.PulseAll(_compactionProgress);
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
                while (!_stopping && _versions.Current.Immutables.Length > 0)
                {
                    _flushLock.Enter();
                    try
                    {
                        FlushOldestMemtable();
                    }
                    finally
                    {
                        _flushLock.Exit();
                    }
                }
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
}
