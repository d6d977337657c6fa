using Lightning.Data.Storage;

namespace Lightning.Data.Execution;

/// <summary>A result whose rows were computed eagerly (DML with RETURNING, EXPLAIN, PRAGMA) or that has none.</summary>
internal sealed class BufferedResult(ResultColumn[] columns, List<SqlValue[]> rows, int recordsAffected) : StatementResult
{
    private int _position = -1;

    public static BufferedResult Empty(int recordsAffected = -1) => new([], [], recordsAffected);

    public override IReadOnlyList<ResultColumn> Columns => columns;
    public override int RecordsAffected => recordsAffected;

    public override bool Read() => ++_position < rows.Count;

    public override SqlValue GetValue(int ordinal) => rows[_position][ordinal];
}
