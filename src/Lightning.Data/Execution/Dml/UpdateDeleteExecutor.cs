using Lightning.Data.Catalog;
using Lightning.Data.Execution.Expressions;
using Lightning.Data.Execution.Operators;
using Lightning.Data.Planning;
using Lightning.Data.Sql.Syntax;
using Lightning.Data.Storage;
using Lightning.Kv;

namespace Lightning.Data.Execution.Dml;

/// <summary>
/// UPDATE and DELETE: find the rows with the same access-path planning as SELECT, then change them. The target plan,
/// SET expressions and RETURNING are bound when the statement is prepared; <see cref="Execute"/> runs them.
/// </summary>
internal sealed class UpdateDeleteExecutor : PreparedStatement
{
    private static readonly List<SqlValue[]> NoRows = [];

    private readonly TargetPlan _plan;
    private readonly int[]? _setColumns;
    private readonly BoundExpression[]? _setValues;
    private readonly (BoundExpression[] Items, ResultColumn[] Columns)? _returning;
    private readonly Frame _rowFrame;

    /// <summary>Prepares an UPDATE.</summary>
    public UpdateDeleteExecutor(PlanningContext planning, UpdateStatement update) : base(planning.Catalog, planning.Execution)
    {
        _plan = PlanTargets(planning, update.Table, update.Alias, update.Where, update);
        TableSchema table = _plan.Writer.Table;
        _setColumns = new int[update.Set.Count];
        _setValues = new BoundExpression[update.Set.Count];
        for (int i = 0; i < _setColumns.Length; i++)
        {
            _setColumns[i] = InsertExecutor.ColumnIndex(table, update.Set[i].Column, update.Set[i]);
            _setValues[i] = _plan.Binder.Bind(update.Set[i].Value);
        }
        _returning = update.Returning is null ? null : _plan.Writer.BindReturning(update.Returning, update.Alias);
        _rowFrame = new Frame(0, null, planning.Execution);
    }

    /// <summary>Prepares a DELETE.</summary>
    public UpdateDeleteExecutor(PlanningContext planning, DeleteStatement delete) : base(planning.Catalog, planning.Execution)
    {
        _plan = PlanTargets(planning, delete.Table, delete.Alias, delete.Where, delete);
        _returning = delete.Returning is null ? null : _plan.Writer.BindReturning(delete.Returning, delete.Alias);
        _rowFrame = new Frame(0, null, planning.Execution);
    }

    /// <summary>Changes (UPDATE) or removes (DELETE) the matching rows for the context's current parameter values.</summary>
    public BufferedResult Execute()
    {
        List<(byte[] Key, SqlValue[] Row)> targets = FindRows(_plan);
        RowWriter writer = _plan.Writer;
        List<SqlValue[]> returned = _returning is null ? NoRows : [];
        foreach ((byte[] key, SqlValue[] old) in targets)
        {
            Context.Tick();
            if (_setColumns is null)
            {
                writer.Remove(old, key);
                if (_returning is { } deleted) returned.Add(RowWriter.Returned(deleted.Items, _rowFrame, old));
                continue;
            }
            _rowFrame.Row = old;
            var row = (SqlValue[])old.Clone();
            for (int i = 0; i < _setColumns.Length; i++) row[_setColumns[i]] = _setValues![i].Evaluate(_rowFrame);
            writer.Validate(row);
            byte[] newKey = writer.Table.HasHiddenRowId ? key : writer.Layout.EncodeKey(row, 0);
            writer.Remove(old, key);
            byte[]? conflict = writer.FindConflict(row, newKey, key);
            if (conflict is not null) throw writer.ConflictError(row, newKey, conflict);
            writer.Insert(row, newKey);
            if (_returning is { } r) returned.Add(RowWriter.Returned(r.Items, _rowFrame, row));
        }
        return new BufferedResult(_returning?.Columns ?? [], returned, targets.Count);
    }

    /// <summary>The plan that finds an UPDATE's or DELETE's target rows: access path plus the residual WHERE.</summary>
    private sealed record TargetPlan(RowWriter Writer, QueryOperator Access, BoundExpression? Filter, ExpressionBinder Binder, Frame Frame);

    /// <summary>Plans the WHERE like a single-table SELECT (same access paths as SELECT).</summary>
    private static TargetPlan PlanTargets(PlanningContext planning, string tableName, string? alias, Expression? where, SyntaxNode node)
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
    private static List<(byte[], SqlValue[])> FindRows(TargetPlan plan)
    {
        var rows = new List<(byte[], SqlValue[])>();
        var keyed = (IKeyedRowSource)plan.Access;
        plan.Access.Open(plan.Frame);
        while (plan.Access.Next())
        {
            if (plan.Filter is not null && plan.Filter.Evaluate(plan.Frame).AsBoolean != true) continue;
            rows.Add((keyed.CurrentKey!, (SqlValue[])plan.Frame.Row.Clone()));
        }
        plan.Access.Close();
        return rows;
    }

    /// <summary>EXPLAIN of an UPDATE or DELETE: the plan that finds its rows, exactly as execution builds it.</summary>
    public static void Explain(PlanningContext planning, string verb, string tableName, string? alias, Expression? where, SyntaxNode node, List<string> lines)
    {
        TargetPlan plan = PlanTargets(planning, tableName, alias, where, node);
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
