using System.Text;
using Lightning.Data.Sql.Syntax;
using Lightning.Kv;

namespace Lightning.Data.Execution.Dml;

/// <summary>Prints an expression back as KV-SQL text (how DEFAULT and CHECK expressions are stored in the catalog).</summary>
internal static class Printer
{
    public static string Print(Expression expression)
    {
        var builder = new StringBuilder();
        Write(builder, expression);
        return builder.ToString();
    }

    private static void Write(StringBuilder b, Expression e)
    {
        switch (e)
        {
            case LiteralExpression l: b.Append(l.Value.ToString()); break;
            case ColumnExpression c:
                if (c.Table is not null) b.Append(Quote(c.Table)).Append('.');
                b.Append(Quote(c.Column));
                break;
            case UnaryExpression u:
                b.Append(u.Operator switch { UnaryOperator.Not => "NOT ", UnaryOperator.Negate => "-", UnaryOperator.Plus => "+", _ => "~" });
                Paren(b, u.Operand);
                break;
            case BinaryExpression bin:
                Paren(b, bin.Left);
                b.Append(' ').Append(Execution.Expressions.ArithmeticOperation.Describe(bin.Operator)).Append(' ');
                Paren(b, bin.Right);
                break;
            case IsNullExpression n: Paren(b, n.Operand); b.Append(n.Negated ? " IS NOT NULL" : " IS NULL"); break;
            case InListExpression i:
                Paren(b, i.Operand);
                b.Append(i.Negated ? " NOT IN (" : " IN (");
                for (int k = 0; k < i.Items.Count; k++)
                {
                    if (k > 0) b.Append(", ");
                    Write(b, i.Items[k]);
                }
                b.Append(')');
                break;
            case BetweenExpression bt:
                Paren(b, bt.Operand); b.Append(bt.Negated ? " NOT BETWEEN " : " BETWEEN "); Paren(b, bt.Low); b.Append(" AND "); Paren(b, bt.High);
                break;
            case LikeExpression lk:
                Paren(b, lk.Operand); b.Append(lk.Negated ? " NOT LIKE " : " LIKE "); Paren(b, lk.Pattern);
                if (lk.Escape is not null) { b.Append(" ESCAPE "); Paren(b, lk.Escape); }
                break;
            case CaseExpression c:
                b.Append("CASE");
                if (c.Operand is not null) { b.Append(' '); Write(b, c.Operand); }
                foreach (WhenClause w in c.Whens) { b.Append(" WHEN "); Write(b, w.When); b.Append(" THEN "); Write(b, w.Then); }
                if (c.Else is not null) { b.Append(" ELSE "); Write(b, c.Else); }
                b.Append(" END");
                break;
            case CastExpression cast: b.Append("CAST("); Write(b, cast.Operand); b.Append(" AS ").Append(cast.Type).Append(')'); break;
            case CollateExpression col: Paren(b, col.Operand); b.Append(" COLLATE ").Append(col.Collation); break;
            case FunctionCallExpression f:
                b.Append(f.Name).Append('(');
                if (f.Star) b.Append('*');
                if (f.Distinct) b.Append("DISTINCT ");
                for (int k = 0; k < f.Arguments.Count; k++)
                {
                    if (k > 0) b.Append(", ");
                    Write(b, f.Arguments[k]);
                }
                b.Append(')');
                break;
            default:
                throw new LightningSqlException(LightningErrorCode.SqlInvalidOperation, "Parameters and subqueries are not allowed in DEFAULT or CHECK expressions.", e.SourceLine, e.SourceColumn);
        }
    }

    private static void Paren(StringBuilder b, Expression e)
    {
        bool simple = e is LiteralExpression or ColumnExpression or FunctionCallExpression or CastExpression;
        if (!simple) b.Append('(');
        Write(b, e);
        if (!simple) b.Append(')');
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
