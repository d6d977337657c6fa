using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Query;
using Microsoft.EntityFrameworkCore.Query.SqlExpressions;

namespace Lightning.EFCore.Query.Internal;

/// <summary>Math.Abs → ABS and Math.Round(x[, digits]) → ROUND (KV-SQL has no other numeric functions yet; the rest evaluate on the client or fail clearly).</summary>
public class LightningMathMethodTranslator(ISqlExpressionFactory sql) : IMethodCallTranslator
{
    /// <inheritdoc />
    public SqlExpression? Translate(SqlExpression? instance, MethodInfo method, IReadOnlyList<SqlExpression> arguments,
        IDiagnosticsLogger<DbLoggerCategory.Query> logger)
    {
        if (method.DeclaringType != typeof(Math) && method.DeclaringType != typeof(MathF)) return null;
        switch (method.Name)
        {
            case nameof(Math.Abs) when arguments.Count == 1:
                return sql.Function("ABS", arguments, nullable: true, argumentsPropagateNullability: [true], method.ReturnType, arguments[0].TypeMapping);
            case nameof(Math.Round) when arguments.Count == 1 && method.ReturnType != typeof(decimal):
                return sql.Function("ROUND", arguments, nullable: true, argumentsPropagateNullability: [true], method.ReturnType, arguments[0].TypeMapping);
            case nameof(Math.Round) when arguments.Count == 2 && arguments[1].Type == typeof(int) && method.ReturnType != typeof(decimal):
                return sql.Function("ROUND", arguments, nullable: true, argumentsPropagateNullability: [true, true], method.ReturnType, arguments[0].TypeMapping);
        }
        return null;
    }
}
