using Lightning.Data.Execution;
using Lightning.Data.Storage;

namespace Lightning.Data.Tests.Ado;

/// <summary>An in-memory <see cref="StatementResult"/> for testing the data reader without the SQL engine.</summary>
internal sealed class FakeStatementResult : StatementResult
{
    private readonly IReadOnlyList<ResultColumn> _columns;
    private readonly SqlValue[][] _rows;
    private readonly int _recordsAffected;
    private int _position = -1;

    public FakeStatementResult(IReadOnlyList<ResultColumn> columns, SqlValue[][] rows, int recordsAffected = -1)
    {
        _columns = columns;
        _rows = rows;
        _recordsAffected = recordsAffected;
    }

    /// <summary>A statement with no result columns (INSERT, DDL…).</summary>
    public static FakeStatementResult NonQuery(int recordsAffected) => new([], [], recordsAffected);

    /// <summary>A result with untyped columns named <paramref name="names"/>.</summary>
    public static FakeStatementResult Rows(string[] names, params SqlValue[][] rows)
    {
        var columns = new ResultColumn[names.Length];
        for (int i = 0; i < names.Length; i++) columns[i] = new ResultColumn(names[i]);
        return new FakeStatementResult(columns, rows);
    }

    /// <summary>A one-column, one-row result.</summary>
    public static FakeStatementResult Single(SqlValue value, string name = "v") => Rows([name], [value]);

    public bool Disposed { get; private set; }
    public int ReadCalls { get; private set; }
    public Exception? ThrowOnRead { get; init; }

    public override IReadOnlyList<ResultColumn> Columns => _columns;
    public override int RecordsAffected => _recordsAffected;

    public override bool Read()
    {
        ReadCalls++;
        if (ThrowOnRead is not null) throw ThrowOnRead;
        if (_position >= _rows.Length) return false;
        _position++;
        return _position < _rows.Length;
    }

    public override SqlValue GetValue(int ordinal) => _rows[_position][ordinal];

    public override void Dispose() => Disposed = true;
}

/// <summary>Yields results lazily and records how far it was enumerated, like the engine's lazy statement runner.</summary>
internal sealed class FakeResults : IEnumerator<StatementResult>
{
    private readonly StatementResult[] _results;
    private int _index = -1;

    public FakeResults(params StatementResult[] results) => _results = results;

    /// <summary>Thrown by MoveNext when it reaches this index (simulates a failing statement).</summary>
    public int FailAt { get; init; } = -1;
    public Exception Failure { get; init; } = new Lightning.Kv.LightningException(Lightning.Kv.LightningErrorCode.SqlTypeMismatch, "boom");

    public int Executed => Math.Min(_index + 1, _results.Length);
    public bool Disposed { get; private set; }

    public StatementResult Current => _results[_index];
    object System.Collections.IEnumerator.Current => Current;

    public bool MoveNext()
    {
        if (_index + 1 == FailAt)
        {
            _index++;
            throw Failure;
        }
        if (_index + 1 >= _results.Length) return false;
        _index++;
        return true;
    }

    public void Reset() => throw new NotSupportedException();
    public void Dispose() => Disposed = true;
}
