using ZoneTree;
using ZoneTree.Comparers;
using ZoneTree.Options;
using ZoneTree.Serializers;

namespace Lightning.Workloads.Engines;

/// <summary>
/// ZoneTree (LSM tree) with Memory&lt;byte&gt; keys and values (its built-in byte serializer and lexicographic comparer) and WriteAheadLogMode.Sync, which writes each entry to the WAL
/// file before returning without an fsync; in fsync mode every put is followed by <c>SyncWALAsync()</c> (concurrent
/// callers share an fsync). Batches are a loop of upserts (the non-transactional tree has no atomic batch).
/// </summary>
internal sealed class ZoneTreeAdapter : IKvAdapter
{
    private IZoneTree<Memory<byte>, Memory<byte>>? _tree;
    private IMaintainer? _maintainer;
    private string _directory = "";
    private bool _sync;

    public string Name => "zonetree";
    public bool SupportsScans => true;
    public bool SupportsSyncPerCommit => true;
    public string DurabilityDescription { get; private set; } = "";

    private IZoneTree<Memory<byte>, Memory<byte>> Tree => _tree ?? throw new InvalidOperationException("Not open.");

    public void Open(string directory, bool syncPerCommit)
    {
        _directory = directory;
        _tree = new ZoneTreeFactory<Memory<byte>, Memory<byte>>()
            .SetComparer(new ByteArrayLexicographicComparerAscending())
            .SetKeySerializer(new ByteArraySerializer())
            .SetValueSerializer(new ByteArraySerializer())
            .SetDataDirectory(directory)
            .ConfigureWriteAheadLogOptions(x => x.WriteAheadLogMode = WriteAheadLogMode.Sync)
            .OpenOrCreate();
        _maintainer = _tree.CreateMaintainer();
        _sync = syncPerCommit;
        DurabilityDescription = syncPerCommit
            ? "WriteAheadLogMode.Sync + SyncWALAsync() after each put/batch (fsync per commit, shared by concurrent callers)"
            : "WriteAheadLogMode.Sync (WAL written per op, no fsync)";
    }

    public void Put(byte[] key, byte[] value)
    {
        Tree.Upsert(key, value);
        if (_sync) Tree.SyncWALAsync().GetAwaiter().GetResult();
    }

    public void PutBatch(byte[][] keys, byte[][] values, int start, int count)
    {
        IZoneTree<Memory<byte>, Memory<byte>> tree = Tree;
        for (int i = start; i < start + count; i++) tree.Upsert(keys[i], values[i]);
        if (_sync) tree.SyncWALAsync().GetAwaiter().GetResult();
    }

    public int Get(byte[] key, byte[] buffer)
    {
        if (!Tree.TryGet(key, out Memory<byte> value)) return -1;
        if (value.Length <= buffer.Length) value.Span.CopyTo(buffer);
        return value.Length;
    }

    public int Scan(byte[] from, int count)
    {
        using IZoneTreeIterator<Memory<byte>, Memory<byte>> iterator = Tree.CreateIterator();
        iterator.Seek(from);
        int n = 0;
        while (n < count && iterator.Next())
        {
            _ = iterator.CurrentKey;
            _ = iterator.CurrentValue;
            n++;
        }
        return n;
    }

    public void Settle()
    {
        Tree.Maintenance.MoveMutableSegmentForward();
        Tree.Maintenance.StartMergeOperation()?.Join();
    }

    public long DiskSize() => DirectorySize.Of(_directory);

    public void Dispose()
    {
        if (_maintainer is not null)
        {
            _maintainer.WaitForBackgroundThreads();
            _maintainer.Dispose();
            _maintainer = null;
        }
        _tree?.Dispose();
        _tree = null;
    }
}
