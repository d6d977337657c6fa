using Lightning.Data.Catalog;
using Lightning.Data.Execution;
using Lightning.Data.Execution.Expressions;
using Lightning.Data.Execution.Operators;
using Lightning.Data.Sql.Syntax;
using Lightning.Data.Storage;
using Lightning.Kv;

namespace Lightning.Data.Planning;

/// <summary>
/// Plans a SELECT: FROM tables and joins (each with its access path), WHERE filter, aggregation and HAVING, projection,
/// DISTINCT, ORDER BY (skipped when key order delivers it) and LIMIT/OFFSET, and compound selects.
/// </summary>
internal sealed partial class SelectPlanner(PlanningContext planning)
{
    public PlannedQuery Plan(SelectStatement select, QueryScope? parent)
    {
        if (select.Compound.Count > 0) return PlanCompound(select, parent);
        return PlanCore(select, parent, applyOrderAndLimit: true);
    }

    private PlannedQuery PlanCore(SelectStatement select, QueryScope? parent, bool applyOrderAndLimit)
    {
        var scope = new QueryScope(parent);
        var binder = new ExpressionBinder(scope, planning) { Aliases = AliasMap(select) };
        var sources = new List<(TableReference Reference, ScopeTable Table, QueryOperator? Derived)>();
        if (select.From is not null)
        {
            sources.Add(AddSource(select.From, scope, parent));
            foreach (JoinClause join in select.Joins) sources.Add(AddSource(join.Table, scope, parent));
        }
        bool aggregate = select.GroupBy.Count > 0 || select.Having is not null || HasAggregates(select);
        List<WindowFunctionExpression> windows = WindowPlanning.Collect(select, aggregate);
        int windowBase = scope.ReserveSlots(windows.Count);
        var frame = new Frame(scope.Width, null, planning.Execution);

        var where = new List<Expression>();
        SyntaxFacts.SplitConjuncts(select.Where, where);
        OrderColumn[]? order = aggregate || select.Distinct || !applyOrderAndLimit ? null : DrivingOrder(select, scope, sources);
        var consumed = new List<Expression>();
        bool orderSatisfied = false;

        QueryOperator source;
        if (sources.Count == 0) source = new SingleRow();
        else
        {
            source = Access(sources[0], binder, scope, where, available: 1, order, select.Limit is not null, out orderSatisfied, consumed);
            for (int j = 0; j < select.Joins.Count; j++)
            {
                JoinClause join = select.Joins[j];
                var conditions = new List<Expression>();
                SyntaxFacts.SplitConjuncts(join.On, conditions);
                var usable = new List<Expression>(conditions);
                if (join.Kind != JoinKind.Left) usable.AddRange(where);
                var joinConsumed = new List<Expression>();
                QueryOperator inner = Access(sources[j + 1], binder, scope, usable, available: j + 2, null, false, out _, joinConsumed);
                ScopeTable innerTable = sources[j + 1].Table;
                BoundExpression? on = join.On is null ? null : binder.Bind(join.On);
                source = new NestedLoopJoin(source, inner, on, join.Kind == JoinKind.Left,
                    row => Array.Clear(row, innerTable.BaseSlot, innerTable.ColumnNames.Length));
            }
        }
        var residual = new List<Expression>();
        foreach (Expression conjunct in where)
            if (!consumed.Contains(conjunct)) residual.Add(conjunct);
        if (residual.Count > 0) source = new Filter(source, binder.Bind(Combine(residual)));
        if (windows.Count > 0)
        {
            // Bound only now: WHERE and ON run before the window is computed, so they cannot read it (SQLite's rule).
            binder.WindowSlots = WindowPlanning.Slots(windows, windowBase);
            source = new Window(source, WindowPlanning.Specs(windows, windowBase, binder), new Frame(0, null, planning.Execution) { SharesOuterWith = frame }, scope.Width);
        }

        Frame evaluationFrame = frame;
        AggregationState? aggregation = null;
        if (aggregate)
        {
            aggregation = new AggregationState();
            foreach (Expression group in select.GroupBy)
            {
                if (SyntaxFacts.ContainsAggregate(group)) throw ExpressionBinder.Error(LightningErrorCode.SqlInvalidOperation, "Aggregate functions are not allowed in GROUP BY.", group);
                aggregation.GroupSyntax.Add(ResolveGroupAlias(group, select));
                aggregation.Groups.Add(binder.Bind(aggregation.GroupSyntax[^1]));
            }
            evaluationFrame = new Frame(0, null, planning.Execution) { SharesOuterWith = frame };
        }

        (BoundExpression[] items, ResultColumn[] columns) = Projection(select, scope, binder, aggregation, sources);
        var projected = new List<BoundExpression>(items);
        SortKey[]? sortKeys = null;
        if (applyOrderAndLimit && select.OrderBy.Count > 0 && !orderSatisfied)
            sortKeys = SortKeys(select.OrderBy, select, columns, projected, binder, aggregation);
        BoundExpression? having = null;
        if (select.Having is not null) having = binder.BindAggregated(select.Having, aggregation!);

        if (aggregation is not null)
        {
            source = new Aggregate(source, [.. aggregation.Groups], [.. aggregation.Specs], frame);
            if (having is not null) source = new Filter(source, having, evaluationFrame);
        }
        QueryOperator root = new Project(source, [.. projected], evaluationFrame);
        if (select.Distinct) root = new Distinct(root, columns.Length);
        if (sortKeys is not null) root = new Sort(root, sortKeys);
        if (applyOrderAndLimit && (select.Limit is not null || select.Offset is not null))
            root = new Limit(root, select.Limit is null ? null : binder.Bind(select.Limit), select.Offset is null ? null : binder.Bind(select.Offset));
        return new PlannedQuery(root, frame, scope, columns);
    }

