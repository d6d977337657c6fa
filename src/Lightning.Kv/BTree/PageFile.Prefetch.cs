using System.Collections.Concurrent;

namespace Lightning.Kv.BTree;

// Read-ahead for range scans: the iterator names the pages it will want next; a thread-pool worker reads them
// into the cache so the scan finds them there. Never blocks the caller; a failed read is dropped (the scan's own
// read of that page raises the error, if it comes to it).
internal sealed partial class PageFile
{
    /// <summary>Pages waiting for, or being read by, the worker at most; further requests are dropped, not queued.</summary>
    public const int MaxPrefetchesInFlight = 64;

    private const int WriteStampStripes = 64;

    private readonly ConcurrentQueue<ulong> _prefetchQueue = new();
    private readonly HashSet<ulong> _prefetchPending = new();
    private readonly Lock _prefetchGate = new();
    private readonly long[] _writeStamps = new long[WriteStampStripes];
    private PrefetchWorker? _prefetchWorker;
    private int _prefetchScheduled;
    private long _prefetchReads;

    /// <summary>Whether tree iterators read ahead (<c>LightningDbOptions.PrefetchEnabled</c>). Default true.</summary>
    public bool PrefetchEnabled { get; set; } = true;

    /// <summary>Pages the worker has read into the cache so far (for tests and diagnostics).</summary>
    public long PrefetchReads => Volatile.Read(ref _prefetchReads);

    /// <summary>
    /// Asks for <paramref name="pageId"/> to be read into the cache in the background. Returns at once; a page
    /// already requested and not yet read is not requested twice.
    /// </summary>
    public void Prefetch(ulong pageId)
    {
        if (pageId < TreeMeta.FirstDataPage) return;
        lock (_prefetchGate)
        {
            if (_prefetchPending.Count >= MaxPrefetchesInFlight || !_prefetchPending.Add(pageId)) return;
        }
        _prefetchQueue.Enqueue(pageId);
        if (Interlocked.CompareExchange(ref _prefetchScheduled, 1, 0) == 0)
            ThreadPool.UnsafeQueueUserWorkItem(_prefetchWorker ??= new PrefetchWorker(this), preferLocal: false);
    }

    /// <summary>Waits until every requested prefetch has finished (tests use it to make read-ahead deterministic).</summary>
    internal void WaitForPrefetches()
    {
        var spinner = new SpinWait();
        while (Volatile.Read(ref _prefetchScheduled) != 0 || !_prefetchQueue.IsEmpty) spinner.SpinOnce();
    }

    /// <summary>
    /// Called by <see cref="Write"/> after the page reached the file and before it enters the cache. A prefetch
    /// that read the page before this stamp moved must not put its copy in the cache: a page id is reused once no
    /// snapshot reads it, and the prefetch could otherwise overwrite the new page's cached copy with the old one.
    /// </summary>
    private void NotePageWritten(ulong pageId)
    {
        lock (_prefetchGate) _writeStamps[pageId % WriteStampStripes]++;
    }

    private void RunPrefetches()
    {
        while (true)
        {
            while (_prefetchQueue.TryDequeue(out ulong pageId)) PrefetchOne(pageId);
            Volatile.Write(ref _prefetchScheduled, 0);
            // A request enqueued after the drain but before the flag cleared found the flag set: take it over.
            if (_prefetchQueue.IsEmpty || Interlocked.CompareExchange(ref _prefetchScheduled, 1, 0) != 0) return;
        }
    }

    private void PrefetchOne(ulong pageId)
    {
        long stamp;
        lock (_prefetchGate) stamp = _writeStamps[pageId % WriteStampStripes];
        try
        {
            byte[] page = ReadFromDisk(pageId);
            lock (_prefetchGate)
            {
                if (_writeStamps[pageId % WriteStampStripes] != stamp) return;
                _cache.Put(pageId, page);
            }
            Interlocked.Increment(ref _prefetchReads);
        }
        catch (Exception)
        {
            // Damage, an I/O error or a closed file: the scan's own read reports it if it needs the page. Nothing
            // may escape a thread-pool work item (it would end the process).
        }
        finally
        {
            lock (_prefetchGate) _prefetchPending.Remove(pageId);
        }
    }

    /// <summary>The one work item the page file queues; reused, so a prefetch allocates nothing.</summary>
    private sealed class PrefetchWorker(PageFile file) : IThreadPoolWorkItem
    {
        public void Execute() => file.RunPrefetches();
    }
}
