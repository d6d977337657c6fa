using Lightning.Kv.Encoding;
using Lightning.Kv.Iterators;

namespace Lightning.Kv.Sst;

/// <summary>
/// Iterates one sorted run in either direction, as an <see cref="EntryIterator"/> so a run slots into
/// <see cref="MergingIterator"/> beside memtables and the tree. A run holds one version per key, so every entry is
/// yielded as it is (tombstones too, for the merge to apply). Holds one data block at a time (from the block cache
/// or a pooled buffer) and moves through it with an <see cref="SstBlockCursor"/>. Not thread-safe; dispose it to
/// return its buffer.
/// </summary>
internal sealed class SstIterator : EntryIterator
{
    private readonly SstReader _reader;
    private readonly SstIteratorPool? _pool;
    private readonly SstBlockCursor _cursor = new();
    private SstBlock _block;
    private int _blockIndex = -1;
    private bool _inUse;

    /// <summary>Creates an unpositioned iterator; call a seek first. With a pool, disposing hands it back there.</summary>
    public SstIterator(SstReader reader, SstIteratorPool? pool = null)
    {
        _reader = reader;
        _pool = pool;
    }

    /// <summary>Called by the pool as it hands the iterator out.</summary>
    internal void OnRented() => _inUse = true;

    /// <inheritdoc/>
    public override bool Valid => _blockIndex >= 0 && _cursor.Valid;

    /// <inheritdoc/>
    public override ReadOnlySpan<byte> Key => _cursor.Key;

    /// <inheritdoc/>
    public override bool IsDeleted => _cursor.Kind == EntryKind.Delete;

    /// <inheritdoc/>
    public override ReadOnlySpan<byte> Value => _cursor.Value;

    /// <summary>The current entry's kind.</summary>
    public EntryKind Kind => _cursor.Kind;

    /// <summary>The current entry's sequence number.</summary>
    public ulong Sequence => _cursor.Sequence;

    /// <inheritdoc/>
    public override void SeekForward(byte[]? from)
    {
        if (from is null)
        {
            Load(0);
            _cursor.SeekToFirst();
            return;
        }
        int block = _reader.Index.FindBlock(from);
        if (block == _reader.Index.Count)
        {
            Unposition();
            return;
        }
        Load(block);
        _cursor.Seek(from);
        SkipForward();
    }

    /// <inheritdoc/>
    public override void SeekBackward(byte[]? before)
    {
        int last = _reader.Index.Count - 1;
        int block = before is null ? last + 1 : _reader.Index.FindBlock(before);
        if (block > last)
        {
            // Every separator is < before, so every key is: the answer is the run's last entry.
            Load(last);
            _cursor.SeekToLast();
            return;
        }
        Load(block);
        _cursor.SeekBefore(before);
        SkipBackward();
    }

    /// <inheritdoc/>
    public override void Next()
    {
        _cursor.Next();
        SkipForward();
    }

    /// <inheritdoc/>
    public override void Previous()
    {
        _cursor.Previous();
        SkipBackward();
    }

    /// <summary>Off the end of a block: continue at the next block's first entry.</summary>
    private void SkipForward()
    {
        while (!_cursor.Valid && _blockIndex + 1 < _reader.Index.Count)
        {
            Load(_blockIndex + 1);
            _cursor.SeekToFirst();
        }
    }

    /// <summary>Off the start of a block: continue at the previous block's last entry.</summary>
    private void SkipBackward()
    {
        while (!_cursor.Valid && _blockIndex > 0)
        {
            Load(_blockIndex - 1);
            _cursor.SeekToLast();
        }
    }

    private void Load(int blockIndex)
    {
        if (blockIndex == _blockIndex) return; // re-seeking inside the held block needs no read
        Unposition();
        SstBlock block = _reader.ReadBlock(blockIndex);
        try
        {
            _cursor.Reset(block.Array, block.Length, _reader.Path, _reader.Index.Handle(blockIndex).Offset);
        }
        catch
        {
            block.Release();
            throw;
        }
        _block = block;
        _blockIndex = blockIndex;
    }

    private void Unposition()
    {
        _cursor.Clear();
        _block.Release();
        _block = default;
        _blockIndex = -1;
    }

    /// <summary>Releases the block; a pooled iterator goes back to its pool, once, however often this is called.</summary>
    public override void Dispose()
    {
        Unposition();
        if (_pool is null || !_inUse) return;
        _inUse = false;
        _pool.Return(this);
    }
}
