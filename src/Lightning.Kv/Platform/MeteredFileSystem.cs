using Lightning.Kv.BTree;
using Lightning.Kv.Metrics;
using Lightning.Kv.Wal;

namespace Lightning.Kv.Platform;

/// <summary>
/// A decorator over the engine's <see cref="IFileSystem"/> that counts the bytes written to each file, by kind
/// of file (<see cref="MeteredFileKind"/>, decided from the file's name when it is opened). These counts are the
/// numerator of write amplification. Everything else is passed through unchanged.
/// </summary>
internal sealed class MeteredFileSystem : IFileSystem
{
    private readonly IFileSystem _inner;
    private readonly DiskWriteCounters _counters;

    public MeteredFileSystem(IFileSystem inner, DiskWriteCounters counters)
    {
        _inner = inner;
        _counters = counters;
    }

    /// <summary>The kind of the file at <paramref name="path"/>.</summary>
    public static MeteredFileKind KindOf(string path)
    {
        string name = Path.GetFileName(path);
        if (name.Equals(PageFormat.FileName, StringComparison.Ordinal)) return MeteredFileKind.Tree;
        if (name.EndsWith(".sst", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".sst.tmp", StringComparison.OrdinalIgnoreCase))
            return MeteredFileKind.Sst; // runs are written under a temporary name, then renamed
        string? directory = Path.GetFileName(Path.GetDirectoryName(path));
        if (name.EndsWith(".log", StringComparison.OrdinalIgnoreCase)
            || string.Equals(directory, WalFormat.Directory, StringComparison.Ordinal))
            return MeteredFileKind.Wal;
        return MeteredFileKind.Other;
    }

    public IStorageFile Open(string path, bool create) => new MeteredFile(_inner.Open(path, create), KindOf(path), _counters);

    public bool FileExists(string path) => _inner.FileExists(path);

    public bool DirectoryExists(string path) => _inner.DirectoryExists(path);

    public void CreateDirectory(string path) => _inner.CreateDirectory(path);

    public void DeleteFile(string path) => _inner.DeleteFile(path);

    public void Rename(string source, string destination) => _inner.Rename(source, destination);

    public string[] ListFiles(string directory) => _inner.ListFiles(directory);

    public void SyncDirectory(string directory) => _inner.SyncDirectory(directory);

    public IDisposable? TryLock(string path) => _inner.TryLock(path);

    private sealed class MeteredFile(IStorageFile inner, MeteredFileKind kind, DiskWriteCounters counters) : IStorageFile
    {
        public string Path => inner.Path;

        public long Length => inner.Length;

        public int Read(long offset, Span<byte> buffer) => inner.Read(offset, buffer);

        public void Write(long offset, ReadOnlySpan<byte> data)
        {
            inner.Write(offset, data);
            counters.Add(kind, data.Length); // counted once the write returned, so a failed write is not
        }

        public void Sync() => inner.Sync();

        public void SetLength(long length) => inner.SetLength(length);

        public void Dispose() => inner.Dispose();
    }
}
