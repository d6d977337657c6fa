using Lightning.Data.Catalog;
using Lightning.Data.Execution.Expressions;
using Lightning.Data.Planning;
using Lightning.Data.Sql.Syntax;
using Lightning.Data.Storage;
using Lightning.Kv;

namespace Lightning.Data.Execution.Dml;

/// <summary>
/// INSERT [OR REPLACE | OR IGNORE] … VALUES | SELECT | DEFAULT VALUES [ON CONFLICT …] [RETURNING …]. Everything is bound
/// when the statement is prepared (target columns, value expressions, defaults, upsert and RETURNING); <see cref="Execute"/>
/// only evaluates and writes, so a cached INSERT runs without binding again.
/// </summary>
internal sealed class InsertExecutor : PreparedStatement
{
    private readonly InsertStatement _insert;
    private readonly TableSchema _table;
    private readonly RowWriter _writer;
    private readonly int[] _targets;
    private readonly (int Column, BoundExpression Value)[] _defaults;
    private readonly BoundExpression[][] _rows;
    private readonly PlannedQuery? _select;
    private readonly Frame _valuesFrame;
    private readonly SqlValue[] _values;
    private readonly SqlValue[] _row;

    // ON CONFLICT DO UPDATE evaluates against [existing row | excluded row].
    private readonly BoundExpression[]? _setValues;
    private readonly int[]? _setColumns;
    private readonly BoundExpression? _upsertWhere;
    private readonly Frame? _upsertFrame;

    private readonly (BoundExpression[] Items, ResultColumn[] Columns)? _returning;
    private readonly Frame _returnFrame;
    private readonly ReturningResult? _returned;
    private int _affected;

    public InsertExecutor(PlanningContext planning, InsertStatement insert) : base(planning.Catalog, planning.Execution)
    {
        _insert = insert;
        _table = planning.Catalog.FindTable(insert.Table)
            ?? throw new LightningSqlException(LightningErrorCode.SqlUnknownObject, $"No such table: {insert.Table}.", insert.SourceLine, insert.SourceColumn);
        _writer = new RowWriter(planning, _table);
        _targets = TargetColumns(insert, _table);
        _defaults = BindDefaults(_table, _targets);
        _valuesFrame = new Frame(0, null, planning.Execution);
        _values = new SqlValue[_targets.Length];
        _row = new SqlValue[_table.Columns.Length];
        _returnFrame = new Frame(0, null, planning.Execution);

        if (insert.Upsert?.Set is { } assignments)
        {
            var scope = new QueryScope(null);
            string[] names = Array.ConvertAll(_table.Columns, c => c.Name);
            SqlAffinity[] affinities = Array.ConvertAll(_table.Columns, c => c.Affinity);
            bool[] noCase = Array.ConvertAll(_table.Columns, c => c.NoCase);
            scope.Add(_table.Name, names, affinities, noCase, _table, null);
            planning.Excluded = new ScopeTable { Alias = "excluded", ColumnNames = names, Affinities = affinities, NoCase = noCase, BaseSlot = names.Length };
            var binder = new ExpressionBinder(scope, planning);
            _setValues = new BoundExpression[assignments.Count];
            _setColumns = new int[assignments.Count];
            for (int i = 0; i < assignments.Count; i++)
            {
                _setColumns[i] = ColumnIndex(_table, assignments[i].Column, assignments[i]);
                _setValues[i] = binder.Bind(assignments[i].Value);
            }
            if (insert.Upsert.Where is not null) _upsertWhere = binder.Bind(insert.Upsert.Where);
            _upsertFrame = new Frame(names.Length * 2, null, planning.Execution);
            planning.Excluded = null;
        }
        _returning = insert.Returning is null ? null : _writer.BindReturning(insert.Returning, null);
        if (_returning is { } bound) _returned = new ReturningResult(bound.Columns);

        _rows = [];
        if (insert.Rows is not null)
        {
            var binder = new ExpressionBinder(new QueryScope(null), planning);
            _rows = new BoundExpression[insert.Rows.Count][];
            for (int r = 0; r < _rows.Length; r++)
            {
                IReadOnlyList<Expression> rowSyntax = insert.Rows[r];
                if (rowSyntax.Count != _targets.Length)
                    throw new LightningSqlException(LightningErrorCode.SqlInvalidOperation,
                        $"{rowSyntax.Count} values for {_targets.Length} columns in INSERT INTO {_table.Name}.", insert.SourceLine, insert.SourceColumn);
                _rows[r] = new BoundExpression[rowSyntax.Count];
                for (int i = 0; i < rowSyntax.Count; i++) _rows[r][i] = binder.Bind(rowSyntax[i]);
            }
        }
        else if (insert.Select is not null)
        {
            _select = new SelectPlanner(planning).Plan(insert.Select, null);
            if (_select.Columns.Length != _targets.Length)
                throw new LightningSqlException(LightningErrorCode.SqlInvalidOperation,
                    $"The SELECT gives {_select.Columns.Length} columns for {_targets.Length} in INSERT INTO {_table.Name}.", insert.SourceLine, insert.SourceColumn);
        }
    }

