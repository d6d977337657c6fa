using System.Collections;
using System.Data;
using System.Data.Common;
using Lightning.Data.Execution;
using Lightning.Data.Storage;

namespace Lightning.Data;

/// <summary>
/// Reads the result sets of a command, forward only. Statements without result columns (INSERT, DDL…) are run and
/// skipped, their changed-row counts summed into <see cref="RecordsAffected"/>. Disposing the reader runs any statements
/// not yet reached, as Microsoft.Data.Sqlite does.
/// </summary>
public sealed partial class LightningDataReader : DbDataReader
{
    private readonly LightningConnection _connection;
    private readonly IEnumerator<StatementResult> _results;
    private readonly CommandBehavior _behavior;
    private StatementResult? _current;
    private DeclaredType[] _declared = [];
    private bool _closed, _hasRow, _peeked, _peekedRow, _singleRowDone;
    private int _recordsAffected = -1;
    private int _resultCount;

    internal LightningDataReader(LightningConnection connection, IEnumerator<StatementResult> results, CommandBehavior behavior)
    {
        _connection = connection;
        _results = results;
        _behavior = behavior;
        try
        {
            AdvanceToResultWithColumns();
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>Moves to the next statement that returns columns, running (and counting) the ones that do not.</summary>
    private bool AdvanceToResultWithColumns()
    {
        _current?.Dispose();
        _current = null;
        _hasRow = _peeked = _peekedRow = _singleRowDone = false;
        while (_results.MoveNext())
        {
            StatementResult result = _results.Current;
            if (result.RecordsAffected >= 0) _recordsAffected = Math.Max(0, _recordsAffected) + result.RecordsAffected;
            if (result.Columns.Count > 0)
            {
                _current = result;
                // Parsed once per result set (once per plan for cached SELECTs): the typed getters consult it for every value.
                _declared = result.ColumnTypes;
                _resultCount++;
                return true;
            }
            result.Dispose();
        }
        return false;
    }

    /// <inheritdoc />
    public override int Depth => 0;

    /// <inheritdoc />
    public override int FieldCount => _closed ? throw Closed() : _current?.Columns.Count ?? 0;

    /// <inheritdoc />
    public override bool HasRows
    {
        get
        {
            if (_closed) throw Closed();
            if (_current is null) return false;
            if (_hasRow || _peekedRow) return true;
            if (_peeked) return false;
            _peekedRow = _current.Read();
            _peeked = true;
            return _peekedRow;
        }
    }

    /// <inheritdoc />
    public override bool IsClosed => _closed;

    /// <inheritdoc />
    public override int RecordsAffected => _recordsAffected;

    /// <inheritdoc />
    public override bool Read()
    {
        if (_closed) throw Closed();
        if (_current is null || _singleRowDone) return _hasRow = false;
        if (_peeked)
        {
            _peeked = false;
            _hasRow = _peekedRow;
        }
        else _hasRow = _current.Read();
        if (_hasRow && (_behavior & CommandBehavior.SingleRow) != 0) _singleRowDone = true;
        return _hasRow;
    }

    /// <inheritdoc />
    public override Task<bool> ReadAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Read() ? TrueTask : FalseTask;
    }

    private static readonly Task<bool> TrueTask = Task.FromResult(true);
    private static readonly Task<bool> FalseTask = Task.FromResult(false);

    /// <inheritdoc />
    public override bool NextResult()
    {
        if (_closed) throw Closed();
        if ((_behavior & (CommandBehavior.SingleResult | CommandBehavior.SingleRow)) != 0 && _resultCount > 0)
        {
            _current?.Dispose();
            _current = null;
            return false;
        }
        return AdvanceToResultWithColumns();
    }

    /// <inheritdoc />
    public override Task<bool> NextResultAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return NextResult() ? TrueTask : FalseTask;
    }

