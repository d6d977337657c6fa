namespace Lightning.Kv.Platform;

/// <summary>
/// Every file access of the engine goes through this interface, so tests can inject faults
/// (torn writes, dropped unsynced data, ENOSPC) without touching the engine.
/// </summary>
internal interface IFileSystem
{
    /// <summary>Opens (creating when asked) a file for random-access reads and writes.</summary>
    IStorageFile Open(string path, bool create);

    bool FileExists(string path);

    bool DirectoryExists(string path);

    void CreateDirectory(string path);

    void DeleteFile(string path);

    /// <summary>
    /// Renames a file, replacing <paramref name="destination"/> atomically when it exists (POSIX rename). The new
    /// name is durable only after <see cref="SyncDirectory"/> of its directory.
    /// </summary>
    void Rename(string source, string destination);

    /// <summary>File names (not paths) in a directory.</summary>
    string[] ListFiles(string directory);

    /// <summary>Makes a directory's entries (created or deleted files) durable.</summary>
    void SyncDirectory(string directory);

    /// <summary>Takes an exclusive, process-wide lock on a file; null when another holder has it.</summary>
    IDisposable? TryLock(string path);
}

/// <summary>A file opened for positional reads and writes.</summary>
internal interface IStorageFile : IDisposable
{
    string Path { get; }

    long Length { get; }

    /// <summary>Reads up to <c>buffer.Length</c> bytes at <paramref name="offset"/>; returns the count read.</summary>
    int Read(long offset, Span<byte> buffer);

    void Write(long offset, ReadOnlySpan<byte> data);

    /// <summary>Durably writes everything written so far (fsync).</summary>
    void Sync();

    void SetLength(long length);
}
