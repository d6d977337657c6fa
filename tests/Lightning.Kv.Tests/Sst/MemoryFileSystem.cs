using System.Collections.Concurrent;
using Lightning.Kv.Platform;

namespace Lightning.Kv.Tests.Sst;

/// <summary>
/// A minimal in-memory <see cref="IFileSystem"/> for SST tests: files are byte arrays that tests can read, damage
/// and truncate directly, so corruption sweeps run thousands of opens without touching the disk. Reads are
/// lock-free (concurrent readers of a file that is no longer written); writes take the file's lock.
/// </summary>
internal sealed class MemoryFileSystem : IFileSystem
{
    private readonly ConcurrentDictionary<string, MemoryFile> _files = new(StringComparer.Ordinal);

    /// <summary>Directory syncs so far.</summary>
    public int DirectorySyncs;

    /// <summary>File syncs so far.</summary>
    public int FileSyncs;

    /// <summary>A copy of a file's bytes.</summary>
    public byte[] ReadAll(string path) => _files[path].Snapshot();

    /// <summary>Replaces a file's bytes.</summary>
    public void WriteAll(string path, byte[] content) => _files.GetOrAdd(path, p => new MemoryFile(this, p)).Replace(content);

    public IStorageFile Open(string path, bool create)
    {
        if (create) return _files.GetOrAdd(path, p => new MemoryFile(this, p));
        return _files.TryGetValue(path, out MemoryFile? file) ? file : throw new FileNotFoundException("No such file", path);
    }

    public bool FileExists(string path) => _files.ContainsKey(path);

    public bool DirectoryExists(string path) => true;

    public void CreateDirectory(string path)
    {
    }

    public void DeleteFile(string path) => _files.TryRemove(path, out _);

    public void Rename(string source, string destination)
    {
        if (!_files.TryRemove(source, out var file)) throw new FileNotFoundException("No such file", source);
        _files[destination] = file;
    }

    public string[] ListFiles(string directory) =>
        _files.Keys.Where(p => Path.GetDirectoryName(p) == directory).Select(p => Path.GetFileName(p)!).ToArray();

    public void SyncDirectory(string directory) => Interlocked.Increment(ref DirectorySyncs);

    public IDisposable? TryLock(string path) => null;

    private sealed class MemoryFile(MemoryFileSystem owner, string path) : IStorageFile
    {
        private readonly Lock _lock = new();
        private byte[] _data = [];
        private long _length;

        public string Path => path;

        public long Length => Volatile.Read(ref _length);

        public int Read(long offset, Span<byte> buffer)
        {
            byte[] data = Volatile.Read(ref _data);
            long length = Math.Min(Length, data.Length);
            if (offset >= length) return 0;
            int n = (int)Math.Min(buffer.Length, length - offset);
            data.AsSpan((int)offset, n).CopyTo(buffer);
            return n;
        }

        public void Write(long offset, ReadOnlySpan<byte> data)
        {
            lock (_lock)
            {
                long end = offset + data.Length;
                if (end > _data.Length)
                {
                    byte[] bigger = new byte[Math.Max(end, _data.Length * 2L)];
                    _data.AsSpan(0, (int)_length).CopyTo(bigger);
                    Volatile.Write(ref _data, bigger);
                }
                data.CopyTo(_data.AsSpan((int)offset));
                if (end > _length) Volatile.Write(ref _length, end);
            }
        }

        public void Sync() => Interlocked.Increment(ref owner.FileSyncs);

        public void SetLength(long length)
        {
            lock (_lock)
            {
                if (length > _data.Length) Array.Resize(ref _data, (int)length);
                else _data.AsSpan((int)length).Clear();
                Volatile.Write(ref _length, length);
            }
        }

        public byte[] Snapshot()
        {
            lock (_lock) return _data.AsSpan(0, (int)_length).ToArray();
        }

        public void Replace(byte[] content)
        {
            lock (_lock)
            {
                _data = content.ToArray();
                _length = content.Length;
            }
        }

        public void Dispose()
        {
        }
    }
}
