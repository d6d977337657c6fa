using Lightning.Kv.BTree;
using Lightning.Kv.Encoding;
using Lightning.Kv.Engine;
using Lightning.Kv.Memtable;
using Lightning.Kv.Metrics;
using Lightning.Kv.Platform;
using Lightning.Kv.Sst;
using Lightning.Kv.Wal;

namespace Lightning.Kv;

// Opening: lock the directory, read the newest valid meta page, load the level-0 runs newer than the tree, replay the
// WAL after the newest of them.
public sealed partial class LightningDb
{
    private const string LockFileName = "LOCK";

    private LightningDb(string path, LightningDbOptions options)
    {
        Path = path;
        _options = options;
        _processGroup = ProcessGroup;
        _metrics = new EngineMetrics(path, options.Durability, NumaPlacement.Choose(options.NumaAware, NumaTopology.Current, OperatingSystem.IsLinux()));
        _commitQueue = new CommitQueue(_metrics.CommitQueueWait);
        IFileSystem fs = new MeteredFileSystem(options.FileSystem, _metrics.DiskWrites);
        _fileSystem = fs;
        IDisposable? directoryLock = null;
        PageFile? pageFile = null;
        Level0Run[] level0 = [];
        try
        {
            if (!fs.DirectoryExists(path))
            {
                if (!options.CreateIfMissing)
                    throw new LightningException(LightningErrorCode.InvalidArgument, $"The database '{path}' does not exist.");
                fs.CreateDirectory(path);
                SyncParent(fs, path);
            }
            directoryLock = fs.TryLock(System.IO.Path.Combine(path, LockFileName))
                ?? throw new LightningException(LightningErrorCode.DatabaseLocked,
                    $"The database '{path}' is already open, by another process or by another LightningDb instance in this process. " +
                    "Share one instance within a process.");
            string walDirectory = System.IO.Path.Combine(path, WalFormat.Directory);
            if (!fs.DirectoryExists(walDirectory))
            {
                fs.CreateDirectory(walDirectory);
                fs.SyncDirectory(path);
            }

            string treePath = System.IO.Path.Combine(path, PageFormat.FileName);
            bool treeIsNew = !fs.FileExists(treePath);
            // tree.db is created, fsynced and its directory entry synced before the first WAL segment exists, so
            // WAL segments next to a missing or empty tree.db mean lost data, not a database being created.
            pageFile = PageFile.Open(fs, treePath, options.PageSize, options.CacheSize, out TreeMeta meta,
                mustExist: HasWalSegments(fs, walDirectory));
            pageFile.PrefetchEnabled = options.PrefetchEnabled;
            if (treeIsNew) fs.SyncDirectory(path); // a new file's directory entry is durable only after this
            var allocator = new PageAllocator(meta.PageCount);
            allocator.Load(pageFile, meta.FreeListPageId);

            _sstCache = new ArcSstBlockCache(pageFile.Cache);
            level0 = LoadLevel0Runs(fs, meta.LastSequence);
            // Commits at or below the newest run are in the runs or the tree; the log supplies the rest.
            ulong durableSequence = level0.Length > 0 ? level0[0].MaxSequence : meta.LastSequence;
            WalRecovery recovered = RecoverWal(fs, walDirectory, durableSequence, options.MemtableSize);
            if (pageFile.DamagedNewerMetaPage is { } damaged && recovered.LastSequence == meta.LastSequence)
            {
                // A crash while writing a meta page leaves the commits it would have published in the WAL (segments
                // are deleted only after a meta page is durable). With no such commits, the damaged page may have
                // published a newer tree whose log is gone: serving the older tree would return stale data.
                Throw.Corrupt(pageFile.Path, (long)damaged * pageFile.PageSize,
                    "a meta page is damaged and may have published a newer tree than the intact one, whose commits the write-ahead log no longer holds");
            }
            _wal = new WalLog(fs, walDirectory, recovered.Segments, recovered.NextSegmentNumber, durableSequence,
                unsyncedAppends: options.Durability != Durability.Full, writebackBytes: options.WalWritebackSize);
            _pageFile = pageFile;
            _allocator = allocator;
            _directoryLock = directoryLock;
            _lastSequence = recovered.LastSequence;
            var tree = new TreeRoot(meta.RootPageId, meta.Height, meta.TxnId, meta.LastSequence, meta.EntryCount);
            _versions.Install(new Engine.Version(_versions, recovered.Active, recovered.Immutables, level0, tree));
            ReportLevel0(level0);
            _versions.PublishSequence(recovered.LastSequence);
        }
        catch (Exception error)
        {
            foreach (Level0Run run in level0) run.Close();
            pageFile?.Dispose();
            directoryLock?.Dispose();
            if (error is IOException io) throw LightningIOException.From(io, path, "open the database");
            if (error is UnauthorizedAccessException denied)
                throw new LightningIOException(LightningErrorCode.IOError, $"Access to the database '{path}' was denied: {denied.Message}", denied);
            throw;
        }
        StartBackgroundWork();
        if (_versions.Current.Immutables.Length > 0) SignalFlusher();
        if (_versions.Current.Level0.Length >= options.Level0CompactionTrigger) SignalCompactor();
        LightningKvMeter.Register(this);
    }

