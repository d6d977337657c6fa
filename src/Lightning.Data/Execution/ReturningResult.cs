using Lightning.Data.Storage;

namespace Lightning.Data.Execution;

/// <summary>
/// The rows a cached write statement's RETURNING clause produced, owned by its prepared plan and reused by each of its
/// executions: the result object, its column types and its row buffers are allocated once per plan, not per execution
/// (EF Core runs one <c>INSERT … RETURNING</c> per entity). The plan goes back to its pool only when the reader disposes
/// this result, so no other execution can overwrite the rows while they are being read.
/// </summary>
internal sealed class ReturningResult(ResultColumn[] columns) : StatementResult
{
    // Row buffers kept for the next execution; a statement that returned more drops the rest, so a plan never pins a large result.
    private const int RetainedRows = 16;

    private readonly List<SqlValue[]> _rows = [];
    private readonly DeclaredType[] _columnTypes = DeclaredTypes.For(columns);
    private int _count;
    private int _position = -1;
    private int _recordsAffected;
    private PreparedStatement? _plan;

    public override IReadOnlyList<ResultColumn> Columns => columns;
    public override DeclaredType[] ColumnTypes => _columnTypes;
    public override int RecordsAffected => _recordsAffected;

    /// <summary>Starts an execution's rows (the previous execution's reader has disposed this result already).</summary>
    public void Begin()
    {
        if (_rows.Count > RetainedRows) _rows.RemoveRange(RetainedRows, _rows.Count - RetainedRows);
        _count = 0;
        _position = -1;
        _recordsAffected = 0;
        _plan = null;
    }

    /// <summary>A buffer for the next returned row, valid until this result is disposed.</summary>
    public SqlValue[] AddRow()
    {
        if (_count == _rows.Count) _rows.Add(new SqlValue[columns.Length]);
        return _rows[_count++];
    }

    /// <summary>Ends the execution: <paramref name="plan"/> is released when the reader disposes this result.</summary>
    public ReturningResult Complete(int recordsAffected, PreparedStatement plan)
    {
        _recordsAffected = recordsAffected;
        _plan = plan;
        return this;
    }

    public override bool Read() => _position < _count && ++_position < _count;

    public override SqlValue GetValue(int ordinal) => _rows[_position][ordinal];

    public override void Dispose()
    {
        PreparedStatement? plan = _plan;
        if (plan is null) return;
        _plan = null;
        // Values may hold strings and blobs of the rows just read: clear them so an idle plan does not keep them alive.
        for (int i = 0; i < _count; i++) Array.Clear(_rows[i]);
        plan.Release();
    }
}
