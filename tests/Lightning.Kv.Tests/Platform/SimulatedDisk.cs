using Lightning.Kv.Platform;

namespace Lightning.Kv.Tests.Platform;

/// <summary>
/// An in-memory file system that models what survives a power loss. Each file keeps its durable content
/// (as of its last fsync) and the writes made since; a directory entry (a created or deleted file or
/// directory) is durable only after its parent directory is synced. <see cref="DieAt"/> makes the machine
/// "die" at a chosen operation: that operation and every later one fail. <see cref="PowerLoss"/> then decides
/// what reached the platters: the durable state plus, per file, a random subset of its unsynced writes (in any
/// order a disk might have written them), each possibly torn at any byte.
/// </summary>
internal sealed class SimulatedDisk : IFileSystem
{
    private readonly object _lock = new();
    private readonly Dictionary<string, Node> _nodes = new(StringComparer.Ordinal);
    private readonly HashSet<string> _locks = new(StringComparer.Ordinal);
    private int _epoch;
    private long _operations;
    private long _dieAt = long.MaxValue;

    /// <summary>Mutating operations (write, sync, set-length, create, delete, directory sync) so far.</summary>
    public long Operations
    {
        get { lock (_lock) return _operations; }
    }

    /// <summary>True once the machine has died; every operation fails until <see cref="PowerLoss"/>.</summary>
    public bool Dead { get; private set; }

    /// <summary>Die when operation number <paramref name="operation"/> (1-based) is attempted.</summary>
    public void DieAt(long operation)
    {
        lock (_lock) _dieAt = operation;
    }

    /// <summary>Reboots: keeps what a power loss would have kept, drops the rest, invalidates every open handle and lock.</summary>
    public void PowerLoss(Random random)
    {
        lock (_lock)
        {
            _epoch++;
            _locks.Clear();
            Dead = false;
            _dieAt = long.MaxValue;
            foreach (string path in _nodes.Keys.ToList())
            {
                Node node = _nodes[path];
                if (!node.EntryDurable || !ParentChainDurable(path))
                {
                    _nodes.Remove(path);
                    continue;
                }
                node.Exists = true;
                if (node.IsDirectory) continue;
                // Disks and page caches reorder unsynced writes: any subset may survive, any survivor may be torn.
                var content = new List<byte>(node.Durable);
                foreach (PendingWrite write in node.Pending)
                {
                    if (random.Next(2) == 0) continue;
                    int length = write.Data is null ? 0 : random.Next(4) == 0 ? random.Next(write.Data.Length + 1) : write.Data.Length;
                    Apply(content, write, length);
                }
                node.Content = content;
                node.Durable = content.ToArray();
                node.Pending.Clear();
            }
        }
    }

    private bool ParentChainDurable(string path)
    {
        for (string? parent = Path.GetDirectoryName(path); !string.IsNullOrEmpty(parent); parent = Path.GetDirectoryName(parent))
            if (_nodes.TryGetValue(parent, out Node? node) && (!node.EntryDurable || !node.IsDirectory)) return false;
        return true;
    }

    private static void Apply(List<byte> content, PendingWrite write, int length)
    {
        if (write.Data is null)
        {
            if (write.Offset < content.Count) content.RemoveRange((int)write.Offset, content.Count - (int)write.Offset);
            else while (content.Count < write.Offset) content.Add(0);
            return;
        }
        while (content.Count < write.Offset + length) content.Add(0);
        for (int i = 0; i < length; i++) content[(int)write.Offset + i] = write.Data[i];
    }

    private void Step()
    {
        if (Dead) throw new IOException("Input/output error (the simulated machine is dead)", 5);
        if (++_operations >= _dieAt)
        {
            Dead = true;
            throw new IOException("Input/output error (the simulated machine died)", 5);
        }
    }

    public IStorageFile Open(string path, bool create)
    {
        lock (_lock)
        {
            if (Dead) throw new IOException("Input/output error (the simulated machine is dead)", 5);
            if (!_nodes.TryGetValue(path, out Node? node) || !node.Exists)
            {
                if (!create) throw new FileNotFoundException("No such file", path);
                if (!DirectoryExistsLocked(Path.GetDirectoryName(path)!)) throw new DirectoryNotFoundException(path);
                Step();
                node = new Node { Exists = true };
                _nodes[path] = node;
            }
            if (node.IsDirectory) throw new UnauthorizedAccessException($"'{path}' is a directory");
            return new Handle(this, path, node, _epoch);
        }
    }

    public bool FileExists(string path)
    {
        lock (_lock) return _nodes.TryGetValue(path, out Node? node) && node.Exists && !node.IsDirectory;
    }

