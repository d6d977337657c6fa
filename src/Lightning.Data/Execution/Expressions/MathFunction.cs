using Lightning.Data.Storage;
using Lightning.Kv;

namespace Lightning.Data.Execution.Expressions;

/// <summary>The SQLite-compatible math functions KV-SQL evaluates (one case per function, resolved at bind time).</summary>
internal enum MathFunctionKind
{
    Floor, Ceiling, Trunc, Sign, Power, Sqrt, Exp, Ln, Log10, Log2, LogBase,
    Sin, Cos, Tan, Asin, Acos, Atan, Atan2, Pi, Mod, Degrees, Radians,
}

/// <summary>
/// SQLite's math functions: <c>FLOOR CEIL CEILING TRUNC SIGN POWER POW SQRT EXP LN LOG LOG10 LOG2 SIN COS TAN ASIN ACOS ATAN
/// ATAN2 PI MOD DEGREES RADIANS</c>. NULL in gives NULL out; a result outside the function's domain (SQRT(-1), LN(0)) is
/// NULL as in SQLite; an argument that is not a number (BLOB, or TEXT without a numeric form) fails with the call's position.
/// FLOOR/CEIL/TRUNC keep an INTEGER argument INTEGER; SIGN returns an INTEGER; the rest return REAL.
/// </summary>
internal sealed class MathFunction(MathFunctionKind kind, string name, BoundExpression[] arguments, int line, int column) : BoundExpression
{
    /// <summary>Resolves a function name and argument count to a math function; false when the name is not one.</summary>
    public static bool TryResolve(string name, int count, out MathFunctionKind kind, out bool countMatches)
    {
        (kind, int min, int max) = name switch
        {
            "FLOOR" => (MathFunctionKind.Floor, 1, 1),
            "CEIL" or "CEILING" => (MathFunctionKind.Ceiling, 1, 1),
            "TRUNC" => (MathFunctionKind.Trunc, 1, 1),
            "SIGN" => (MathFunctionKind.Sign, 1, 1),
            "POWER" or "POW" => (MathFunctionKind.Power, 2, 2),
            "SQRT" => (MathFunctionKind.Sqrt, 1, 1),
            "EXP" => (MathFunctionKind.Exp, 1, 1),
            "LN" => (MathFunctionKind.Ln, 1, 1),
            "LOG" => (count == 2 ? MathFunctionKind.LogBase : MathFunctionKind.Log10, 1, 2),
            "LOG10" => (MathFunctionKind.Log10, 1, 1),
            "LOG2" => (MathFunctionKind.Log2, 1, 1),
            "SIN" => (MathFunctionKind.Sin, 1, 1),
            "COS" => (MathFunctionKind.Cos, 1, 1),
            "TAN" => (MathFunctionKind.Tan, 1, 1),
            "ASIN" => (MathFunctionKind.Asin, 1, 1),
            "ACOS" => (MathFunctionKind.Acos, 1, 1),
            "ATAN" => (MathFunctionKind.Atan, 1, 1),
            "ATAN2" => (MathFunctionKind.Atan2, 2, 2),
            "PI" => (MathFunctionKind.Pi, 0, 0),
            "MOD" => (MathFunctionKind.Mod, 2, 2),
            "DEGREES" => (MathFunctionKind.Degrees, 1, 1),
            "RADIANS" => (MathFunctionKind.Radians, 1, 1),
            _ => (default(MathFunctionKind), -1, -1),
        };
        countMatches = count >= min && count <= max;
        return min >= 0;
    }

    public override SqlType? ResultType => kind switch
    {
        MathFunctionKind.Floor or MathFunctionKind.Ceiling or MathFunctionKind.Trunc => arguments[0].ResultType == SqlType.Integer ? SqlType.Integer : null,
        MathFunctionKind.Sign => SqlType.Integer,
        _ => SqlType.Real,
    };

    public override bool IsRowIndependent
    {
        get
        {
            foreach (BoundExpression a in arguments)
                if (!a.IsRowIndependent) return false;
            return true;
        }
    }

    public override SqlValue Evaluate(Frame frame)
    {
        if (kind == MathFunctionKind.Pi) return SqlValue.FromReal(Math.PI);
        SqlValue first = arguments[0].Evaluate(frame);
        if (first.IsNull) return first;
        SqlValue x = Numeric(first);
        switch (kind)
        {
            case MathFunctionKind.Floor or MathFunctionKind.Ceiling or MathFunctionKind.Trunc:
                if (x.Type == SqlType.Integer) return x;
                return SqlValue.FromReal(kind == MathFunctionKind.Floor ? Math.Floor(x.Real) : kind == MathFunctionKind.Ceiling ? Math.Ceiling(x.Real) : Math.Truncate(x.Real));
            case MathFunctionKind.Sign:
                return SqlValue.FromInteger(x.Type == SqlType.Integer ? Math.Sign(x.Integer) : double.IsNaN(x.Real) ? 0 : Math.Sign(x.Real));
        }
        double a = x.AsDouble;
        if (arguments.Length == 2)
        {
            SqlValue second = arguments[1].Evaluate(frame);
            if (second.IsNull) return second;
            double b = Numeric(second).AsDouble;
            return Real(kind switch
            {
                MathFunctionKind.Power => Math.Pow(a, b),
                MathFunctionKind.Atan2 => Math.Atan2(a, b),
                MathFunctionKind.Mod => b == 0 ? double.NaN : a % b,
                // LOG(B, X): the logarithm of X to base B (SQLite's argument order).
                _ => a <= 0 || a == 1 || b <= 0 ? double.NaN : Math.Log(b) / Math.Log(a),
            });
        }
        return Real(kind switch
        {
            MathFunctionKind.Sqrt => Math.Sqrt(a),
            MathFunctionKind.Exp => Math.Exp(a),
            MathFunctionKind.Ln => a <= 0 ? double.NaN : Math.Log(a),
            MathFunctionKind.Log10 => a <= 0 ? double.NaN : Math.Log10(a),
            MathFunctionKind.Log2 => a <= 0 ? double.NaN : Math.Log2(a),
            MathFunctionKind.Sin => Math.Sin(a),
            MathFunctionKind.Cos => Math.Cos(a),
            MathFunctionKind.Tan => Math.Tan(a),
            MathFunctionKind.Asin => Math.Asin(a),
            MathFunctionKind.Acos => Math.Acos(a),
            MathFunctionKind.Atan => Math.Atan(a),
            MathFunctionKind.Degrees => a * (180.0 / Math.PI),
            _ => a * (Math.PI / 180.0),
        });
    }

    /// <summary>NaN (a domain error such as SQRT(-1)) becomes NULL, as SQLite returns.</summary>
    private static SqlValue Real(double value) => double.IsNaN(value) ? SqlValue.Null : SqlValue.FromReal(value);

    private SqlValue Numeric(in SqlValue value)
    {
        if (value.IsNumeric) return value;
        if (value.Type == SqlType.Text && TypeAffinity.TryConvert(value, SqlAffinity.Real, out SqlValue converted) && converted.IsNumeric)
            return converted;
        throw new LightningSqlException(LightningErrorCode.SqlTypeMismatch,
            $"{name}() needs a number, got {(value.Type == SqlType.Blob ? "a BLOB" : value.ToString())}.", line, column);
    }

    public override string ToString() => $"{name}({string.Join(", ", (object[])arguments)})";
}
