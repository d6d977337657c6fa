namespace Lightning.Kv.Wal;

/// <summary>
/// Background fsync of the WAL every so many appended bytes, for the modes that do not fsync per commit. Without it
/// the OS holds a whole segment (a memtable's worth, 64 MiB by default) dirty until the segment is closed, and the
/// fsync that closes it — on the commit path, because recovery relies on closed segments being durable — took
/// ~100 ms with every writer waiting. With it, that fsync covers at most the last <c>bytes</c> appended.
/// RocksDB's <c>wal_bytes_per_sync</c> exists for the same reason.
/// </summary>
internal sealed class WalWriteback : IThreadPoolWorkItem
{
    private readonly WalLog _log;
    private readonly long _threshold;
    private long _pending; // appended since the last request; touched only under the log's append lock
    private int _queued;

    public WalWriteback(WalLog log, long threshold)
    {
        _log = log;
        _threshold = threshold;
    }

    /// <summary>Counts appended bytes; queues one fsync (never two at once) when enough have gathered.</summary>
    public void Appended(int bytes)
    {
        _pending += bytes;
        if (_pending < _threshold || Interlocked.CompareExchange(ref _queued, 1, 0) != 0) return;
        _pending = 0;
        ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
    }

    /// <summary>Runs on the thread pool.</summary>
    public void Execute()
    {
        try
        {
            _log.Sync();
        }
        catch (LightningException)
        {
            // The log keeps the failure and refuses the next append with it; nothing more to do here.
        }
        finally
        {
            Volatile.Write(ref _queued, 0);
        }
    }
}
