using System.Collections.Concurrent;
using Lightning.Kv.Platform;

namespace Lightning.Kv.Tests.Platform;

/// <summary>The two kinds of I/O failure the fault injector raises.</summary>
public enum IOFault
{
    /// <summary>ENOSPC: <c>new IOException("No space left on device", 28)</c>.</summary>
    DiskFull,

    /// <summary>EIO: <c>new IOException("Input/output error", 5)</c>.</summary>
    IOError,
}

/// <summary>
/// An <see cref="IFileSystem"/> over the real disk that counts writes and fsyncs and can be told to fail
/// the Nth write or fsync (optionally only of files matching a filter) with ENOSPC or EIO, either once or
/// from then on until <see cref="StopFailing"/>. Thread-safe.
/// </summary>
internal sealed class FaultInjectingFileSystem : IFileSystem
{
    private readonly IFileSystem _inner;
    private readonly Lock _lock = new();
    private readonly ConcurrentDictionary<string, int> _syncsByPath = new(StringComparer.Ordinal);
    private Rule? _writeRule;
    private Rule? _syncRule;
    private int _writeCount;
    private int _syncCount;
    private int _injectedCount;

    public FaultInjectingFileSystem(IFileSystem? inner = null) => _inner = inner ?? DiskFileSystem.Instance;

    /// <summary>Time each fsync takes in addition to the real one (to simulate a slow disk).</summary>
    public TimeSpan SyncDelay { get; set; }

    /// <summary>Successful and failed <see cref="IStorageFile.Write"/> calls so far.</summary>
    public int WriteCount => Volatile.Read(ref _writeCount);

    /// <summary>Successful and failed <see cref="IStorageFile.Sync"/> calls so far.</summary>
    public int SyncCount => Volatile.Read(ref _syncCount);

    /// <summary>Faults raised so far.</summary>
    public int InjectedCount => Volatile.Read(ref _injectedCount);

    /// <summary>Successful fsyncs of files whose path matches <paramref name="pathFilter"/>.</summary>
    public int SyncCountWhere(Func<string, bool> pathFilter) =>
        _syncsByPath.Where(pair => pathFilter(pair.Key)).Sum(pair => pair.Value);

    public static bool IsWalSegment(string path) =>
        Path.GetFileName(Path.GetDirectoryName(path)) == "wal" && path.EndsWith(".log", StringComparison.Ordinal);

    public static bool IsTreeFile(string path) => Path.GetFileName(path) == "tree.db";

    /// <summary>A level-0 run, or the temporary file a flush writes it to.</summary>
    public static bool IsSstFile(string path) => path.EndsWith(".sst", StringComparison.Ordinal) || path.EndsWith(".sst.tmp", StringComparison.Ordinal);

    public static IOException CreateException(IOFault fault) => fault switch
    {
        IOFault.DiskFull => new IOException("No space left on device", 28),
        _ => new IOException("Input/output error", 5),
    };

    /// <summary>
    /// Fails the <paramref name="nth"/> (1-based, counted from now) write to a matching file; when
    /// <paramref name="persistent"/>, every later matching write fails too until <see cref="StopFailing"/>.
    /// With <paramref name="partial"/>, a failing write first writes the first half of its data (a short write).
    /// </summary>
    public void FailWrite(int nth, IOFault fault, Func<string, bool>? pathFilter = null, bool persistent = true, bool partial = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(nth, 1);
        lock (_lock) _writeRule = new Rule(nth, fault, pathFilter, persistent, partial);
    }

    /// <summary>Like <see cref="FailWrite"/>, for fsyncs.</summary>
    public void FailSync(int nth, IOFault fault, Func<string, bool>? pathFilter = null, bool persistent = true)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(nth, 1);
        lock (_lock) _syncRule = new Rule(nth, fault, pathFilter, persistent, Partial: false);
    }

    /// <summary>Clears every armed fault: from now on all operations reach the disk.</summary>
    public void StopFailing()
    {
        lock (_lock)
        {
            _writeRule = null;
            _syncRule = null;
        }
    }

    public IStorageFile Open(string path, bool create) => new FaultyFile(this, _inner.Open(path, create));

    public bool FileExists(string path) => _inner.FileExists(path);

    public bool DirectoryExists(string path) => _inner.DirectoryExists(path);

    public void CreateDirectory(string path) => _inner.CreateDirectory(path);

    public void DeleteFile(string path) => _inner.DeleteFile(path);

    public void Rename(string source, string destination) => _inner.Rename(source, destination);

    public string[] ListFiles(string directory) => _inner.ListFiles(directory);

    public void SyncDirectory(string directory) => _inner.SyncDirectory(directory);

    public IDisposable? TryLock(string path) => _inner.TryLock(path);

    /// <summary>Decides whether this operation fails; returns the rule that fires, or null.</summary>
    private Rule? Check(ref Rule? slot, string path)
    {
        lock (_lock)
        {
            Rule? rule = slot;
            if (rule is null || (rule.PathFilter is not null && !rule.PathFilter(path))) return null;
            rule.Seen++;
            if (rule.Seen < rule.Nth) return null;
            if (!rule.Persistent) slot = null;
            _injectedCount++;
            return rule;
        }
    }

    private sealed record Rule(int Nth, IOFault Fault, Func<string, bool>? PathFilter, bool Persistent, bool Partial)
    {
        public int Seen { get; set; }
    }

    private sealed class FaultyFile(FaultInjectingFileSystem owner, IStorageFile inner) : IStorageFile
    {
        public string Path => inner.Path;

        public long Length => inner.Length;

        public int Read(long offset, Span<byte> buffer) => inner.Read(offset, buffer);

        public void Write(long offset, ReadOnlySpan<byte> data)
        {
            Interlocked.Increment(ref owner._writeCount);
            Rule? fault = owner.Check(ref owner._writeRule, inner.Path);
            if (fault is not null)
            {
                if (fault.Partial && data.Length > 1) inner.Write(offset, data[..(data.Length / 2)]);
                throw CreateException(fault.Fault);
            }
            inner.Write(offset, data);
        }

        public void Sync()
        {
            Interlocked.Increment(ref owner._syncCount);
            Rule? fault = owner.Check(ref owner._syncRule, inner.Path);
            if (fault is not null) throw CreateException(fault.Fault);
            if (owner.SyncDelay > TimeSpan.Zero) Thread.Sleep(owner.SyncDelay);
            inner.Sync();
            owner._syncsByPath.AddOrUpdate(inner.Path, 1, (_, n) => n + 1);
        }

        public void SetLength(long length) => inner.SetLength(length);

        public void Dispose() => inner.Dispose();
    }
}
