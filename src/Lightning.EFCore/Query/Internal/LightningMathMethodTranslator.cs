using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Query;
using Microsoft.EntityFrameworkCore.Query.SqlExpressions;

namespace Lightning.EFCore.Query.Internal;

/// <summary>
/// <c>Math</c>/<c>MathF</c> (and <c>double.DegreesToRadians</c>/<c>RadiansToDegrees</c>) → KV-SQL's math functions: Abs, Round,
/// Floor, Ceiling, Truncate, Sign, Pow, Sqrt, Exp, Log (natural and with a base), Log10, Log2, Sin, Cos, Tan, Asin, Acos,
/// Atan, Atan2 (Max and Min reach <see cref="LightningSqlTranslatingExpressionVisitor"/> instead). <c>decimal</c> arguments are
/// not translated except by Abs (KV-SQL's DECIMAL is exact text
/// and the math functions compute in doubles), so such calls evaluate on the client or fail as EF Core reports.
/// </summary>
public class LightningMathMethodTranslator(ISqlExpressionFactory sql) : IMethodCallTranslator
{
    /// <inheritdoc />
    public SqlExpression? Translate(SqlExpression? instance, MethodInfo method, IReadOnlyList<SqlExpression> arguments,
        IDiagnosticsLogger<DbLoggerCategory.Query> logger)
    {
        Type? declaring = method.DeclaringType;
        if (declaring == typeof(double) || declaring == typeof(float))
        {
            return method.Name switch
            {
                nameof(double.DegreesToRadians) when arguments.Count == 1 => Same("RADIANS", method, arguments),
                nameof(double.RadiansToDegrees) when arguments.Count == 1 => Same("DEGREES", method, arguments),
                _ => null,
            };
        }
        if (declaring != typeof(Math) && declaring != typeof(MathF)) return null;
        bool isDecimal = arguments.Count > 0 && arguments[0].Type == typeof(decimal);
        switch (method.Name)
        {
            case nameof(Math.Abs) when arguments.Count == 1:
                return Same("ABS", method, arguments);
        }
        if (isDecimal) return null;
        switch (method.Name)
        {
            case nameof(Math.Round) when arguments.Count == 1:
                return Same("ROUND", method, arguments);
            case nameof(Math.Round) when arguments.Count == 2 && arguments[1].Type == typeof(int):
                return Same("ROUND", method, arguments);
            case nameof(Math.Floor) when arguments.Count == 1:
                return Same("FLOOR", method, arguments);
            case nameof(Math.Ceiling) when arguments.Count == 1:
                return Same("CEILING", method, arguments);
            case nameof(Math.Truncate) when arguments.Count == 1:
                return Same("TRUNC", method, arguments);
            case nameof(Math.Sign) when arguments.Count == 1:
                return sql.Function("SIGN", arguments, nullable: true, argumentsPropagateNullability: [true], typeof(int));
            case nameof(Math.Pow) when arguments.Count == 2:
                return Same("POWER", method, arguments);
            case nameof(Math.Sqrt) when arguments.Count == 1:
                return Same("SQRT", method, arguments);
            case nameof(Math.Exp) when arguments.Count == 1:
                return Same("EXP", method, arguments);
            case nameof(Math.Log) when arguments.Count == 1:
                return Same("LN", method, arguments);
            case nameof(Math.Log) when arguments.Count == 2:
                // Math.Log(x, base) → LOG(base, x): SQLite's argument order.
                return sql.Function("LOG", [arguments[1], arguments[0]], nullable: true, argumentsPropagateNullability: [true, true], method.ReturnType, arguments[0].TypeMapping);
            case nameof(Math.Log10) when arguments.Count == 1:
                return Same("LOG10", method, arguments);
            case nameof(Math.Log2) when arguments.Count == 1:
                return Same("LOG2", method, arguments);
            case nameof(Math.Sin) when arguments.Count == 1:
                return Same("SIN", method, arguments);
            case nameof(Math.Cos) when arguments.Count == 1:
                return Same("COS", method, arguments);
            case nameof(Math.Tan) when arguments.Count == 1:
                return Same("TAN", method, arguments);
            case nameof(Math.Asin) when arguments.Count == 1:
                return Same("ASIN", method, arguments);
            case nameof(Math.Acos) when arguments.Count == 1:
                return Same("ACOS", method, arguments);
            case nameof(Math.Atan) when arguments.Count == 1:
                return Same("ATAN", method, arguments);
            case nameof(Math.Atan2) when arguments.Count == 2:
                return Same("ATAN2", method, arguments);
        }
        return null;
    }

    /// <summary>A function whose result has the method's return type and the first argument's store type.</summary>
    private SqlExpression Same(string name, MethodInfo method, IReadOnlyList<SqlExpression> arguments)
    {
        var propagate = new bool[arguments.Count];
        Array.Fill(propagate, true);
        return sql.Function(name, arguments, nullable: true, argumentsPropagateNullability: propagate, method.ReturnType,
            method.ReturnType == arguments[0].Type ? arguments[0].TypeMapping : null);
    }
}
