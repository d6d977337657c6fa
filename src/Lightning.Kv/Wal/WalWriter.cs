using Lightning.Kv.Platform;

namespace Lightning.Kv.Wal;

/// <summary>
/// Appends framed records to one WAL segment. Only the commit leader appends; <see cref="SyncFile"/> may run beside it.
/// A failed append is cut back off the file so the log never holds a half-written record followed by good ones.
/// </summary>
internal sealed class WalWriter : IDisposable
{
    private readonly IStorageFile _file;
    private long _position;
    private volatile bool _broken;

    private WalWriter(IStorageFile file, long number, long position)
    {
        _file = file;
        Number = number;
        _position = position;
    }

    public long Number { get; }

    public string Path => _file.Path;

    /// <summary>Highest sequence number appended to this segment (0 when none).</summary>
    public ulong LastSequence { get; set; }

    /// <summary>True when writes since the last sync are not yet durable.</summary>
    public bool HasUnsyncedData => _position > Volatile.Read(ref _syncedThrough);

    /// <summary>Bytes appended so far (the header included): what a sync started now will cover.</summary>
    public long Position => _position;

    private long _syncedThrough;

    /// <param name="fs">The file system.</param>
    /// <param name="path">The segment file.</param>
    /// <param name="number">The segment number.</param>
    /// <param name="unsyncedAppends">True when commits are acknowledged before an fsync (Durability.Normal/None).</param>
    public static WalWriter Create(IFileSystem fs, string path, long number, bool unsyncedAppends = false)
    {
        IStorageFile file;
        try
        {
            file = fs.Open(path, create: true);
        }
        catch (IOException error)
        {
            throw LightningIOException.From(error, path, "create the write-ahead log segment");
        }
        try
        {
            file.SetLength(0);
            Span<byte> header = stackalloc byte[WalFormat.SegmentHeaderSize];
            WalFormat.WriteSegmentHeader(header, unsyncedAppends ? WalFormat.UnsyncedAppendsFlag : (ushort)0);
            file.Write(0, header);
            file.Sync();
            return new WalWriter(file, number, WalFormat.SegmentHeaderSize) { _syncedThrough = WalFormat.SegmentHeaderSize };
        }
        catch (IOException error)
        {
            file.Dispose();
            throw LightningIOException.From(error, path, "create the write-ahead log segment");
        }
    }

    /// <summary>Appends already-framed records.</summary>
    public void Append(ReadOnlySpan<byte> records)
    {
        if (_broken)
            throw new LightningIOException(LightningErrorCode.IOError,
                $"The write-ahead log '{Path}' failed earlier and cannot accept writes; reopen the database.", null);
        try
        {
            _file.Write(_position, records);
            _position += records.Length;
        }
        catch (IOException error)
        {
            CutBack();
            throw LightningIOException.From(error, Path, "append to the write-ahead log");
        }
    }

    /// <summary>Makes everything appended so far durable. Not concurrent with <see cref="Append"/>.</summary>
    public void Sync()
    {
        if (!HasUnsyncedData) return;
        long through = _position;
        SyncFile();
        MarkSyncedThrough(through);
    }

    /// <summary>
    /// The fsync alone. May run on another thread while the leader appends: it covers at least every byte
    /// appended before the call, which the caller read from <see cref="Position"/> beforehand.
    /// </summary>
    public void SyncFile()
    {
        try
        {
            _file.Sync();
        }
        catch (IOException error)
        {
            // After a failed fsync the kernel may have dropped dirty pages: nothing written since the
            // last good sync can be trusted, so stop accepting writes until the database is reopened.
            _broken = true;
            throw LightningIOException.From(error, Path, "fsync the write-ahead log");
        }
    }

    /// <summary>Records that the bytes before <paramref name="through"/> are durable.</summary>
    public void MarkSyncedThrough(long through)
    {
        if (through > Volatile.Read(ref _syncedThrough)) Volatile.Write(ref _syncedThrough, through);
    }

    private void CutBack()
    {
        try
        {
            _file.SetLength(_position);
        }
        catch (IOException)
        {
            _broken = true;
        }
    }

    public void Dispose() => _file.Dispose();
}
