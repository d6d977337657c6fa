using Lightning.Kv.Iterators;

namespace Lightning.Data.Execution.Operators;

/// <summary>
/// Walks a list of [from, to) key ranges in order through one engine cursor at a time: what a table's key-range scan
/// and an index range scan share. The current entry is lent by <see cref="Cursor"/> until the next move.
/// </summary>
internal sealed class RangeWalk
{
    private readonly bool _reverse;
    private int _rangeIndex;
    private KvCursor? _cursor;

    public RangeWalk(bool reverse) => _reverse = reverse;

    /// <summary>The ranges to visit, in visiting order (filled by the owner before the walk starts).</summary>
    public List<(byte[] From, byte[]? To)> Bounds { get; } = [];

    /// <summary>The cursor on the current entry (valid after <see cref="MoveNext"/> returned true).</summary>
    public KvCursor Cursor => _cursor!;

    /// <summary>Starts over at the first range (closing any open cursor).</summary>
    public void Restart()
    {
        Close();
        _rangeIndex = 0;
    }

    /// <summary>The next range itself, for point gets that read one key per range; false after the last.</summary>
    public bool TryTakeRange(out (byte[] From, byte[]? To) range)
    {
        if (_rangeIndex >= Bounds.Count)
        {
            range = default;
            return false;
        }
        range = Bounds[_rangeIndex++];
        return true;
    }

    /// <summary>Advances to the next entry of the current range or of the ranges after it; false after the last.</summary>
    public bool MoveNext(StatementContext context)
    {
        while (true)
        {
            if (_cursor is null)
            {
                if (!TryTakeRange(out (byte[] From, byte[]? To) range)) return false;
                _cursor = context.Storage.OpenCursor(range.From, range.To, _reverse);
            }
            if (_cursor.MoveNext())
            {
                context.Tick();
                return true;
            }
            _cursor.Dispose();
            _cursor = null;
        }
    }

    /// <summary>Releases the open cursor, if any (its snapshot and sources).</summary>
    public void Close()
    {
        _cursor?.Dispose();
        _cursor = null;
    }
}