    public bool DirectoryExists(string path)
    {
        lock (_lock) return DirectoryExistsLocked(path);
    }

    private bool DirectoryExistsLocked(string path) =>
        Path.GetDirectoryName(path) is null || (_nodes.TryGetValue(path, out Node? node) && node.Exists && node.IsDirectory);

    public void CreateDirectory(string path)
    {
        lock (_lock)
        {
            string? parent = Path.GetDirectoryName(path);
            if (parent is not null && !DirectoryExistsLocked(parent)) CreateDirectory(parent);
            if (DirectoryExistsLocked(path)) return;
            Step();
            _nodes[path] = new Node { Exists = true, IsDirectory = true, EntryDurable = Path.GetDirectoryName(parent) is null };
        }
    }

    public void DeleteFile(string path)
    {
        lock (_lock)
        {
            Step();
            if (_nodes.TryGetValue(path, out Node? node)) node.Exists = false;
        }
    }

    public void Rename(string source, string destination)
    {
        lock (_lock)
        {
            Step();
            if (!_nodes.TryGetValue(source, out Node? node) || !node.Exists || node.IsDirectory)
                throw new FileNotFoundException("No such file", source);
            // The same inode under a new name: its content keeps its own durability; the new entry (and the old
            // entry's removal) are durable only after the directory is synced, so a power loss before that keeps
            // the old name — rename is atomic either way.
            _nodes[destination] = new Node
            {
                Exists = true,
                Content = node.Content,
                Durable = node.Durable,
            };
            _nodes[destination].Pending.AddRange(node.Pending);
            node.Exists = false;
        }
    }

    public string[] ListFiles(string directory)
    {
        lock (_lock)
        {
            var names = new List<string>();
            foreach ((string path, Node node) in _nodes)
                if (node.Exists && !node.IsDirectory && Path.GetDirectoryName(path) == directory) names.Add(Path.GetFileName(path));
            return names.ToArray();
        }
    }

    public void SyncDirectory(string directory)
    {
        lock (_lock)
        {
            Step();
            foreach (string path in _nodes.Keys.ToList())
            {
                if (Path.GetDirectoryName(path) != directory) continue;
                Node node = _nodes[path];
                if (node.Exists) node.EntryDurable = true;
                else _nodes.Remove(path); // the deletion is now durable
            }
        }
    }

    public IDisposable? TryLock(string path)
    {
        lock (_lock)
        {
            if (Dead) throw new IOException("Input/output error (the simulated machine is dead)", 5);
            return _locks.Add(path) ? new LockHandle(this, path, _epoch) : null;
        }
    }

    private sealed class Node
    {
        public bool Exists;
        public bool IsDirectory;
        public bool EntryDurable;
        public List<byte> Content = new();
        public byte[] Durable = [];
        public readonly List<PendingWrite> Pending = new();
    }

    /// <summary>A write (Data set) or a set-length (Data null, Offset = new length) not yet fsynced.</summary>
    private readonly record struct PendingWrite(long Offset, byte[]? Data);

    private sealed class LockHandle(SimulatedDisk disk, string path, int epoch) : IDisposable
    {
        public void Dispose()
        {
            lock (disk._lock)
                if (disk._epoch == epoch) disk._locks.Remove(path);
        }
    }

    private sealed class Handle(SimulatedDisk disk, string path, Node node, int epoch) : IStorageFile
    {
        public string Path => path;

        public long Length
        {
            get { lock (disk._lock) { Check(); return node.Content.Count; } }
        }

        public int Read(long offset, Span<byte> buffer)
        {
            lock (disk._lock)
            {
                Check();
                int n = (int)Math.Max(0, Math.Min(buffer.Length, node.Content.Count - offset));
                for (int i = 0; i < n; i++) buffer[i] = node.Content[(int)offset + i];
                return n;
            }
        }

        public void Write(long offset, ReadOnlySpan<byte> data)
        {
            lock (disk._lock)
            {
                Check();
                disk.Step();
                var write = new PendingWrite(offset, data.ToArray());
                node.Pending.Add(write);
                Apply(node.Content, write, data.Length);
            }
        }

        public void Sync()
        {
            lock (disk._lock)
            {
                Check();
                disk.Step();
                node.Durable = node.Content.ToArray();
                node.Pending.Clear();
            }
        }

        public void SetLength(long length)
        {
            lock (disk._lock)
            {
                Check();
                disk.Step();
                var write = new PendingWrite(length, null);
                node.Pending.Add(write);
                Apply(node.Content, write, 0);
            }
        }

        private void Check()
        {
            if (disk._epoch != epoch || disk.Dead) throw new IOException("Input/output error (stale handle or dead machine)", 5);
        }

        public void Dispose()
        {
        }
    }
}