    private static bool HasWalSegments(IFileSystem fs, string walDirectory)
    {
        foreach (string name in fs.ListFiles(walDirectory))
            if (WalFormat.TryParseSegmentNumber(name, out _)) return true;
        return false;
    }

    /// <summary>Makes a newly created directory's own entry durable.</summary>
    private static void SyncParent(IFileSystem fs, string path)
    {
        string? parent = System.IO.Path.GetDirectoryName(path);
        if (!string.IsNullOrEmpty(parent)) fs.SyncDirectory(parent);
    }

    private sealed record WalRecovery(
        MemTable Active, MemTable[] Immutables, List<(long Number, ulong LastSequence)> Segments, long NextSegmentNumber, ulong LastSequence);

    private static WalRecovery RecoverWal(IFileSystem fs, string directory, ulong treeSequence, long memtableSize)
    {
        var numbers = new List<long>();
        foreach (string name in fs.ListFiles(directory))
            if (WalFormat.TryParseSegmentNumber(name, out long number)) numbers.Add(number);
        numbers.Sort();

        var full = new List<MemTable>();
        var active = new MemTable();
        ulong last = treeSequence;
        var segments = new List<(long, ulong)>();
        ulong expected = 0; // continuity is checked only above the tree: a covered segment may be missing
        for (int i = 0; i < numbers.Count; i++)
        {
            string path = System.IO.Path.Combine(directory, WalFormat.SegmentFileName(numbers[i]));
            WalReader.Result result;
            using (IStorageFile file = fs.Open(path, create: false))
            {
                result = WalReader.Read(file, isNewest: i == numbers.Count - 1, expected, (sequence, payload) =>
                {
                    if (sequence <= treeSequence) return; // already in the tree
                    if (sequence != last + 1)
                        Throw.Corrupt(path, 0, $"the log jumps from sequence {last} to {sequence}: commits are missing");
                    var reader = new WriteSetReader(payload);
                    while (reader.MoveNext()) active.Add(sequence, reader.Kind, reader.Key, reader.Value);
                    last = sequence;
                    if (active.ApproximateBytes >= memtableSize)
                    {
                        full.Add(active);
                        active = new MemTable();
                    }
                });
                if (result.TornTail && result.ValidLength >= WalFormat.SegmentHeaderSize)
                {
                    // Cut the torn record off, so later segments never follow a damaged one.
                    file.SetLength(result.ValidLength);
                    file.Sync();
                }
            }
            if (result.TornTail && result.ValidLength < WalFormat.SegmentHeaderSize)
            {
                fs.DeleteFile(path);
                continue;
            }
            if (result.LastSequence >= treeSequence && result.LastSequence != 0) expected = result.LastSequence + 1;
            segments.Add((numbers[i], result.LastSequence));
        }
        full.Reverse(); // newest first, as a Version lists them
        long next = numbers.Count == 0 ? 1 : numbers[^1] + 1;
        return new WalRecovery(active, full.ToArray(), segments, next, last);
    }
}
