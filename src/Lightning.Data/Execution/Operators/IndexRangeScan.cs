using System.Buffers.Binary;
using Lightning.Data.Catalog;
using Lightning.Data.Storage;

namespace Lightning.Data.Execution.Operators;

/// <summary>
/// Scans ranges of a secondary index and looks up each entry's row by primary key. The primary key is the index key's
/// remainder after the indexed columns, or — for a UNIQUE index entry without NULLs — the entry's value.
/// </summary>
internal sealed class IndexRangeScan : QueryOperator, IKeyedRowSource
{
    private readonly TableLayout _layout;
    private readonly IndexSchema _index;
    private readonly KeyRange[] _ranges;
    private readonly bool _reverse;
    private readonly byte[] _prefix;
    private readonly SqlAffinity[] _affinities;
    private Frame _frame = null!;
    private readonly RangeWalk _walk;
    private byte[] _rowKey = new byte[32];
    private int _rowKeyLength;
    private byte[]? _currentKey;

    public IndexRangeScan(TableLayout layout, IndexSchema index, KeyRange[] ranges, bool reverse)
    {
        _layout = layout;
        _index = index;
        _ranges = ranges;
        _reverse = reverse;
        _walk = new RangeWalk(reverse);
        _prefix = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(_prefix, index.Id);
        _affinities = new SqlAffinity[index.Columns.Length];
        for (int i = 0; i < _affinities.Length; i++) _affinities[i] = layout.Table.Columns[layout.Table.IndexOf(index.Columns[i])].Affinity;
    }

    public TableLayout Layout => _layout;
    /// <summary>The current row's key, copied out of the reused lookup buffer on first use (only UPDATE and DELETE ask).</summary>
    public byte[]? CurrentKey => _currentKey ??= _rowKeyLength == 0 ? null : _rowKey.AsSpan(0, _rowKeyLength).ToArray();
    public override SqlValue[] Row => _frame.Row;

    public override void Open(Frame frame)
    {
        _frame = frame;
        _walk.Restart();
        _rowKeyLength = 0;
        _currentKey = null;
        KeyRange.EvaluateAll(_ranges, frame, _prefix, _affinities, _index.Descending, _reverse, _walk.Bounds);
    }

    public override bool Next()
    {
        StatementContext context = _frame.Context;
        while (_walk.MoveNext(context))
        {
            int length = IndexKeys.WriteRowKey(_walk.Cursor.Key, _walk.Cursor.Value, _index.Columns.Length, _index.Descending, _layout.Prefix, ref _rowKey);
            // Absence cannot happen in a consistent snapshot; skip rather than fail a read.
            if (!_layout.TryReadRow(context.Storage, _rowKey.AsSpan(0, length), _frame.Row)) continue;
            _rowKeyLength = length;
            _currentKey = null;
            return true;
        }
        return false;
    }

    /// <summary>Passes over index entries without looking up their rows: each entry of a consistent snapshot has its row.</summary>
    public override long Skip(long count)
    {
        StatementContext context = _frame.Context;
        // A statement's own buffered writes (a correlated subquery of an UPDATE that moves rows to new keys) may have
        // removed a row an entry of the scan still points at; only then does each row need the existence check Next makes.
        if (context.Storage.HasWrites) return base.Skip(count);
        long skipped = 0;
        while (skipped < count && _walk.MoveNext(context)) skipped++;
        return skipped;
    }

    public override bool SkipsWithoutReading => true;

    public override void Close() => _walk.Close();

    public override void Explain(List<string> lines, int depth) =>
        lines.Add($"{Indent(depth)}IndexRangeScan {_index.Name} ON {_layout.Table.Name}{(_reverse ? " REVERSE" : "")} {string.Join(" | ", (object[])_ranges)}");
}
