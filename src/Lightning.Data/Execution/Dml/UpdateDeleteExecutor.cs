using Lightning.Data.Catalog;
using Lightning.Data.Execution.Expressions;
using Lightning.Data.Execution.Operators;
using Lightning.Data.Planning;
using Lightning.Data.Sql.Syntax;
using Lightning.Data.Storage;
using Lightning.Kv;

namespace Lightning.Data.Execution.Dml;

/// <summary>UPDATE and DELETE: find the rows with the same access-path planning as SELECT, then change them.</summary>
internal sealed class UpdateDeleteExecutor(PlanningContext planning)
{
    public BufferedResult Update(UpdateStatement update)
    {
        (RowWriter writer, List<(byte[] Key, SqlValue[] Row)> targets, ExpressionBinder binder) = FindRows(update.Table, update.Alias, update.Where, update);
        TableSchema table = writer.Table;
        var columns = new int[update.Set.Count];
        var values = new BoundExpression[update.Set.Count];
        for (int i = 0; i < columns.Length; i++)
        {
            columns[i] = InsertExecutor.ColumnIndex(table, update.Set[i].Column, update.Set[i]);
            values[i] = binder.Bind(update.Set[i].Value);
        }
        (BoundExpression[] Items, ResultColumn[] Columns)? returning = update.Returning is null ? null : writer.BindReturning(update.Returning, update.Alias);
        var returned = new List<SqlValue[]>();
        var frame = new Frame(0, null, planning.Execution);
        foreach ((byte[] key, SqlValue[] old) in targets)
        {
            planning.Execution.Tick();
            frame.Row = old;
            var row = (SqlValue[])old.Clone();
            for (int i = 0; i < columns.Length; i++) row[columns[i]] = values[i].Evaluate(frame);
            writer.Validate(row);
            byte[] newKey = table.HasHiddenRowId ? key : writer.Layout.EncodeKey(row, 0);
            writer.Remove(old, key);
            byte[]? conflict = writer.FindConflict(row, newKey, key);
            if (conflict is not null) throw writer.ConflictError(row, newKey, conflict);
            writer.Insert(row, newKey);
            if (returning is { } r) returned.Add(RowWriter.Returned(r.Items, frame, row));
        }
        return new BufferedResult(returning?.Columns ?? [], returned, targets.Count);
    }

    public BufferedResult Delete(DeleteStatement delete)
    {
        (RowWriter writer, List<(byte[] Key, SqlValue[] Row)> targets, _) = FindRows(delete.Table, delete.Alias, delete.Where, delete);
        (BoundExpression[] Items, ResultColumn[] Columns)? returning = delete.Returning is null ? null : writer.BindReturning(delete.Returning, delete.Alias);
        var returned = new List<SqlValue[]>();
        var frame = new Frame(0, null, planning.Execution);
        foreach ((byte[] key, SqlValue[] row) in targets)
        {
            planning.Execution.Tick();
            writer.Remove(row, key);
            if (returning is { } r) returned.Add(RowWriter.Returned(r.Items, frame, row));
        }
        return new BufferedResult(returning?.Columns ?? [], returned, targets.Count);
    }

    /// <summary>The plan that finds an UPDATE's or DELETE's target rows: access path plus the residual WHERE.</summary>
    private sealed record TargetPlan(RowWriter Writer, QueryOperator Access, BoundExpression? Filter, ExpressionBinder Binder, Frame Frame);

    /// <summary>Plans the WHERE like a single-table SELECT (same access paths as SELECT).</summary>
    private TargetPlan PlanTargets(string tableName, string? alias, Expression? where, SyntaxNode node)
    {
        TableSchema table = planning.Catalog.FindTable(tableName)
            ?? throw new LightningSqlException(LightningErrorCode.SqlUnknownObject, $"No such table: {tableName}.", node.SourceLine, node.SourceColumn);
        var writer = new RowWriter(planning, table);
        var scope = new QueryScope(null);
        var names = Array.ConvertAll(table.Columns, c => c.Name);
        ScopeTable scopeTable = scope.Add(alias ?? table.Name, names, Array.ConvertAll(table.Columns, c => c.Affinity),
            Array.ConvertAll(table.Columns, c => c.NoCase), table, null, baseSlot => planning.Layout(table, baseSlot));
        var binder = new ExpressionBinder(scope, planning);
        var conjuncts = new List<Expression>();
        SyntaxFacts.SplitConjuncts(where, conjuncts);
        var consumed = new List<Expression>();
        QueryOperator access = new AccessPathPlanner(binder, scopeTable, e => !SyntaxFacts.ContainsSubquery(e) && IsConstant(e, scope))
            .Choose(conjuncts, null, false, out _, consumed);
        BoundExpression? filter = null;
        foreach (Expression c in conjuncts)
        {
            if (consumed.Contains(c)) continue;
            BoundExpression bound = binder.Bind(c);
            filter = filter is null ? bound : new LogicalOperation(true, filter, bound);
        }
        return new TargetPlan(writer, access, filter, binder, new Frame(scope.Width, null, planning.Execution));
    }

    /// <summary>Collects the matching rows with their keys before any change.</summary>
    private (RowWriter, List<(byte[], SqlValue[])>, ExpressionBinder) FindRows(string tableName, string? alias, Expression? where, SyntaxNode node)
    {
        TargetPlan plan = PlanTargets(tableName, alias, where, node);
        var rows = new List<(byte[], SqlValue[])>();
        var keyed = (IKeyedRowSource)plan.Access;
        plan.Access.Open(plan.Frame);
        while (plan.Access.Next())
        {
            if (plan.Filter is not null && plan.Filter.Evaluate(plan.Frame).AsBoolean != true) continue;
            rows.Add((keyed.CurrentKey!, (SqlValue[])plan.Frame.Row.Clone()));
        }
        plan.Access.Close();
        return (plan.Writer, rows, plan.Binder);
    }

    /// <summary>EXPLAIN of an UPDATE or DELETE: the plan that finds its rows, exactly as execution builds it.</summary>
    public void Explain(string verb, string tableName, string? alias, Expression? where, SyntaxNode node, List<string> lines)
    {
        TargetPlan plan = PlanTargets(tableName, alias, where, node);
        lines.Add($"{verb} {plan.Writer.Table.Name}");
        int depth = 1;
        if (plan.Filter is not null) lines.Add($"{new string(' ', 2 * depth++)}Filter {plan.Filter}");
        plan.Access.Explain(lines, depth);
    }

    private static bool IsConstant(Expression expression, QueryScope scope)
    {
        var columns = new List<ColumnExpression>();
        SyntaxFacts.CollectColumns(expression, columns);
        foreach (ColumnExpression c in columns)
            if (scope.Resolve(c.Table, c.Column, c.SourceLine, c.SourceColumn) is not null) return false;
        return true;
    }
}
