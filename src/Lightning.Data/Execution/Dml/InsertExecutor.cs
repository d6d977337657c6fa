using Lightning.Data.Catalog;
using Lightning.Data.Execution.Expressions;
using Lightning.Data.Planning;
using Lightning.Data.Sql.Syntax;
using Lightning.Data.Storage;
using Lightning.Kv;

namespace Lightning.Data.Execution.Dml;

/// <summary>INSERT [OR REPLACE | OR IGNORE] … VALUES | SELECT | DEFAULT VALUES [ON CONFLICT …] [RETURNING …].</summary>
internal sealed class InsertExecutor(PlanningContext planning)
{
    public BufferedResult Execute(InsertStatement insert)
    {
        TableSchema table = planning.Catalog.FindTable(insert.Table)
            ?? throw new LightningSqlException(LightningErrorCode.SqlUnknownObject, $"No such table: {insert.Table}.", insert.SourceLine, insert.SourceColumn);
        var writer = new RowWriter(planning, table);
        int[] targets = TargetColumns(insert, table);
        Frame valuesFrame = new(0, null, planning.Execution);

        // ON CONFLICT DO UPDATE evaluates against [existing row | excluded row].
        BoundExpression[]? setValues = null;
        int[]? setColumns = null;
        BoundExpression? upsertWhere = null;
        Frame? upsertFrame = null;
        if (insert.Upsert?.Set is { } assignments)
        {
            var scope = new QueryScope(null);
            string[] names = Array.ConvertAll(table.Columns, c => c.Name);
            SqlAffinity[] affinities = Array.ConvertAll(table.Columns, c => c.Affinity);
            bool[] noCase = Array.ConvertAll(table.Columns, c => c.NoCase);
            scope.Add(table.Name, names, affinities, noCase, table, null);
            planning.Excluded = new ScopeTable { Alias = "excluded", ColumnNames = names, Affinities = affinities, NoCase = noCase, BaseSlot = names.Length };
            var binder = new ExpressionBinder(scope, planning);
            setValues = new BoundExpression[assignments.Count];
            setColumns = new int[assignments.Count];
            for (int i = 0; i < assignments.Count; i++)
            {
                setColumns[i] = ColumnIndex(table, assignments[i].Column, assignments[i]);
                setValues[i] = binder.Bind(assignments[i].Value);
            }
            if (insert.Upsert.Where is not null) upsertWhere = binder.Bind(insert.Upsert.Where);
            upsertFrame = new Frame(names.Length * 2, null, planning.Execution);
            planning.Excluded = null;
        }
        (BoundExpression[] Items, ResultColumn[] Columns)? returning = insert.Returning is null ? null : writer.BindReturning(insert.Returning, null);
        var returned = new List<SqlValue[]>();
        var returnFrame = new Frame(0, null, planning.Execution);
        int affected = 0;

        void InsertOne(ReadOnlySpan<SqlValue> provided)
        {
            planning.Execution.Tick();
            var row = new SqlValue[table.Columns.Length];
            var isProvided = new bool[row.Length];
            for (int i = 0; i < targets.Length; i++)
            {
                row[targets[i]] = provided[i];
                isProvided[targets[i]] = true;
            }
            for (int c = 0; c < row.Length; c++)
                if (!isProvided[c] && table.Columns[c].DefaultSql is { } defaultSql) row[c] = Engine.ConstantEvaluator.Evaluate(defaultSql);
            writer.Validate(row, allowNullIntegerKey: true);
            byte[] key = writer.AssignKey(row, out long rowId);
            byte[]? conflict = writer.FindConflict(row, key, null);
            if (conflict is not null)
            {
                InsertConflictAction action = insert.OrAction;
                if (insert.Upsert is { Set: null } || action == InsertConflictAction.Ignore) return;
                if (insert.Upsert is { Set: not null } && action == InsertConflictAction.Abort)
                {
                    SqlValue[] existing = writer.Load(conflict)!;
                    Array.Copy(existing, upsertFrame!.Row, existing.Length);
                    Array.Copy(row, 0, upsertFrame.Row, existing.Length, row.Length);
                    if (upsertWhere is not null && upsertWhere.Evaluate(upsertFrame).AsBoolean != true) return;
                    var updated = (SqlValue[])existing.Clone();
                    for (int i = 0; i < setColumns!.Length; i++) updated[setColumns[i]] = setValues![i].Evaluate(upsertFrame);
                    writer.Validate(updated);
                    byte[] updatedKey = writer.Layout.EncodeKey(updated, 0);
                    if (table.HasHiddenRowId) updatedKey = conflict;
                    byte[]? second = writer.FindConflict(updated, updatedKey, conflict);
                    if (second is not null) throw writer.ConflictError(updated, updatedKey, second);
                    writer.Remove(existing, conflict);
                    writer.Insert(updated, updatedKey);
                    Finish(updated);
                    return;
                }
                if (action != InsertConflictAction.Replace) throw writer.ConflictError(row, key, conflict);
                // OR REPLACE: delete every row the new one collides with, then insert.
                for (byte[]? c = conflict; c is not null; c = writer.FindConflict(row, key, null))
                    writer.Remove(writer.Load(c)!, c);
            }
            writer.Insert(row, key);
            if (table.HasIntegerKey) planning.Execution.Session.LastInsertRowId = rowId;
            Finish(row);
        }

        void Finish(SqlValue[] row)
        {
            affected++;
            if (returning is { } r) returned.Add(RowWriter.Returned(r.Items, returnFrame, row));
        }

        if (insert.DefaultValues) InsertOne([]);
        else if (insert.Rows is not null)
        {
            var values = new SqlValue[targets.Length];
            var binder = new ExpressionBinder(new QueryScope(null), planning);
            foreach (IReadOnlyList<Expression> rowSyntax in insert.Rows)
            {
                if (rowSyntax.Count != targets.Length)
                    throw new LightningSqlException(LightningErrorCode.SqlInvalidOperation,
                        $"{rowSyntax.Count} values for {targets.Length} columns in INSERT INTO {table.Name}.", insert.SourceLine, insert.SourceColumn);
                for (int i = 0; i < values.Length; i++) values[i] = binder.Bind(rowSyntax[i]).Evaluate(valuesFrame);
                InsertOne(values);
            }
        }
        else if (insert.Select is not null)
        {
            PlannedQuery query = new SelectPlanner(planning).Plan(insert.Select, null);
            if (query.Columns.Length != targets.Length)
                throw new LightningSqlException(LightningErrorCode.SqlInvalidOperation,
                    $"The SELECT gives {query.Columns.Length} columns for {targets.Length} in INSERT INTO {table.Name}.", insert.SourceLine, insert.SourceColumn);
            var rows = new List<SqlValue[]>();
            query.Root.Open(query.Frame);
            while (query.Root.Next()) rows.Add(query.Root.Row[..targets.Length]);
            query.Root.Close();
            foreach (SqlValue[] source in rows) InsertOne(source);
        }
        return new BufferedResult(returning?.Columns ?? [], returned, affected);
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