    /// <summary>
    /// Inserts the rows for the context's current parameter values. With RETURNING, the result is this plan's own
    /// <see cref="ReturningResult"/>, which releases the plan when disposed; otherwise the caller releases it.
    /// </summary>
    public StatementResult Execute()
    {
        _affected = 0;
        _returned?.Begin();
        if (_insert.DefaultValues) InsertOne([]);
        else if (_select is null)
        {
            foreach (BoundExpression[] row in _rows)
            {
                for (int i = 0; i < _values.Length; i++) _values[i] = row[i].Evaluate(_valuesFrame);
                InsertOne(_values);
            }
        }
        else
        {
            // All source rows are read before the first write, so the SELECT never sees rows this statement adds.
            var rows = new List<SqlValue[]>();
            _select.Root.Open(_select.Frame);
            while (_select.Root.Next()) rows.Add(_select.Root.Row[.._targets.Length]);
            _select.Root.Close();
            foreach (SqlValue[] source in rows) InsertOne(source);
        }
        return _returned is null ? BufferedResult.Affected(_affected) : _returned.Complete(_affected, this);
    }

    private void InsertOne(ReadOnlySpan<SqlValue> provided)
    {
        Context.Tick();
        // One row buffer per plan: nothing keeps it past this call (rows are encoded, RETURNING evaluates into new arrays).
        SqlValue[] row = _row;
        Array.Clear(row);
        foreach ((int column, BoundExpression value) in _defaults) row[column] = value.Evaluate(_valuesFrame);
        for (int i = 0; i < _targets.Length; i++) row[_targets[i]] = provided[i];
        _writer.Validate(row, allowNullIntegerKey: true);
        byte[] key = _writer.AssignKey(row, out long rowId);
        byte[]? conflict = _writer.FindConflict(row, key, null, keyIsNew: _writer.IsAboveKeyCeiling(row));
        if (conflict is not null)
        {
            InsertConflictAction action = _insert.OrAction;
            if (_insert.Upsert is { Set: null } || action == InsertConflictAction.Ignore) return;
            if (_insert.Upsert is { Set: not null } && action == InsertConflictAction.Abort)
            {
                Upsert(row, conflict);
                return;
            }
            if (action != InsertConflictAction.Replace) throw _writer.ConflictError(row, key, conflict);
            // OR REPLACE: delete every row the new one collides with, then insert.
            for (byte[]? c = conflict; c is not null; c = _writer.FindConflict(row, key, null))
                _writer.Remove(_writer.Load(c)!, c);
        }
        _writer.Insert(row, key);
        if (_table.HasIntegerKey) Context.Session.LastInsertRowId = rowId;
        Finish(row);
    }

    /// <summary>ON CONFLICT DO UPDATE: rewrites the existing row from its values and the excluded (proposed) row.</summary>
    private void Upsert(SqlValue[] row, byte[] conflict)
    {
        SqlValue[] existing = _writer.Load(conflict)!;
        Frame frame = _upsertFrame!;
        Array.Copy(existing, frame.Row, existing.Length);
        Array.Copy(row, 0, frame.Row, existing.Length, row.Length);
        if (_upsertWhere is not null && _upsertWhere.Evaluate(frame).AsBoolean != true) return;
        var updated = (SqlValue[])existing.Clone();
        for (int i = 0; i < _setColumns!.Length; i++) updated[_setColumns[i]] = _setValues![i].Evaluate(frame);
        _writer.Validate(updated);
        byte[] updatedKey = _table.HasHiddenRowId ? conflict : _writer.Layout.EncodeKey(updated, 0);
        byte[]? second = _writer.FindConflict(updated, updatedKey, conflict);
        if (second is not null) throw _writer.ConflictError(updated, updatedKey, second);
        _writer.Remove(existing, conflict);
        _writer.Insert(updated, updatedKey);
        Finish(updated);
    }

    private void Finish(SqlValue[] row)
    {
        _affected++;
        if (_returning is not { } r) return;
        SqlValue[] output = _returned!.AddRow();
        _returnFrame.Row = row;
        for (int i = 0; i < output.Length; i++) output[i] = r.Items[i].Evaluate(_returnFrame);
    }

    /// <summary>The DEFAULT of every column the statement leaves out, bound once.</summary>
    private static (int, BoundExpression)[] BindDefaults(TableSchema table, int[] targets)
    {
        var defaults = new List<(int, BoundExpression)>();
        for (int c = 0; c < table.Columns.Length; c++)
            if (Array.IndexOf(targets, c) < 0 && table.Columns[c].DefaultSql is { } defaultSql)
                defaults.Add((c, Engine.ConstantEvaluator.Bind(defaultSql)));
        return [.. defaults];
    }

    private static int[] TargetColumns(InsertStatement insert, TableSchema table)
    {
        if (insert.Columns is null)
        {
            int[] all = new int[table.Columns.Length];
            for (int i = 0; i < all.Length; i++) all[i] = i;
            return insert.DefaultValues ? [] : all;
        }
        int[] targets = new int[insert.Columns.Count];
        for (int i = 0; i < targets.Length; i++)
        {
            targets[i] = ColumnIndex(table, insert.Columns[i], insert);
            if (Array.IndexOf(targets, targets[i], 0, i) >= 0)
                throw new LightningSqlException(LightningErrorCode.SqlInvalidOperation, $"Column {insert.Columns[i]} is listed twice.", insert.SourceLine, insert.SourceColumn);
        }
        return targets;
    }

    internal static int ColumnIndex(TableSchema table, string name, Sql.Syntax.SyntaxNode node)
    {
        int index = table.IndexOf(name);
        if (index < 0) throw new LightningSqlException(LightningErrorCode.SqlUnknownObject, $"Table {table.Name} has no column named {name}.", node.SourceLine, node.SourceColumn);
        return index;
    }
}
