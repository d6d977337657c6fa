using Lightning.Data.Storage;

namespace Lightning.Data.Execution.Operators;

/// <summary>How a table access reads its rows.</summary>
internal enum AccessKind
{
    /// <summary>Equality on the whole primary key: one engine Get.</summary>
    PointGet,

    /// <summary>One or more [from, to) ranges of the primary key.</summary>
    KeyRangeScan,

    /// <summary>The whole table in key order.</summary>
    FullScan,
}

/// <summary>
/// Reads a table's rows into the frame (at its layout's base slot): a point get, key-range scans (forward or reverse,
/// one range per IN-list value), or a full scan. <see cref="CurrentKey"/> is the stored key of the current row.
/// </summary>
internal sealed class TableAccess : QueryOperator, IKeyedRowSource
{
    private readonly TableLayout _layout;
    private readonly AccessKind _kind;
    private readonly KeyRange[] _ranges;
    private readonly bool _reverse;
    private readonly SqlAffinity[] _keyAffinities;
    private Frame _frame = null!;
    private readonly RangeWalk _walk;
    private byte[]? _currentKey;
    private bool _keyInCursor;
    private bool _pointDone;
    // A point get with one key (no IN list) builds it here per execution instead of allocating it.
    private byte[] _pointKey = new byte[64];
    private int _pointKeyLength;

    public TableAccess(TableLayout layout, AccessKind kind, KeyRange[] ranges, bool reverse)
    {
        _layout = layout;
        _kind = kind;
        _ranges = ranges;
        _reverse = reverse;
        _walk = new RangeWalk(reverse);
        _keyAffinities = new SqlAffinity[layout.KeyOrdinals.Length];
        for (int i = 0; i < _keyAffinities.Length; i++) _keyAffinities[i] = layout.Table.Columns[layout.KeyOrdinals[i]].Affinity;
        if (layout.Table.HasHiddenRowId) _keyAffinities = [SqlAffinity.Integer];
    }

    private static readonly bool[] RowIdDescending = [false];

    public TableLayout Layout => _layout;
    public AccessKind Kind => _kind;
    public bool Reverse => _reverse;
    /// <summary>The current row's key; a scanned row's key is copied out of the cursor on first use (only UPDATE and DELETE ask).</summary>
    public byte[]? CurrentKey => _currentKey ??= _keyInCursor ? _walk.Cursor.Key.ToArray()
        : _pointKeyLength > 0 ? _pointKey.AsSpan(0, _pointKeyLength).ToArray() : null;

    private bool IsSinglePoint => _kind == AccessKind.PointGet && _ranges.Length == 1;
    public override SqlValue[] Row => _frame.Row;

    public override void Open(Frame frame)
    {
        _frame = frame;
        _walk.Restart();
        _pointDone = false;
        _pointKeyLength = 0;
        _currentKey = null;
        _keyInCursor = false;
        bool[] descending = _layout.Table.HasHiddenRowId ? RowIdDescending : _layout.Table.KeyDescending;
        if (IsSinglePoint) return; // its key is built by Next, into the reused buffer
        if (_kind == AccessKind.FullScan)
        {
            _walk.Bounds.Clear();
            _walk.Bounds.Add((_layout.Prefix, _layout.PrefixEnd));
            return;
        }
        KeyRange.EvaluateAll(_ranges, frame, _layout.Prefix, _keyAffinities, descending, _reverse, _walk.Bounds, pointOnly: _kind == AccessKind.PointGet);
    }

    public override bool Next()
    {
        StatementContext context = _frame.Context;
        if (IsSinglePoint)
        {
            if (_pointDone) return false;
            _pointDone = true;
            bool[] descending = _layout.Table.HasHiddenRowId ? RowIdDescending : _layout.Table.KeyDescending;
            if (!_ranges[0].TryEvaluatePoint(_frame, _layout.Prefix, _keyAffinities, descending, ref _pointKey, out int length)) return false;
            if (!_layout.TryReadRow(context.Storage, _pointKey.AsSpan(0, length), _frame.Row)) return false;
            _pointKeyLength = length;
            _currentKey = null;
            _keyInCursor = false;
            return true;
        }
        if (_kind == AccessKind.PointGet)
        {
            while (!_pointDone && _walk.TryTakeRange(out (byte[] From, byte[]? To) range))
            {
                byte[] key = range.From;
                if (!_layout.TryReadRow(context.Storage, key, _frame.Row)) continue;
                _currentKey = key;
                _keyInCursor = false;
                return true;
            }
            _pointDone = true;
            return false;
        }
        _currentKey = null;
        _keyInCursor = false;
        if (!_walk.MoveNext(context)) return false;
        _layout.Decode(_walk.Cursor.Key, _walk.Cursor.Value, _frame.Row); // decoding copies what it keeps: the spans are lent
        _keyInCursor = true;
        return true;
    }

    /// <summary>Range and full scans pass over entries without decoding them; a point get checks each key as Next does.</summary>
    public override long Skip(long count)
    {
        if (_kind == AccessKind.PointGet) return base.Skip(count);
        StatementContext context = _frame.Context;
        long skipped = 0;
        while (skipped < count && _walk.MoveNext(context)) skipped++;
        return skipped;
    }

    public override bool SkipsWithoutReading => _kind != AccessKind.PointGet;

    public override void Close() => _walk.Close();

    public override void Explain(List<string> lines, int depth)
    {
        string name = _layout.Table.Name;
        string detail = _kind == AccessKind.FullScan ? "" : " " + string.Join(" | ", (object[])_ranges);
        lines.Add($"{Indent(depth)}{_kind} {name}{(_reverse ? " REVERSE" : "")}{detail}");
    }
}
