using Lightning.Data.Sql.Syntax;
using Lightning.Data.Storage;
using Lightning.Kv;

namespace Lightning.Data.Execution.Expressions;

/// <summary>Unary minus, plus, NOT and ~ with SQL NULL semantics.</summary>
internal sealed class UnaryOperation(UnaryOperator op, BoundExpression operand) : BoundExpression
{
    public override bool IsRowIndependent => operand.IsRowIndependent;

    public override SqlValue Evaluate(Frame frame)
    {
        SqlValue value = operand.Evaluate(frame);
        if (value.IsNull) return value;
        switch (op)
        {
            case UnaryOperator.Not:
                return SqlValue.FromBoolean(value.AsBoolean == false);
            case UnaryOperator.Plus:
                return value;
            case UnaryOperator.BitwiseNot:
                return SqlValue.FromInteger(~Arithmetic.ToInteger(value));
            default:
                SqlValue n = SqlConvert.ToNumeric(value);
                if (n.Type == SqlType.Real) return SqlValue.FromReal(-n.Real);
                if (n.Integer == long.MinValue) return SqlValue.FromReal(-(double)n.Integer);
                return SqlValue.FromInteger(-n.Integer);
        }
    }

    public override string ToString() => op switch
    {
        UnaryOperator.Not => $"NOT {operand}",
        UnaryOperator.BitwiseNot => $"~{operand}",
        UnaryOperator.Plus => $"+{operand}",
        _ => $"-{operand}",
    };
}

/// <summary>Arithmetic, concatenation and bitwise operators.</summary>
internal sealed class ArithmeticOperation(BinaryOperator op, BoundExpression left, BoundExpression right) : BoundExpression
{
    public override bool IsRowIndependent => left.IsRowIndependent && right.IsRowIndependent;

    public override SqlType? ResultType => op == BinaryOperator.Concat ? SqlType.Text : null;

    public override SqlValue Evaluate(Frame frame)
    {
        SqlValue a = left.Evaluate(frame);
        SqlValue b = right.Evaluate(frame);
        if (a.IsNull || b.IsNull) return SqlValue.Null;
        return op switch
        {
            BinaryOperator.Concat => SqlValue.FromText(string.Concat(SqlConvert.ToText(a), SqlConvert.ToText(b))),
            BinaryOperator.BitwiseAnd => SqlValue.FromInteger(Arithmetic.ToInteger(a) & Arithmetic.ToInteger(b)),
            BinaryOperator.BitwiseOr => SqlValue.FromInteger(Arithmetic.ToInteger(a) | Arithmetic.ToInteger(b)),
            BinaryOperator.ShiftLeft => Arithmetic.Shift(Arithmetic.ToInteger(a), Arithmetic.ToInteger(b)),
            BinaryOperator.ShiftRight => Arithmetic.Shift(Arithmetic.ToInteger(a), -Arithmetic.ToInteger(b)),
            _ => Arithmetic.Apply(op, SqlConvert.ToNumeric(a), SqlConvert.ToNumeric(b)),
        };
    }

    public override string ToString() => $"({left} {Describe(op)} {right})";

    internal static string Describe(BinaryOperator op) => op switch
    {
        BinaryOperator.Add => "+", BinaryOperator.Subtract => "-", BinaryOperator.Multiply => "*", BinaryOperator.Divide => "/",
        BinaryOperator.Modulo => "%", BinaryOperator.Concat => "||", BinaryOperator.Equal => "=", BinaryOperator.NotEqual => "<>",
        BinaryOperator.Less => "<", BinaryOperator.LessOrEqual => "<=", BinaryOperator.Greater => ">", BinaryOperator.GreaterOrEqual => ">=",
        BinaryOperator.Is => "IS", BinaryOperator.IsNot => "IS NOT", BinaryOperator.And => "AND", BinaryOperator.Or => "OR",
        BinaryOperator.BitwiseAnd => "&", BinaryOperator.BitwiseOr => "|", BinaryOperator.ShiftLeft => "<<", _ => ">>",
    };
}

/// <summary>Numeric arithmetic with SQLite's rules: integer results when both sides are integers (overflow widens to REAL), division by zero is NULL.</summary>
internal static class Arithmetic
{
    public static long ToInteger(in SqlValue value)
    {
        SqlValue n = SqlConvert.ToNumeric(value);
        return n.Type == SqlType.Integer ? n.Integer : n.Type == SqlType.Real ? (long)n.Real : 0;
    }

    public static SqlValue Shift(long value, long by)
    {
        if (by >= 64 || by <= -64) return SqlValue.FromInteger(by > 0 || value >= 0 ? 0 : -1);
        return SqlValue.FromInteger(by >= 0 ? value << (int)by : value >> (int)-by);
    }

