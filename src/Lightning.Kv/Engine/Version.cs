using Lightning.Kv.BTree;
using Lightning.Kv.Memtable;

namespace Lightning.Kv.Engine;

/// <summary>
/// An immutable, reference-counted set of the sources a read consults, newest first: the active memtable,
/// the immutable memtables waiting for flush, the level-0 runs waiting for compaction, and the tree root.
/// Readers pin a Version; flushes and compactions install new ones. Tree pages and level-0 run files reachable
/// from a pinned Version are never reused or deleted.
/// </summary>
internal sealed class Version
{
    private readonly VersionSet _owner;
    private int _references = 1; // the VersionSet's own reference while current

    public Version(VersionSet owner, MemTable active, MemTable[] immutables, Level0Run[] level0, TreeRoot tree)
    {
        _owner = owner;
        Active = active;
        Immutables = immutables;
        Level0 = level0;
        Tree = tree;
        foreach (Level0Run run in level0) run.Acquire();
    }

    public MemTable Active { get; }

    /// <summary>Full memtables waiting for the flush, newest first.</summary>
    public MemTable[] Immutables { get; }

    /// <summary>Level-0 runs waiting for compaction into the tree, newest first (descending sequence ranges).</summary>
    public Level0Run[] Level0 { get; }

    public TreeRoot Tree { get; }

    /// <summary>Adds a reference unless the version has already been released for good.</summary>
    public bool TryAcquire()
    {
        while (true)
        {
            int current = Volatile.Read(ref _references);
            if (current == 0) return false;
            if (Interlocked.CompareExchange(ref _references, current + 1, current) == current) return true;
        }
    }

    public void Release()
    {
        int left = Interlocked.Decrement(ref _references);
        if (left == 0)
        {
            _owner.OnReleased(this);
            foreach (Level0Run run in Level0) run.Release();
        }
        else if (left < 0)
        {
            Interlocked.Increment(ref _references);
            throw new InvalidOperationException("A Version was released more often than acquired.");
        }
    }
}