    private static Dictionary<string, Expression>? AliasMap(SelectStatement select)
    {
        Dictionary<string, Expression>? aliases = null;
        foreach (SelectItem item in select.Items)
            if (item.Alias is not null && item.Expression is not StarExpression)
                (aliases ??= new(StringComparer.OrdinalIgnoreCase)).TryAdd(item.Alias, item.Expression);
        return aliases;
    }

    private static Expression Combine(List<Expression> conjuncts)
    {
        Expression result = conjuncts[0];
        for (int i = 1; i < conjuncts.Count; i++) result = new BinaryExpression(BinaryOperator.And, result, conjuncts[i]);
        return result;
    }

    private static bool HasAggregates(SelectStatement select)
    {
        foreach (SelectItem item in select.Items)
            if (item.Expression is not StarExpression && SyntaxFacts.ContainsAggregate(item.Expression)) return true;
        foreach (OrderingTerm term in select.OrderBy)
            if (SyntaxFacts.ContainsAggregate(term.Expression)) return true;
        return false;
    }

    /// <summary>GROUP BY may name a select alias or ordinal, like SQLite.</summary>
    private static Expression ResolveGroupAlias(Expression group, SelectStatement select)
    {
        if (group is LiteralExpression { Value.Type: SqlType.Integer } literal)
        {
            long ordinal = literal.Value.Integer;
            if (ordinal < 1 || ordinal > select.Items.Count || select.Items[(int)ordinal - 1].Expression is StarExpression)
                throw ExpressionBinder.Error(LightningErrorCode.SqlInvalidOperation, $"GROUP BY term {ordinal} is out of range.", group);
            return select.Items[(int)ordinal - 1].Expression;
        }
        if (group is ColumnExpression { Table: null } column)
            foreach (SelectItem item in select.Items)
                if (item.Alias is not null && string.Equals(item.Alias, column.Column, StringComparison.OrdinalIgnoreCase) && item.Expression is not ColumnExpression)
                    return item.Expression;
        return group;
    }

    private (TableReference, ScopeTable, QueryOperator?) AddSource(TableReference reference, QueryScope scope, QueryScope? parent)
    {
        switch (reference)
        {
            case NamedTable named:
            {
                TableSchema table = planning.Catalog.FindTable(named.Name)
                    ?? throw ExpressionBinder.Error(LightningErrorCode.SqlUnknownObject, $"No such table: {named.Name}.", named);
                string alias = named.Alias ?? table.Name;
                if (scope.HasTable(alias)) throw ExpressionBinder.Error(LightningErrorCode.SqlInvalidOperation, $"The table name or alias '{alias}' is used twice in FROM; give one an alias.", named);
                var names = new string[table.Columns.Length];
                var affinities = new SqlAffinity[names.Length];
                var noCase = new bool[names.Length];
                var columns = new ResultColumn?[names.Length];
                for (int i = 0; i < names.Length; i++)
                {
                    ColumnSchema c = table.Columns[i];
                    names[i] = c.Name;
                    affinities[i] = c.Affinity;
                    noCase[i] = c.NoCase;
                    columns[i] = ColumnMetadata(table, i, c.Name);
                }
                ScopeTable scopeTable = scope.Add(alias, names, affinities, noCase, table, columns, baseSlot => planning.Layout(table, baseSlot));
                return (reference, scopeTable, null);
            }
            case DerivedTable derived:
            {
                PlannedQuery inner = new SelectPlanner(planning).Plan(derived.Query, parent);
                var names = new string[inner.Columns.Length];
                var affinities = new SqlAffinity[names.Length];
                for (int i = 0; i < names.Length; i++)
                {
                    names[i] = inner.Columns[i].Name;
                    affinities[i] = inner.Columns[i].StorageType switch
                    {
                        SqlType.Integer => SqlAffinity.Integer,
                        SqlType.Real => SqlAffinity.Real,
                        SqlType.Text => SqlAffinity.Text,
                        SqlType.Blob => SqlAffinity.Blob,
                        _ => SqlAffinity.Any,
                    };
                }
                ScopeTable scopeTable = scope.Add(derived.Alias, names, affinities, new bool[names.Length], null, inner.Columns);
                var materialized = new Materialized(inner.Root, inner.Frame, scopeTable.BaseSlot, names.Length, derived.Alias);
                return (reference, scopeTable, materialized);
            }
            default:
                throw new LightningSqlException(LightningErrorCode.SqlSyntax, "Unsupported FROM item.");
        }
    }

    internal static ResultColumn ColumnMetadata(TableSchema table, int ordinal, string name)
    {
        ColumnSchema column = table.Columns[ordinal];
        bool isKey = Array.Exists(table.KeyColumns, k => string.Equals(k, column.Name, StringComparison.OrdinalIgnoreCase));
        bool unique = (isKey && table.KeyColumns.Length == 1)
            || Array.Exists(table.Indexes, i => i.Unique && i.Columns.Length == 1 && string.Equals(i.Columns[0], column.Name, StringComparison.OrdinalIgnoreCase));
        return new ResultColumn(name)
        {
            DeclaredType = column.DeclaredType,
            StorageType = column.Affinity switch
            {
                SqlAffinity.Integer => SqlType.Integer,
                SqlAffinity.Real => SqlType.Real,
                SqlAffinity.Text => SqlType.Text,
                SqlAffinity.Blob => SqlType.Blob,
                _ => null,
            },
            BaseTable = table.Name,
            BaseColumn = column.Name,
            IsKey = isKey,
            IsUnique = unique,
            AllowsNull = !column.NotNull && !isKey,
            IsAutoIncrement = isKey && table.KeyColumns.Length == 1 && column.Affinity == SqlAffinity.Integer,
        };
    }
}
