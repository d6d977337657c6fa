using Lightning.Data.Storage;

namespace Lightning.Data.Execution;

/// <summary>A result whose rows were computed eagerly (DML with RETURNING, EXPLAIN, PRAGMA) or that has none.</summary>
internal sealed class BufferedResult(ResultColumn[] columns, List<SqlValue[]> rows, int recordsAffected) : StatementResult
{
    private int _position = -1;

    // Shared results without rows for the common counts (Read on them changes nothing).
    private static readonly BufferedResult[] Counts = [new([], [], 0), new([], [], 1)];

    public static BufferedResult Empty(int recordsAffected = -1) => new([], [], recordsAffected);

    /// <summary>A result with no columns or rows reporting <paramref name="recordsAffected"/> changed rows (shared for 0 and 1).</summary>
    public static BufferedResult Affected(int recordsAffected) =>
        (uint)recordsAffected < (uint)Counts.Length ? Counts[recordsAffected] : new([], [], recordsAffected);

    public override IReadOnlyList<ResultColumn> Columns => columns;
    public override int RecordsAffected => recordsAffected;

    public override bool Read() => rows.Count > 0 && ++_position < rows.Count;

    public override SqlValue GetValue(int ordinal) => rows[_position][ordinal];
}