    public static SqlValue Apply(BinaryOperator op, in SqlValue a, in SqlValue b)
    {
        if (a.Type == SqlType.Integer && b.Type == SqlType.Integer)
        {
            long x = a.Integer, y = b.Integer;
            switch (op)
            {
                case BinaryOperator.Add:
                    long sum = unchecked(x + y);
                    return ((x ^ sum) & (y ^ sum)) < 0 ? SqlValue.FromReal((double)x + y) : SqlValue.FromInteger(sum);
                case BinaryOperator.Subtract:
                    long difference = unchecked(x - y);
                    return ((x ^ y) & (x ^ difference)) < 0 ? SqlValue.FromReal((double)x - y) : SqlValue.FromInteger(difference);
                case BinaryOperator.Multiply:
                    long product;
                    try { product = checked(x * y); }
                    catch (OverflowException) { return SqlValue.FromReal((double)x * y); }
                    return SqlValue.FromInteger(product);
                case BinaryOperator.Divide:
                    if (y == 0) return SqlValue.Null;
                    if (x == long.MinValue && y == -1) return SqlValue.FromReal(-(double)long.MinValue);
                    return SqlValue.FromInteger(x / y);
                case BinaryOperator.Modulo:
                    if (y == 0) return SqlValue.Null;
                    return SqlValue.FromInteger(y == -1 ? 0 : x % y);
            }
        }
        double p = a.AsDouble, q = b.AsDouble;
        switch (op)
        {
            case BinaryOperator.Add: return SqlValue.FromReal(p + q);
            case BinaryOperator.Subtract: return SqlValue.FromReal(p - q);
            case BinaryOperator.Multiply: return SqlValue.FromReal(p * q);
            case BinaryOperator.Divide: return q == 0 ? SqlValue.Null : SqlValue.FromReal(p / q);
            case BinaryOperator.Modulo:
                long mq = (long)q;
                return mq == 0 ? SqlValue.Null : SqlValue.FromReal((long)p % mq);
            default:
                throw new LightningSqlException(LightningErrorCode.SqlInvalidOperation, $"Operator {op} is not arithmetic.");
        }
    }
}

/// <summary>Comparisons (with NULL → NULL), the null-safe IS / IS NOT, and AND / OR with three-valued logic.</summary>
internal sealed class ComparisonOperation(BinaryOperator op, BoundExpression left, BoundExpression right, bool noCase) : BoundExpression
{
    public BinaryOperator Operator => op;
    public BoundExpression Left => left;
    public BoundExpression Right => right;
    public override bool IsRowIndependent => left.IsRowIndependent && right.IsRowIndependent;
    public override SqlType? ResultType => SqlType.Integer;

    public override SqlValue Evaluate(Frame frame)
    {
        SqlValue a = left.Evaluate(frame);
        SqlValue b = right.Evaluate(frame);
        switch (op)
        {
            case BinaryOperator.Is:
                return SqlValue.FromBoolean(a.IsNull ? b.IsNull : !b.IsNull && SqlComparer.Compare(a, b, noCase) == 0);
            case BinaryOperator.IsNot:
                return SqlValue.FromBoolean(!(a.IsNull ? b.IsNull : !b.IsNull && SqlComparer.Compare(a, b, noCase) == 0));
        }
        if (a.IsNull || b.IsNull) return SqlValue.Null;
        int c = SqlComparer.Compare(a, b, noCase);
        return SqlValue.FromBoolean(op switch
        {
            BinaryOperator.Equal => c == 0,
            BinaryOperator.NotEqual => c != 0,
            BinaryOperator.Less => c < 0,
            BinaryOperator.LessOrEqual => c <= 0,
            BinaryOperator.Greater => c > 0,
            _ => c >= 0,
        });
    }

    public override string ToString() => $"{left} {ArithmeticOperation.Describe(op)} {right}";
}

internal sealed class LogicalOperation(bool isAnd, BoundExpression left, BoundExpression right) : BoundExpression
{
    public override bool IsRowIndependent => left.IsRowIndependent && right.IsRowIndependent;
    public override SqlType? ResultType => SqlType.Integer;

    public override SqlValue Evaluate(Frame frame)
    {
        bool? a = left.Evaluate(frame).AsBoolean;
        if (isAnd && a == false) return SqlValue.False;
        if (!isAnd && a == true) return SqlValue.True;
        bool? b = right.Evaluate(frame).AsBoolean;
        if (isAnd) return b == false ? SqlValue.False : a == true && b == true ? SqlValue.True : SqlValue.Null;
        return b == true ? SqlValue.True : a == false && b == false ? SqlValue.False : SqlValue.Null;
    }

    public override string ToString() => $"({left} {(isAnd ? "AND" : "OR")} {right})";
}
