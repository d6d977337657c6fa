using Lightning.Data.Execution;
using Lightning.Data.Execution.Expressions;
using Lightning.Data.Execution.Operators;
using Lightning.Data.Sql.Syntax;
using Lightning.Data.Storage;
using Lightning.Kv;

namespace Lightning.Data.Planning;

internal sealed partial class SelectPlanner
{
    private QueryOperator Access((TableReference Reference, ScopeTable Table, QueryOperator? Derived) source, ExpressionBinder binder, QueryScope scope,
        List<Expression> conjuncts, int available, OrderColumn[]? order, bool preferOrder, out bool orderSatisfied, List<Expression> consumed)
    {
        orderSatisfied = false;
        if (source.Derived is not null) return source.Derived;
        int current = available - 1;
        bool IsAvailable(Expression expression)
        {
            if (SyntaxFacts.ContainsSubquery(expression) || SyntaxFacts.ContainsAggregate(expression)) return false;
            var columns = new List<ColumnExpression>();
            SyntaxFacts.CollectColumns(expression, columns);
            foreach (ColumnExpression column in columns)
            {
                (ScopeTable Table, int Column)? found = scope.Resolve(column.Table, column.Column, column.SourceLine, column.SourceColumn);
                if (found is null) continue; // an enclosing level's column (or an error the binder reports): constant here
                if (scope.Tables.IndexOf(found.Value.Table) >= current) return false;
            }
            return true;
        }
        var planner = new AccessPathPlanner(binder, source.Table, IsAvailable);
        return planner.Choose(conjuncts, order, preferOrder, out orderSatisfied, consumed);
    }

    /// <summary>The ORDER BY as columns of the driving (first) table, when every term is one; otherwise null.</summary>
    private static OrderColumn[]? DrivingOrder(SelectStatement select, QueryScope scope, List<(TableReference Reference, ScopeTable Table, QueryOperator? Derived)> sources)
    {
        if (select.OrderBy.Count == 0 || sources.Count == 0 || sources[0].Derived is not null) return null;
        var order = new OrderColumn[select.OrderBy.Count];
        for (int i = 0; i < order.Length; i++)
        {
            OrderingTerm term = select.OrderBy[i];
            Expression expression = term.Expression;
            if (expression is ColumnExpression { Table: null } aliasCandidate)
                foreach (SelectItem item in select.Items)
                    if (item.Alias is not null && string.Equals(item.Alias, aliasCandidate.Column, StringComparison.OrdinalIgnoreCase))
                        expression = item.Expression;
            if (expression is not ColumnExpression column) return null;
            (ScopeTable Table, int Column)? found = scope.Resolve(column.Table, column.Column, column.SourceLine, column.SourceColumn);
            if (found is not { } f || !ReferenceEquals(f.Table, sources[0].Table) || f.Table.NoCase[f.Column]) return null;
            order[i] = new OrderColumn(f.Column, term.Descending, term.Nulls);
        }
        return order;
    }

    private static (BoundExpression[] Items, ResultColumn[] Columns) Projection(SelectStatement select, QueryScope scope, ExpressionBinder binder,
        AggregationState? aggregation, List<(TableReference Reference, ScopeTable Table, QueryOperator? Derived)> sources)
    {
        var items = new List<BoundExpression>();
        var columns = new List<ResultColumn>();
        foreach (SelectItem item in select.Items)
        {
            if (item.Expression is StarExpression star)
            {
                if (scope.Tables.Count == 0) throw ExpressionBinder.Error(LightningErrorCode.SqlInvalidOperation, "SELECT * needs a FROM clause.", star);
                bool any = false;
                foreach (ScopeTable table in scope.Tables)
                {
                    if (star.Table is not null && !string.Equals(star.Table, table.Alias, StringComparison.OrdinalIgnoreCase)) continue;
                    any = true;
                    for (int c = 0; c < table.ColumnNames.Length; c++)
                    {
                        var column = new ColumnExpression(table.Alias, table.ColumnNames[c]) { SourceLine = star.SourceLine, SourceColumn = star.SourceColumn };
                        items.Add(aggregation is null ? binder.Bind(column) : binder.BindAggregated(column, aggregation));
                        columns.Add(table.Columns?[c] ?? new ResultColumn(table.ColumnNames[c]));
                    }
                }
                if (!any) throw ExpressionBinder.Error(LightningErrorCode.SqlUnknownObject, $"No such table: {star.Table}.", star);
                continue;
            }
            BoundExpression bound = aggregation is null ? binder.Bind(item.Expression) : binder.BindAggregated(item.Expression, aggregation);
            items.Add(bound);
            columns.Add(Describe(item, bound, scope));
        }
        _ = sources;
        return ([.. items], [.. columns]);
    }

    private static ResultColumn Describe(SelectItem item, BoundExpression bound, QueryScope scope)
    {
        if (item.Expression is ColumnExpression column
            && scope.Resolve(column.Table, column.Column, column.SourceLine, column.SourceColumn) is { } found
            && found.Table.Columns?[found.Column] is { } metadata)
        {
            return metadata with { Name = item.Alias ?? column.Column, IsAliased = item.Alias is not null && !string.Equals(item.Alias, column.Column, StringComparison.Ordinal) };
        }
        return new ResultColumn(item.Alias ?? NameOf(item.Expression, bound))
        {
            StorageType = bound.ResultType,
            IsExpression = true,
            IsAliased = item.Alias is not null,
        };
    }

