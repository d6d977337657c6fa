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
    // _lock guards appends and the segment list; _syncLock is held across an fsync, so an fsync never blocks appends.
    // Whoever needs both (segment switch, dispose) takes _syncLock first. _current changes only under both.
    private readonly Lock _lock = new();
    private readonly Lock _syncLock = new();
    private WalWriter _current;
    private Exception? _failure;
    private bool _disposed;
    private readonly bool _unsyncedAppends;
    private readonly WalWriteback? _writeback;

    /// <param name="fs">The file system.</param>
    /// <param name="directory">The wal/ directory.</param>
    /// <param name="closed">Segments found by recovery, with the last sequence each holds (0 when empty).</param>
    /// <param name="nextNumber">The number of the segment to start.</param>
    /// <param name="treeSequence">The tree's last sequence: segments at or below it are deleted at once.</param>
    /// <param name="unsyncedAppends">True when commits are acknowledged before an fsync (Durability.Normal/None).</param>
    /// <param name="writebackBytes">
    /// With <paramref name="unsyncedAppends"/>: after this many appended bytes, fsync in the background (0: never).
    /// </param>
    public WalLog(IFileSystem fs, string directory, IEnumerable<(long Number, ulong LastSequence)> closed, long nextNumber,
        ulong treeSequence = 0, bool unsyncedAppends = false, long writebackBytes = 0)
    {
        _fs = fs;
        _directory = directory;
        _unsyncedAppends = unsyncedAppends;
        if (unsyncedAppends && writebackBytes > 0) _writeback = new WalWriteback(this, writebackBytes);
        _closed.AddRange(closed);
        _current = WalWriter.Create(fs, SegmentPath(nextNumber), nextNumber, unsyncedAppends);
        fs.SyncDirectory(directory);
        _ = DeleteCoveredBy(treeSequence);
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
            ThrowIfFailed();
            _current.Append(records);
            _current.LastSequence = lastSequence;
            if (sync) SyncLocked();
            else _writeback?.Appended(records.Length);
        }
    }

    /// <summary>
    /// Makes every record appended before the call durable. The fsync runs outside the append lock, so the commit
    /// leader goes on appending meanwhile (the periodic sync of Durability.Normal and the write-back use this).
    /// </summary>
    public void Sync()
    {
        lock (_syncLock)
        {
            WalWriter writer;
            long through;
            lock (_lock)
            {
                if (_disposed) return;
                ThrowIfFailed();
                writer = _current;
                if (!writer.HasUnsyncedData) return;
                through = writer.Position;
            }
            try
            {
                writer.SyncFile();
            }
            catch (LightningException error)
            {
                lock (_lock) _failure ??= error;
                throw;
            }
            writer.MarkSyncedThrough(through);
        }
    }

    // After a failed fsync the kernel may have dropped the unsynced pages, and records whose sequence numbers
    // were never acknowledged may or may not be in the log: the whole log (not one segment) refuses writes
    // until the database is reopened and recovery decides what the log holds.
    private void SyncLocked()
    {
        try
        {
            _current.Sync();
        }
        catch (LightningException error)
        {
            _failure = error;
            throw;
        }
    }

    private void ThrowIfFailed()
    {
        if (_failure is not null)
            throw new LightningIOException(LightningErrorCode.IOError,
                "The write-ahead log failed to fsync earlier and refuses writes until the database is reopened: " + _failure.Message, _failure);
    }

    /// <summary>Closes the current segment (durably, whatever the durability mode) and starts the next.</summary>
    public void Rotate()
    {
        // The write-back has been fsyncing this segment as it grew, so this fsync covers only its last stretch.
        lock (_syncLock)
        lock (_lock)
        {
            ThrowIfFailed();
            SyncLocked();
            string path = SegmentPath(_current.Number + 1);
            try
            {
                WalWriter next = WalWriter.Create(_fs, path, _current.Number + 1, _unsyncedAppends);
                _closed.Add((_current.Number, _current.LastSequence));
                _current.Dispose();
                _current = next;
                _fs.SyncDirectory(_directory);
            }
            catch (IOException error)
            {
                throw LightningIOException.From(error, path, "start the write-ahead log segment");
            }
        }
    }

    /// <summary>
    /// Deletes closed segments whose every commit is at or below <paramref name="treeSequence"/>. Returns false
    /// when the file system refused; that is harmless (recovery skips what the tree holds) and retried next time.
    /// </summary>
    public bool DeleteCoveredBy(ulong treeSequence)
    {
        lock (_lock)
        {
            bool deleted = false;
            try
            {
                // Oldest first, so an interrupted cleanup leaves the segments with records contiguous
                // (empty segments, last sequence 0, may go from anywhere).
                for (int i = 0; i < _closed.Count;)
                {
                    if (_closed[i].LastSequence > treeSequence)
                    {
                        i++;
                        continue;
                    }
                    _fs.DeleteFile(SegmentPath(_closed[i].Number));
                    _closed.RemoveAt(i);
                    deleted = true;
                }
                if (deleted) _fs.SyncDirectory(_directory);
                return true;
            }
            catch (IOException)
            {
                return false;
            }
        }
    }

    public int SegmentCount
    {
        get { lock (_lock) return _closed.Count + 1; }
    }

    /// <summary>
    /// Makes the current segment durable and closes it. After an earlier failed fsync (already reported to writers)
    /// it only closes: a second fsync could report success for pages the kernel already dropped, and recovery on the
    /// next open decides what the log holds.
    /// </summary>
    public void Dispose()
    {
        lock (_syncLock)
        lock (_lock)
        {
            if (_disposed) return;
            _disposed = true;
            try
            {
                if (_failure is null) _current.Sync();
            }
            finally
            {
                _current.Dispose();
            }
        }
    }
}
