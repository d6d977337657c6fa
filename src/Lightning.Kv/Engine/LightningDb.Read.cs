using Lightning.Kv.BTree;
using Lightning.Kv.Encoding;
using Lightning.Kv.Engine;
using Lightning.Kv.Memtable;
using Lightning.Kv.Sst;

namespace Lightning.Kv;

// The point-read path: memtables newest first, then level-0 runs newest first, then the tree; the first entry found decides.
public sealed partial class LightningDb
{
    internal byte[]? GetAt(Snapshot snapshot, ReadOnlySpan<byte> key)
    {
        long start = _metrics.Gets.Start();
        byte[]? value = FindValue(snapshot, key);
        _metrics.Gets.Stop(start);
        return value;
    }

    internal bool TryGetAt(Snapshot snapshot, ReadOnlySpan<byte> key, Span<byte> destination, out int valueLength)
    {
        long start = _metrics.Gets.Start();
        bool found = TryCopyValue(snapshot, key, destination, out valueLength);
        _metrics.Gets.Stop(start);
        return found;
    }

    private byte[]? FindValue(Snapshot snapshot, ReadOnlySpan<byte> key)
    {
        if (FindInMemtables(snapshot, key, out MemTable? table, out long node))
            return table.KindOf(node) == EntryKind.Delete ? null : table.ValueOf(node).ToArray();
        if (FindInLevel0(snapshot.Version, key, out EntryKind kind, out SstBlock block, out int offset, out int length))
        {
            try
            {
                return kind == EntryKind.Delete ? null : block.Contents.Slice(offset, length).ToArray();
            }
            finally
            {
                block.Release();
            }
        }
        return TreeReader.TryFind(_pageFile, snapshot.Version.Tree, key, out byte[] leaf, out int index)
            ? TreeReader.ReadValue(_pageFile, leaf, index)
            : null;
    }

    private bool TryCopyValue(Snapshot snapshot, ReadOnlySpan<byte> key, Span<byte> destination, out int valueLength)
    {
        if (FindInMemtables(snapshot, key, out MemTable? table, out long node))
        {
            valueLength = 0;
            if (table.KindOf(node) == EntryKind.Delete) return false;
            ReadOnlySpan<byte> value = table.ValueOf(node);
            valueLength = value.Length;
            if (value.Length <= destination.Length) value.CopyTo(destination);
            return true;
        }
        if (FindInLevel0(snapshot.Version, key, out EntryKind kind, out SstBlock block, out int offset, out int length))
        {
            try
            {
                valueLength = kind == EntryKind.Delete ? 0 : length;
                if (kind == EntryKind.Delete) return false;
                if (length <= destination.Length) block.Contents.Slice(offset, length).CopyTo(destination);
                return true;
            }
            finally
            {
                block.Release();
            }
        }
        if (!TreeReader.TryFind(_pageFile, snapshot.Version.Tree, key, out byte[] leaf, out int index))
        {
            valueLength = 0;
            return false;
        }
        valueLength = LeafPage.ValueLength(leaf, index);
        if (valueLength > destination.Length) return true;
        if (LeafPage.IsOverflow(leaf, index)) OverflowChain.Read(_pageFile, LeafPage.OverflowPage(leaf, index), destination[..valueLength]);
        else LeafPage.InlineValue(leaf, index).CopyTo(destination);
        return true;
    }

    private static bool FindInMemtables(Snapshot snapshot, ReadOnlySpan<byte> key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out MemTable? table, out long node)
    {
        Engine.Version version = snapshot.Version;
        if (version.Active.TryGet(key, snapshot.Sequence, out _, out node))
        {
            table = version.Active;
            return true;
        }
        foreach (MemTable immutable in version.Immutables)
        {
            if (immutable.TryGet(key, snapshot.Sequence, out _, out node))
            {
                table = immutable;
                return true;
            }
        }
        table = null;
        return false;
    }
}
