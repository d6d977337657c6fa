using Lightning.Kv.Platform;
using Lightning.Kv.Sst;

namespace Lightning.Kv.Engine;

/// <summary>
/// One level-0 sorted run (an SST file made from one memtable) as the engine holds it: the open reader, shared by
/// every <see cref="Version"/> that lists the run. Reference-counted: each version holding the run owns one
/// reference. Once compaction has merged the run into the tree it is marked obsolete, and the last release closes
/// the reader, drops its cached blocks and deletes the file — never while a pinned snapshot can still read it.
/// </summary>
internal sealed class Level0Run
{
    private readonly IFileSystem _fs;
    private readonly ArcSstBlockCache _cache;
    private int _references;
    private int _obsolete;
    private int _destroyed;

    public Level0Run(IFileSystem fs, SstReader reader, ArcSstBlockCache cache, long fileSize)
    {
        _fs = fs;
        _cache = cache;
        Reader = reader;
        FileSize = fileSize;
    }

    /// <summary>The run's reader (thread-safe; reads go through the page cache).</summary>
    public SstReader Reader { get; }

    /// <summary>The run's file number (its name is <see cref="SstFileName.For"/> of it).</summary>
    public ulong FileNumber => Reader.FileNumber;

    /// <summary>The newest commit sequence in the run: every commit at or below it is in this run or older sources.</summary>
    public ulong MaxSequence => Reader.Properties.MaxSequence;

    /// <summary>Bytes the run takes on disk.</summary>
    public long FileSize { get; }

    /// <summary>True once compaction has merged the run into a durable tree; its file goes with the last reference.</summary>
    public bool IsObsolete => Volatile.Read(ref _obsolete) != 0;

    public void Acquire() => Interlocked.Increment(ref _references);

    public void Release()
    {
        int left = Interlocked.Decrement(ref _references);
        if (left == 0 && IsObsolete) Destroy();
        else if (left < 0) throw new InvalidOperationException("A level-0 run was released more often than acquired.");
    }

    /// <summary>Marks the run merged into the tree; deletes it now when no version holds it any more.</summary>
    public void MarkObsolete()
    {
        Interlocked.Exchange(ref _obsolete, 1); // a full fence, so this and a concurrent last Release cannot both miss
        if (Volatile.Read(ref _references) == 0) Destroy();
    }

    /// <summary>Closes the reader without deleting the file (the database is closing; the run stays live on disk).</summary>
    public void Close() => Reader.Dispose();

    private void Destroy()
    {
        if (Interlocked.Exchange(ref _destroyed, 1) != 0) return;
        Reader.Dispose();
        _cache.Forget(FileNumber);
        try
        {
            _fs.DeleteFile(Reader.Path);
        }
        catch (IOException)
        {
            // A leftover merged run is harmless: the next open sees it is covered by the tree and deletes it.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
