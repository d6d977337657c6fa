using Lightning.Data.Execution.Operators;
using Lightning.Data.Storage;

namespace Lightning.Data.Execution.Expressions;

/// <summary>A planned subquery: its operator tree and the frame its rows are produced in. Correlated subqueries see the
/// enclosing row through <see cref="Frame.Outer"/>; uncorrelated ones are computed once per execution.</summary>
internal sealed class SubqueryPlan(QueryOperator root, Frame frame, bool correlated)
{
    private StatementContext? _cachedFor;
    private long _cachedExecution;
    private List<SqlValue>? _cachedFirstColumn;

    public bool Correlated => correlated;

    /// <summary>The first column of every row (for IN) or of the first rows up to <paramref name="max"/>.</summary>
    public List<SqlValue> FirstColumn(Frame outer, int max)
    {
        if (!correlated && ReferenceEquals(_cachedFor, outer.Context) && _cachedExecution == outer.Context.ExecutionId && _cachedFirstColumn is not null && (max == int.MaxValue || _cachedFirstColumn.Count <= max))
            return _cachedFirstColumn;
        frame.Outer = outer;
        var values = new List<SqlValue>();
        root.Open(frame);
        try
        {
            while (values.Count < max && root.Next()) values.Add(root.Row.Length > 0 ? root.Row[0] : SqlValue.Null);
        }
        finally
        {
            root.Close();
        }
        if (!correlated && max == int.MaxValue)
        {
            _cachedFor = outer.Context;
            _cachedExecution = outer.Context.ExecutionId;
            _cachedFirstColumn = values;
        }
        return values;
    }

    public override string ToString()
    {
        var lines = new List<string>();
        root.Explain(lines, 0);
        return "(" + string.Join("; ", lines).Replace("  ", "", StringComparison.Ordinal) + ")";
    }
}

internal sealed class ScalarSubquery(SubqueryPlan plan) : BoundExpression
{
    public override SqlValue Evaluate(Frame frame)
    {
        List<SqlValue> values = plan.FirstColumn(frame, 1);
        return values.Count == 0 ? SqlValue.Null : values[0];
    }

    public override string ToString() => "SUBQUERY" + plan;
}

internal sealed class ExistsTest(SubqueryPlan plan) : BoundExpression
{
    public override SqlType? ResultType => SqlType.Integer;
    public override SqlValue Evaluate(Frame frame) => SqlValue.FromBoolean(plan.FirstColumn(frame, 1).Count > 0);
    public override string ToString() => "EXISTS" + plan;
}

internal sealed class InSubqueryTest(BoundExpression operand, SubqueryPlan plan, bool negated) : BoundExpression
{
    public override SqlType? ResultType => SqlType.Integer;

    public override SqlValue Evaluate(Frame frame)
    {
        SqlValue value = operand.Evaluate(frame);
        List<SqlValue> values = plan.FirstColumn(frame, int.MaxValue);
        if (value.IsNull) return values.Count == 0 ? SqlValue.FromBoolean(negated) : SqlValue.Null;
        bool sawNull = false;
        foreach (SqlValue candidate in values)
        {
            if (candidate.IsNull)
            {
                sawNull = true;
                continue;
            }
            if (SqlComparer.Compare(value, candidate) == 0) return SqlValue.FromBoolean(!negated);
        }
        return sawNull ? SqlValue.Null : SqlValue.FromBoolean(negated);
    }

    public override string ToString() => $"{operand} {(negated ? "NOT " : "")}IN {plan}";
}
