using System.Buffers;
using Lightning.Kv.BTree;
using Lightning.Kv.Encoding;

namespace Lightning.Kv.Engine;

/// <summary>
/// One key range of a compaction: merged entries copied out of the runs' blocks (which are reused as the merge moves
/// on) into one pooled buffer, as the sorted update list the tree writer applies. Bounding its bytes bounds the
/// memory a compaction needs, however many runs it merges.
/// </summary>
internal sealed class CompactionChunk : IDisposable
{
    private readonly List<TreeUpdate> _updates = new();
    private byte[] _buffer;
    private int _used;
    private bool _disposed;

    public CompactionChunk(int initialBytes) => _buffer = ArrayPool<byte>.Shared.Rent(initialBytes);

    /// <summary>The updates collected so far, in key order.</summary>
    public IReadOnlyList<TreeUpdate> Updates => _updates;

    /// <summary>Key and value bytes held.</summary>
    public int Bytes => _used;

    public int Count => _updates.Count;

    /// <summary>Adds the next merged entry (keys must increase); a deletion carries no value.</summary>
    public void Add(ReadOnlySpan<byte> key, EntryKind kind, ReadOnlySpan<byte> value)
    {
        int needed = key.Length + value.Length;
        if (_used + needed > _buffer.Length) Grow(needed);
        key.CopyTo(_buffer.AsSpan(_used));
        var keyMemory = new ReadOnlyMemory<byte>(_buffer, _used, key.Length);
        _used += key.Length;
        value.CopyTo(_buffer.AsSpan(_used));
        var valueMemory = new ReadOnlyMemory<byte>(_buffer, _used, value.Length);
        _used += value.Length;
        _updates.Add(new TreeUpdate(keyMemory, kind, valueMemory));
    }

    /// <summary>Empties the chunk for the next key range, keeping its buffer.</summary>
    public void Clear()
    {
        _updates.Clear();
        _used = 0;
    }

    // The updates point into the buffer, so a bigger buffer is a new one: the old stays referenced by them until Clear.
    private void Grow(int needed)
    {
        if (_updates.Count == 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(needed, _buffer.Length));
            return;
        }
        // Mid-chunk: copy the held bytes over and re-point the updates.
        byte[] larger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _used + needed));
        _buffer.AsSpan(0, _used).CopyTo(larger);
        for (int i = 0; i < _updates.Count; i++)
        {
            TreeUpdate update = _updates[i];
            _updates[i] = new TreeUpdate(Rebase(update.Key, larger), update.Kind, Rebase(update.Value, larger));
        }
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = larger;
    }

    private ReadOnlyMemory<byte> Rebase(ReadOnlyMemory<byte> memory, byte[] target)
    {
        if (memory.IsEmpty) return ReadOnlyMemory<byte>.Empty;
        System.Runtime.InteropServices.MemoryMarshal.TryGetArray(memory, out ArraySegment<byte> segment);
        return new ReadOnlyMemory<byte>(target, segment.Offset, segment.Count);
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _updates.Clear();
        ArrayPool<byte>.Shared.Return(_buffer);
    }
}
