using Lightning.Data.Sql.Syntax;

namespace Lightning.Data.Planning;

/// <summary>Structural questions about syntax trees the planner asks: conjunct splitting, column references, equality, aggregates.</summary>
internal static class SyntaxFacts
{
    /// <summary>Splits <c>a AND b AND c</c> into its conjuncts.</summary>
    public static void SplitConjuncts(Expression? expression, List<Expression> into)
    {
        if (expression is null) return;
        if (expression is BinaryExpression { Operator: BinaryOperator.And } and)
        {
            SplitConjuncts(and.Left, into);
            SplitConjuncts(and.Right, into);
            return;
        }
        into.Add(expression);
    }

    /// <summary>The direct children of an expression (not descending into subqueries).</summary>
    public static IEnumerable<Expression> Children(Expression expression)
    {
        switch (expression)
        {
            case UnaryExpression u: yield return u.Operand; break;
            case BinaryExpression b: yield return b.Left; yield return b.Right; break;
            case IsNullExpression n: yield return n.Operand; break;
            case InListExpression l:
                yield return l.Operand;
                foreach (Expression item in l.Items) yield return item;
                break;
            case InSubqueryExpression s: yield return s.Operand; break;
            case BetweenExpression bt: yield return bt.Operand; yield return bt.Low; yield return bt.High; break;
            case LikeExpression lk:
                yield return lk.Operand;
                yield return lk.Pattern;
                if (lk.Escape is not null) yield return lk.Escape;
                break;
            case CaseExpression c:
                if (c.Operand is not null) yield return c.Operand;
                foreach (WhenClause w in c.Whens) { yield return w.When; yield return w.Then; }
                if (c.Else is not null) yield return c.Else;
                break;
            case CastExpression cast: yield return cast.Operand; break;
            case CollateExpression collate: yield return collate.Operand; break;
            case FunctionCallExpression f:
                foreach (Expression a in f.Arguments) yield return a;
                break;
        }
    }

    /// <summary>True when the expression (outside subqueries) calls an aggregate function.</summary>
    public static bool ContainsAggregate(Expression expression)
    {
        if (expression is FunctionCallExpression f && IsAggregateCall(f)) return true;
        foreach (Expression child in Children(expression))
            if (ContainsAggregate(child)) return true;
        return false;
    }

    public static bool IsAggregateCall(FunctionCallExpression f) =>
        Execution.Operators.AggregateSpec.IsAggregate(f.Name, f.Arguments.Count, f.Star);

    /// <summary>True when the expression contains a subquery anywhere.</summary>
    public static bool ContainsSubquery(Expression expression)
    {
        if (expression is SubqueryExpression or ExistsExpression or InSubqueryExpression) return true;
        foreach (Expression child in Children(expression))
            if (ContainsSubquery(child)) return true;
        return false;
    }

    /// <summary>Every column reference outside subqueries.</summary>
    public static void CollectColumns(Expression expression, List<ColumnExpression> into)
    {
        if (expression is ColumnExpression c) into.Add(c);
        foreach (Expression child in Children(expression)) CollectColumns(child, into);
    }

    /// <summary>Structural equality, ignoring source positions (GROUP BY matching).</summary>
    public static bool SameExpression(Expression a, Expression b)
    {
        switch (a)
        {
            case ColumnExpression ca when b is ColumnExpression cb:
                return string.Equals(ca.Column, cb.Column, StringComparison.OrdinalIgnoreCase)
                    && (ca.Table is null || cb.Table is null || string.Equals(ca.Table, cb.Table, StringComparison.OrdinalIgnoreCase));
            case LiteralExpression la when b is LiteralExpression lb:
                return la.Value.Type == lb.Value.Type && la.Value.ToString() == lb.Value.ToString();
            case ParameterExpression pa when b is ParameterExpression pb:
                return string.Equals(pa.Name, pb.Name, StringComparison.OrdinalIgnoreCase) && pa.Position == pb.Position;
            case FunctionCallExpression fa when b is FunctionCallExpression fb:
                return fa.Name == fb.Name && fa.Distinct == fb.Distinct && fa.Star == fb.Star && SameList(fa.Arguments, fb.Arguments);
            case BinaryExpression ba when b is BinaryExpression bb:
                return ba.Operator == bb.Operator && SameExpression(ba.Left, bb.Left) && SameExpression(ba.Right, bb.Right);
            case UnaryExpression ua when b is UnaryExpression ub:
                return ua.Operator == ub.Operator && SameExpression(ua.Operand, ub.Operand);
            case CastExpression xa when b is CastExpression xb:
                return xa.Type == xb.Type && SameExpression(xa.Operand, xb.Operand);
            case CollateExpression ka when b is CollateExpression kb:
                return string.Equals(ka.Collation, kb.Collation, StringComparison.OrdinalIgnoreCase) && SameExpression(ka.Operand, kb.Operand);
            default:
                return ReferenceEquals(a, b);
        }
    }

    private static bool SameList(IReadOnlyList<Expression> a, IReadOnlyList<Expression> b)
    {
        if (a.Count != b.Count) return false;
        for (int i = 0; i < a.Count; i++)
            if (!SameExpression(a[i], b[i])) return false;
        return true;
    }
}
