using Lightning.Kv.Encoding;
using Lightning.Kv.Iterators;

namespace Lightning.Kv.Memtable;

/// <summary>Iterates a <see cref="MemTable"/> at a snapshot: one entry per key, its newest version at or below the snapshot.</summary>
internal sealed class MemTableIterator : EntryIterator
{
    private readonly MemTable _table;
    private readonly ulong _snapshot;
    private long _node;

    public MemTableIterator(MemTable table, ulong snapshot)
    {
        _table = table;
        _snapshot = snapshot;
    }

    public override bool Valid => _node != 0;

    /// <summary>The current node, for callers that need the arena memory itself (the flush).</summary>
    public long CurrentNode => _node;

    public override ReadOnlySpan<byte> Key => _table.KeyOf(_node);

    public override bool IsDeleted => _table.KindOf(_node) == EntryKind.Delete;

    public override ReadOnlySpan<byte> Value => _table.ValueOf(_node);

    public override void SeekForward(byte[]? from)
    {
        _node = from is null ? _table.Next(0, 0) : _table.FindGreaterOrEqual(from, _snapshot, default);
        SettleForward();
    }

    /// <summary>Older versions of one key passed over by walking the bottom level before a search takes over.</summary>
    private const int WalkLimit = 8;

    public override void Next()
    {
        // The next key is usually the next node: walk the bottom level past this key's older versions (which sort right
        // after it) instead of searching from the top. A key with many versions falls back to the search.
        ReadOnlySpan<byte> key = _table.KeyOf(_node);
        long next = _table.Next(_node, 0);
        for (int walked = 0; next != 0 && _table.KeyOf(next).SequenceEqual(key); walked++)
        {
            if (walked == WalkLimit)
            {
                // Sequence 0 sorts after every real version of the key, so this lands on the next key.
                next = _table.FindGreaterOrEqual(key, 0, default);
                break;
            }
            next = _table.Next(next, 0);
        }
        _node = next;
        SettleForward();
    }

    public override void SeekBackward(byte[]? before)
    {
        _node = before is null ? _table.FindLast() : _table.FindLessThan(before);
        SettleBackward();
    }

    public override void Previous()
    {
        _node = _table.FindLessThan(_table.KeyOf(_node));
        SettleBackward();
    }

    /// <summary>Moves from any node to the newest visible version of its key, skipping keys with none.</summary>
    private void SettleForward()
    {
        while (_node != 0 && _table.SequenceOf(_node) > _snapshot)
        {
            ReadOnlySpan<byte> key = _table.KeyOf(_node);
            long visible = _table.FindGreaterOrEqual(key, _snapshot, default);
            if (visible != 0 && _table.KeyOf(visible).SequenceEqual(key))
            {
                _node = visible;
                return;
            }
            _node = visible; // the next key: check it in turn
        }
    }

    /// <summary>From some version of a key, moves to that key's newest visible version, or further back.</summary>
    private void SettleBackward()
    {
        while (_node != 0)
        {
            ReadOnlySpan<byte> key = _table.KeyOf(_node);
            long visible = _table.FindGreaterOrEqual(key, _snapshot, default);
            if (visible != 0 && _table.KeyOf(visible).SequenceEqual(key))
            {
                _node = visible;
                return;
            }
            _node = _table.FindLessThan(key);
        }
    }
}
