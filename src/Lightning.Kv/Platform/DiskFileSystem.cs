using Microsoft.Win32.SafeHandles;

namespace Lightning.Kv.Platform;

/// <summary>The real file system: positional I/O through <see cref="RandomAccess"/>.</summary>
internal sealed class DiskFileSystem : IFileSystem
{
    public static readonly DiskFileSystem Instance = new();

    public IStorageFile Open(string path, bool create) => new DiskFile(path, create);

    public bool FileExists(string path) => File.Exists(path);

    public bool DirectoryExists(string path) => Directory.Exists(path);

    public void CreateDirectory(string path) => Directory.CreateDirectory(path);

    public void DeleteFile(string path) => File.Delete(path);

    public void Rename(string source, string destination) => File.Move(source, destination, overwrite: true);

    public string[] ListFiles(string directory)
    {
        string[] paths = Directory.GetFiles(directory);
        for (int i = 0; i < paths.Length; i++) paths[i] = System.IO.Path.GetFileName(paths[i]);
        return paths;
    }

    public void SyncDirectory(string directory) => DirectorySync.Sync(directory);

    public IDisposable? TryLock(string path)
    {
        try
        {
            // FileShare.None takes an exclusive advisory lock (flock) on Unix and a share lock on Windows.
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            return null;
        }
    }

    private sealed class DiskFile : IStorageFile
    {
        private readonly SafeFileHandle _handle;

        public DiskFile(string path, bool create)
        {
            Path = path;
            _handle = File.OpenHandle(path, create ? FileMode.OpenOrCreate : FileMode.Open,
                FileAccess.ReadWrite, FileShare.Read);
        }

        public string Path { get; }

        public long Length => RandomAccess.GetLength(_handle);

        public int Read(long offset, Span<byte> buffer)
        {
            int total = 0;
            while (total < buffer.Length)
            {
                int n = RandomAccess.Read(_handle, buffer[total..], offset + total);
                if (n == 0) break;
                total += n;
            }
            return total;
        }

        public void Write(long offset, ReadOnlySpan<byte> data) => RandomAccess.Write(_handle, data, offset);

        public void Sync() => RandomAccess.FlushToDisk(_handle);

        public void SetLength(long length) => RandomAccess.SetLength(_handle, length);

        public void Dispose() => _handle.Dispose();
    }
}