    /// <inheritdoc />
    public override void Close() => Dispose(true);

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (_closed) return;
        _closed = true;
        try
        {
            _current?.Dispose();
            _current = null;
            // Statements after the ones read still run, so "INSERT …; INSERT …" executed through a reader is complete.
            while (_results.MoveNext())
            {
                StatementResult result = _results.Current;
                if (result.RecordsAffected >= 0) _recordsAffected = Math.Max(0, _recordsAffected) + result.RecordsAffected;
                result.Dispose();
            }
        }
        finally
        {
            _results.Dispose();
            if ((_behavior & CommandBehavior.CloseConnection) != 0) _connection.Close();
            base.Dispose(disposing);
        }
    }

    /// <inheritdoc />
    public override string GetName(int ordinal) => Column(ordinal).Name;

    /// <inheritdoc />
    public override int GetOrdinal(string name)
    {
        if (_closed) throw Closed();
        IReadOnlyList<ResultColumn> columns = _current?.Columns ?? [];
        for (int i = 0; i < columns.Count; i++)
            if (string.Equals(columns[i].Name, name, StringComparison.Ordinal)) return i;
        for (int i = 0; i < columns.Count; i++)
            if (string.Equals(columns[i].Name, name, StringComparison.OrdinalIgnoreCase)) return i;
        throw new IndexOutOfRangeException($"The result has no column named '{name}'.");
    }

    /// <inheritdoc />
    public override string GetDataTypeName(int ordinal)
    {
        ResultColumn column = Column(ordinal);
        if (column.DeclaredType is not null) return column.DeclaredType;
        SqlType? type = column.StorageType ?? (_hasRow ? _current!.GetValue(ordinal).Type : null);
        return type is null or SqlType.Null ? "BLOB" : type.Value.ToString().ToUpperInvariant();
    }

    /// <inheritdoc />
    public override Type GetFieldType(int ordinal)
    {
        ResultColumn column = Column(ordinal);
        if (DeclaredTypes.ClrType(_declared[ordinal]) is { } declared) return declared;
        if (column.StorageType is { } known) return SqlValueReader.ClrType(known);
        if (_hasRow)
        {
            SqlValue value = _current!.GetValue(ordinal);
            if (!value.IsNull) return SqlValueReader.ClrType(value.Type);
        }
        return typeof(string);
    }

    private ResultColumn Column(int ordinal)
    {
        if (_closed) throw Closed();
        if (_current is null) throw new InvalidOperationException("The reader has no result set with columns (the statement returned no rows).");
        IReadOnlyList<ResultColumn> columns = _current?.Columns ?? [];
        if ((uint)ordinal >= (uint)columns.Count) throw new IndexOutOfRangeException($"Column ordinal {ordinal} is out of range (the result has {columns.Count} columns).");
        return columns[ordinal];
    }

    /// <summary>The current row's value at <paramref name="ordinal"/>, with <see cref="Column"/>'s checks in the same order
    /// but against the declared-type array (one entry per column) rather than the column list's interface.</summary>
    private SqlValue Value(int ordinal)
    {
        if (_closed) throw Closed();
        StatementResult? current = _current;
        if (current is null || (uint)ordinal >= (uint)_declared.Length) Column(ordinal); // throws the matching error
        if (!_hasRow) throw new InvalidOperationException("No current row: call Read() and check that it returned true.");
        return current!.GetValue(ordinal);
    }

    private static InvalidOperationException Closed() => new("The data reader is closed.");

    /// <inheritdoc />
    public override IEnumerator GetEnumerator() => new DbEnumerator(this, closeReader: false);

    /// <summary>Describes the current result's columns (standard SchemaTableColumn/SchemaTableOptionalColumn columns).</summary>
    public override DataTable? GetSchemaTable()
    {
        if (_closed) throw Closed();
        if (_current is null) return null;
        var table = new DataTable("SchemaTable");
        DataColumnCollection c = table.Columns;
        c.Add(SchemaTableColumn.ColumnName, typeof(string));
        c.Add(SchemaTableColumn.ColumnOrdinal, typeof(int));
        c.Add(SchemaTableColumn.ColumnSize, typeof(int));
        c.Add(SchemaTableColumn.NumericPrecision, typeof(short));
        c.Add(SchemaTableColumn.NumericScale, typeof(short));
        c.Add(SchemaTableColumn.DataType, typeof(Type));
        c.Add("DataTypeName", typeof(string));
        c.Add(SchemaTableColumn.AllowDBNull, typeof(bool));
        c.Add(SchemaTableColumn.IsKey, typeof(bool));
        c.Add(SchemaTableColumn.IsUnique, typeof(bool));
        c.Add(SchemaTableColumn.IsAliased, typeof(bool));
        c.Add(SchemaTableColumn.IsExpression, typeof(bool));
        c.Add(SchemaTableColumn.IsLong, typeof(bool));
        c.Add(SchemaTableColumn.BaseTableName, typeof(string));
        c.Add(SchemaTableColumn.BaseColumnName, typeof(string));
        c.Add(SchemaTableColumn.BaseSchemaName, typeof(string));
        c.Add(SchemaTableOptionalColumn.BaseCatalogName, typeof(string));
        c.Add(SchemaTableOptionalColumn.BaseServerName, typeof(string));
        c.Add(SchemaTableOptionalColumn.IsAutoIncrement, typeof(bool));
        c.Add(SchemaTableOptionalColumn.IsReadOnly, typeof(bool));
        c.Add(SchemaTableOptionalColumn.IsHidden, typeof(bool));
        c.Add(SchemaTableOptionalColumn.ProviderSpecificDataType, typeof(Type));
        IReadOnlyList<ResultColumn> columns = _current?.Columns ?? [];
        for (int i = 0; i < columns.Count; i++)
        {
            ResultColumn column = columns[i];
            Type type = GetFieldType(i);
            DataRow row = table.NewRow();
            row[SchemaTableColumn.ColumnName] = column.Name;
            row[SchemaTableColumn.ColumnOrdinal] = i;
            row[SchemaTableColumn.ColumnSize] = -1;
            row[SchemaTableColumn.NumericPrecision] = DBNull.Value;
            row[SchemaTableColumn.NumericScale] = DBNull.Value;
            row[SchemaTableColumn.DataType] = type;
            row["DataTypeName"] = GetDataTypeName(i);
            row[SchemaTableColumn.AllowDBNull] = column.AllowsNull;
            row[SchemaTableColumn.IsKey] = column.IsKey;
            row[SchemaTableColumn.IsUnique] = column.IsUnique;
            row[SchemaTableColumn.IsAliased] = column.IsAliased;
            row[SchemaTableColumn.IsExpression] = column.IsExpression;
            row[SchemaTableColumn.IsLong] = type == typeof(byte[]);
            row[SchemaTableColumn.BaseTableName] = (object?)column.BaseTable ?? DBNull.Value;
            row[SchemaTableColumn.BaseColumnName] = (object?)column.BaseColumn ?? DBNull.Value;
            row[SchemaTableColumn.BaseSchemaName] = column.BaseTable is null ? DBNull.Value : "main";
            row[SchemaTableOptionalColumn.BaseCatalogName] = column.BaseTable is null ? DBNull.Value : "main";
            row[SchemaTableOptionalColumn.BaseServerName] = _connection.DataSource;
            row[SchemaTableOptionalColumn.IsAutoIncrement] = column.IsAutoIncrement;
            row[SchemaTableOptionalColumn.IsReadOnly] = column.BaseTable is null;
            row[SchemaTableOptionalColumn.IsHidden] = false;
            row[SchemaTableOptionalColumn.ProviderSpecificDataType] = type;
            table.Rows.Add(row);
        }
        return table;
    }
}