    private static string NameOf(Expression expression, BoundExpression bound) => expression switch
    {
        ColumnExpression c => c.Column,
        ParameterExpression p => p.Name is null ? "?" : "@" + p.Name,
        _ => bound.ToString(),
    };

    private static SortKey[] SortKeys(IReadOnlyList<OrderingTerm> terms, SelectStatement select, ResultColumn[] columns, List<BoundExpression> projected,
        ExpressionBinder binder, AggregationState? aggregation)
    {
        var keys = new SortKey[terms.Count];
        for (int i = 0; i < keys.Length; i++)
        {
            OrderingTerm term = terms[i];
            int index = OutputIndex(term.Expression, select.Items, columns);
            if (index < 0)
            {
                projected.Add(aggregation is null ? binder.Bind(term.Expression) : binder.BindAggregated(term.Expression, aggregation));
                index = projected.Count - 1;
            }
            bool noCase = binder.ColumnTraits(term.Expression).NoCase;
            keys[i] = new SortKey(index, term.Descending, term.Nulls == NullsOrder.First || (term.Nulls == NullsOrder.Default && !term.Descending), noCase);
        }
        return keys;
    }

    /// <summary>An ORDER BY term that is an output ordinal, a select alias or a select item itself → that output column; else -1.</summary>
    private static int OutputIndex(Expression expression, IReadOnlyList<SelectItem> items, ResultColumn[] columns)
    {
        if (expression is LiteralExpression { Value.Type: SqlType.Integer } literal)
        {
            long ordinal = literal.Value.Integer;
            if (ordinal < 1 || ordinal > columns.Length)
                throw ExpressionBinder.Error(LightningErrorCode.SqlInvalidOperation, $"ORDER BY term {ordinal} is out of range: the result has {columns.Length} column(s).", expression);
            return (int)ordinal - 1;
        }
        bool hasStar = false;
        foreach (SelectItem item in items) hasStar |= item.Expression is StarExpression;
        if (expression is ColumnExpression { Table: null } name)
            for (int i = 0; i < items.Count && !hasStar; i++)
                if (items[i].Alias is not null && string.Equals(items[i].Alias, name.Column, StringComparison.OrdinalIgnoreCase)) return i;
        if (!hasStar)
            for (int i = 0; i < items.Count; i++)
                if (SyntaxFacts.SameExpression(items[i].Expression, expression)) return i;
        return -1;
    }

    private PlannedQuery PlanCompound(SelectStatement select, QueryScope? parent)
    {
        SelectStatement head = select with { Compound = [], OrderBy = [], Limit = null, Offset = null };
        PlannedQuery first = PlanCore(head, parent, applyOrderAndLimit: false);
        var rest = new (CompoundOperator, QueryOperator)[select.Compound.Count];
        var frames = new Frame[rest.Length + 1];
        frames[0] = first.Frame;
        for (int i = 0; i < rest.Length; i++)
        {
            PlannedQuery part = PlanCore(select.Compound[i].Select, parent, applyOrderAndLimit: false);
            if (part.Columns.Length != first.Columns.Length)
                throw ExpressionBinder.Error(LightningErrorCode.SqlInvalidOperation, $"SELECTs to the left and right of {select.Compound[i].Operator} do not have the same number of result columns.", select.Compound[i].Select);
            rest[i] = (select.Compound[i].Operator, part.Root);
            frames[i + 1] = part.Frame;
        }
        var scope = new QueryScope(parent);
        var binder = new ExpressionBinder(scope, planning);
        var frame = new Frame(0, null, planning.Execution);
        QueryOperator root = new Compound(first.Root, rest, first.Columns.Length, frames);
        if (select.OrderBy.Count > 0)
        {
            var keys = new SortKey[select.OrderBy.Count];
            for (int i = 0; i < keys.Length; i++)
            {
                OrderingTerm term = select.OrderBy[i];
                int index = OutputIndex(term.Expression, head.Items, first.Columns);
                if (index < 0 && term.Expression is ColumnExpression c)
                    index = Array.FindIndex(first.Columns, r => string.Equals(r.Name, c.Column, StringComparison.OrdinalIgnoreCase));
                if (index < 0) throw ExpressionBinder.Error(LightningErrorCode.SqlInvalidOperation, "ORDER BY of a compound SELECT must name a result column.", term.Expression);
                keys[i] = new SortKey(index, term.Descending, term.Nulls == NullsOrder.First || (term.Nulls == NullsOrder.Default && !term.Descending), false);
            }
            root = new Sort(root, keys);
        }
        if (select.Limit is not null || select.Offset is not null)
            root = new Limit(root, select.Limit is null ? null : binder.Bind(select.Limit), select.Offset is null ? null : binder.Bind(select.Offset));
        return new PlannedQuery(root, frame, scope, first.Columns);
    }
}
