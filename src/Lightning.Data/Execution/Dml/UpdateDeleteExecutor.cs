using Lightning.Data.Catalog;
using Lightning.Data.Execution.Expressions;
using Lightning.Data.Execution.Operators;
using Lightning.Data.Planning;
using Lightning.Data.Sql.Syntax;
using Lightning.Data.Storage;
using Lightning.Kv;
using Lightning.Kv.Encoding;

namespace Lightning.Data.Execution.Dml;

/// <summary>
/// UPDATE and DELETE: find the rows with the same access-path planning as SELECT, then change them. The target plan,
/// SET expressions and RETURNING are bound when the statement is prepared; <see cref="Execute"/> runs them. Every row
/// is found (and for UPDATE … FROM every new value computed) before the first change, so a statement never reads its
/// own writes; a failing row throws and the statement's writes are discarded with it.
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
        _plan = PlanTargets(planning, update.Table, update.Alias, update.Where, update, update.From is null ? null : update);
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
        List<TargetRow> targets = _plan.Joined ? FindJoinedRows(_plan, _setValues!) : FindRows(_plan);
        RowWriter writer = _plan.Writer;
        List<SqlValue[]> returned = _returning is null ? NoRows : [];
        foreach ((byte[] key, SqlValue[] old, SqlValue[]? values) in targets)
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
            for (int i = 0; i < _setColumns.Length; i++) row[_setColumns[i]] = values is null ? _setValues![i].Evaluate(_rowFrame) : values[i];
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

    /// <summary>A row to change: its stored key and values, and for UPDATE … FROM the new values of the SET columns
    /// (computed while the FROM sources' columns were at hand; null when they are computed from the row alone).</summary>
    private readonly record struct TargetRow(byte[] Key, SqlValue[] Old, SqlValue[]? NewValues);

    /// <summary>The plan that finds an UPDATE's or DELETE's target rows: access path plus the residual WHERE. For
    /// UPDATE … FROM, <see cref="Access"/> joins the FROM sources to the target (<see cref="Keys"/> is the target's access).</summary>
    private sealed record TargetPlan(RowWriter Writer, QueryOperator Access, IKeyedRowSource Keys, BoundExpression? Filter, ExpressionBinder Binder, Frame Frame, bool Joined);

    /// <summary>Plans the WHERE like a single-table SELECT (same access paths as SELECT), or for an
    /// <paramref name="updateFrom"/> (an UPDATE with a FROM clause) like a SELECT over the target and the FROM sources.</summary>
    private static TargetPlan PlanTargets(PlanningContext planning, string tableName, string? alias, Expression? where, SyntaxNode node, UpdateStatement? updateFrom = null)
    {
        TableSchema table = planning.Catalog.FindTable(tableName)
            ?? throw new LightningSqlException(LightningErrorCode.SqlUnknownObject, $"No such table: {tableName}.", node.SourceLine, node.SourceColumn);
        var writer = new RowWriter(planning, table);
        var scope = new QueryScope(null);
        var names = Array.ConvertAll(table.Columns, c => c.Name);
        ScopeTable scopeTable = scope.Add(alias ?? table.Name, names, Array.ConvertAll(table.Columns, c => c.Affinity),
            Array.ConvertAll(table.Columns, c => c.NoCase), table, null, baseSlot => planning.Layout(table, baseSlot));
        var binder = new ExpressionBinder(scope, planning);
        if (updateFrom is not null)
        {
            QueryOperator joined = new SelectPlanner(planning).PlanUpdateFrom(updateFrom, scope, binder, out QueryOperator driver, out BoundExpression? joinFilter);
            var keys = (IKeyedRowSource)driver;
            return new TargetPlan(writer, joined, keys, joinFilter, binder, new Frame(scope.Width, null, planning.Execution), Joined: true);
        }
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
        return new TargetPlan(writer, access, (IKeyedRowSource)access, filter, binder, new Frame(scope.Width, null, planning.Execution), Joined: false);
    }

    /// <summary>Collects the matching rows with their keys before any change.</summary>
    private static List<TargetRow> FindRows(TargetPlan plan)
    {
        var rows = new List<TargetRow>();
        plan.Access.Open(plan.Frame);
        while (plan.Access.Next())
        {
            if (plan.Filter is not null && plan.Filter.Evaluate(plan.Frame).AsBoolean != true) continue;
            rows.Add(new TargetRow(plan.Keys.CurrentKey!, (SqlValue[])plan.Frame.Row.Clone(), null));
        }
        plan.Access.Close();
        return rows;
    }

    /// <summary>
    /// UPDATE … FROM: runs the join to the end before any change, computing each target row's SET values from the
    /// first joined row that matches it. A target row several FROM rows match is updated once, with the values of the
    /// first match in plan order (SQLite leaves which one unspecified); a row none matches is not updated.
    /// </summary>
    private static List<TargetRow> FindJoinedRows(TargetPlan plan, BoundExpression[] setValues)
    {
        var rows = new List<TargetRow>();
        var seen = new HashSet<byte[]>(KeyEqualityComparer.Instance);
        int width = plan.Writer.Table.Columns.Length;
        plan.Access.Open(plan.Frame);
        while (plan.Access.Next())
        {
            plan.Frame.Context.Tick();
            if (plan.Filter is not null && plan.Filter.Evaluate(plan.Frame).AsBoolean != true) continue;
            byte[] key = plan.Keys.CurrentKey!;
            if (!seen.Add(key)) continue;
            var values = new SqlValue[setValues.Length];
            for (int i = 0; i < values.Length; i++) values[i] = setValues[i].Evaluate(plan.Frame);
            rows.Add(new TargetRow(key, plan.Frame.Row[..width], values));
        }
        plan.Access.Close();
        return rows;
    }

    /// <summary>EXPLAIN of an UPDATE or DELETE: the plan that finds its rows, exactly as execution builds it.</summary>
    public static void Explain(PlanningContext planning, string verb, string tableName, string? alias, Expression? where, SyntaxNode node, List<string> lines)
    {
        // The statement is the node: an UPDATE with a FROM clause explains its join.
        TargetPlan plan = PlanTargets(planning, tableName, alias, where, node, node is UpdateStatement { From: not null } from ? from : null);
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
