using Lightning.Kv.Platform;

namespace Lightning.Kv.Wal;

/// <summary>
/// The write-ahead log as a sequence of segments (wal/000001.log, …). A new segment starts whenever the
/// memtable is rotated; a closed segment is deleted once the tree holds every commit in it.
/// Appends come from the commit leader; syncs from the leader or the background syncer.
/// </summary>
internal sealed class WalLog : IDisposable
{
    private readonly IFileSystem _fs;
    private readonly string _directory;
    private readonly List<(long Number, ulong LastSequence)> _closed = new();
    private readonly Lock _lock = new();
    private WalWriter _current;

    /// <param name="fs">The file system.</param>
    /// <param name="directory">The wal/ directory.</param>
    /// <param name="closed">Segments found by recovery, with the last sequence each holds (0 when empty).</param>
    /// <param name="nextNumber">The number of the segment to start.</param>
    /// <param name="treeSequence">The tree's last sequence: segments at or below it are deleted at once.</param>
    public WalLog(IFileSystem fs, string directory, IEnumerable<(long Number, ulong LastSequence)> closed, long nextNumber, ulong treeSequence = 0)
    {
        _fs = fs;
        _directory = directory;
        _closed.AddRange(closed);
        _current = WalWriter.Create(fs, SegmentPath(nextNumber), nextNumber);
        fs.SyncDirectory(directory);
        DeleteCoveredBy(treeSequence);
    }

    public bool HasUnsyncedData
    {
        get { lock (_lock) return _current.HasUnsyncedData; }
    }

    public string SegmentPath(long number) => System.IO.Path.Combine(_directory, WalFormat.SegmentFileName(number));

    /// <summary>Appends framed records whose last sequence is <paramref name="lastSequence"/>; fsyncs when <paramref name="sync"/>.</summary>
    public void Append(ReadOnlySpan<byte> records, ulong lastSequence, bool sync)
    {
        lock (_lock)
        {
            _current.Append(records);
            _current.LastSequence = lastSequence;
            if (sync) _current.Sync();
        }
    }

    public void Sync()
    {
        lock (_lock) _current.Sync();
    }

    /// <summary>Closes the current segment (durably, whatever the durability mode) and starts the next.</summary>
    public void Rotate()
    {
        lock (_lock)
        {
            _current.Sync();
            WalWriter next = WalWriter.Create(_fs, SegmentPath(_current.Number + 1), _current.Number + 1);
            _closed.Add((_current.Number, _current.LastSequence));
            _current.Dispose();
            _current = next;
            _fs.SyncDirectory(_directory);
        }
    }

    /// <summary>Deletes closed segments whose every commit is at or below <paramref name="treeSequence"/>.</summary>
    public void DeleteCoveredBy(ulong treeSequence)
    {
        lock (_lock)
        {
            bool deleted = false;
            for (int i = _closed.Count - 1; i >= 0; i--)
            {
                if (_closed[i].LastSequence > treeSequence) continue;
                _fs.DeleteFile(SegmentPath(_closed[i].Number));
                _closed.RemoveAt(i);
                deleted = true;
            }
            if (deleted) _fs.SyncDirectory(_directory);
        }
    }

    public int SegmentCount
    {
        get { lock (_lock) return _closed.Count + 1; }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            try
            {
                _current.Sync();
            }
            finally
            {
                _current.Dispose();
            }
        }
    }
}
