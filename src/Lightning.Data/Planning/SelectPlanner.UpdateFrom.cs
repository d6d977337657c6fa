using Lightning.Data.Execution.Expressions;
using Lightning.Data.Execution.Operators;
using Lightning.Data.Sql.Syntax;

namespace Lightning.Data.Planning;

internal sealed partial class SelectPlanner
{
    /// <summary>
    /// Plans the rows an <c>UPDATE … FROM</c> visits, with the same sources, access paths and joins as a SELECT: the
    /// target table (already in <paramref name="scope"/> as its first table) drives, reading the rows the WHERE
    /// conjuncts on it alone select; each FROM source is then joined in a nested loop, looked up by key or index where
    /// the WHERE (or its ON) equates it to columns already read. Returns the row source; <paramref name="filter"/> is
    /// the WHERE left to check on each joined row (null when the target's access path applies all of it);
    /// <paramref name="targetAccess"/> is the target's access operator, whose current key is the row to change.
    /// </summary>
    internal QueryOperator PlanUpdateFrom(UpdateStatement update, QueryScope scope, ExpressionBinder binder, out QueryOperator targetAccess, out BoundExpression? filter)
    {
        ScopeTable target = scope.Tables[0];
        var sources = new List<(TableReference Reference, ScopeTable Table, QueryOperator? Derived)>
        {
            (new NamedTable(target.Schema!.Name, target.Alias), target, null),
            AddSource(update.From!, scope, null),
        };
        foreach (JoinClause join in update.Joins) sources.Add(AddSource(join.Table, scope, null));

        var where = new List<Expression>();
        SyntaxFacts.SplitConjuncts(update.Where, where);
        var consumed = new List<Expression>();
        QueryOperator source = Access(sources[0], binder, scope, where, available: 1, null, false, out _, consumed);
        targetAccess = source;
        for (int s = 1; s < sources.Count; s++)
        {
            // The first FROM source is a cross join whose condition is the WHERE; later ones are the FROM clause's own joins.
            JoinClause? join = s == 1 ? null : update.Joins[s - 2];
            var usable = new List<Expression>();
            SyntaxFacts.SplitConjuncts(join?.On, usable);
            if (join?.Kind != JoinKind.Left) usable.AddRange(where);
            QueryOperator inner = Access(sources[s], binder, scope, usable, available: s + 1, null, false, out _, []);
            ScopeTable innerTable = sources[s].Table;
            BoundExpression? on = join?.On is null ? null : binder.Bind(join.On);
            source = new NestedLoopJoin(source, inner, on, join?.Kind == JoinKind.Left,
                row => Array.Clear(row, innerTable.BaseSlot, innerTable.ColumnNames.Length));
        }
        var residual = new List<Expression>();
        foreach (Expression conjunct in where)
            if (!consumed.Contains(conjunct)) residual.Add(conjunct);
        filter = residual.Count > 0 ? binder.Bind(Combine(residual)) : null;
        return source;
    }
}
