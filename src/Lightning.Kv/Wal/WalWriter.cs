using Lightning.Kv.Platform;

namespace Lightning.Kv.Wal;

/// <summary>
/// Appends framed records to one WAL segment. Not thread-safe: only the commit leader writes.
/// A failed append is cut back off the file so the log never holds a half-written record followed by good ones.
/// </summary>
internal sealed class WalWriter : IDisposable
{
    private readonly IStorageFile _file;
    private long _position;
    private bool _broken;

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

    /// <summary>True when writes since the last <see cref="Sync"/> are not yet durable.</summary>
    public bool HasUnsyncedData { get; private set; }

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
            return new WalWriter(file, number, WalFormat.SegmentHeaderSize);
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
            HasUnsyncedData = true;
        }
        catch (IOException error)
        {
            CutBack();
            throw LightningIOException.From(error, Path, "append to the write-ahead log");
        }
    }

    public void Sync()
    {
        if (!HasUnsyncedData) return;
        try
        {
            _file.Sync();
            HasUnsyncedData = false;
        }
        catch (IOException error)
        {
            // After a failed fsync the kernel may have dropped dirty pages: nothing written since the
            // last good sync can be trusted, so stop accepting writes until the database is reopened.
            _broken = true;
            throw LightningIOException.From(error, Path, "fsync the write-ahead log");
        }
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
