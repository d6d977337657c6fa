using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Query;
using Microsoft.EntityFrameworkCore.Query.SqlExpressions;

namespace Lightning.EFCore.Query.Internal;

/// <summary>
/// string methods → KV-SQL functions: ToUpper/ToLower → UPPER/LOWER, Trim/TrimStart/TrimEnd → TRIM/LTRIM/RTRIM,
/// Substring → SUBSTR (1-based), Replace → REPLACE, IndexOf → INSTR − 1, Contains → INSTR &gt; 0, StartsWith/EndsWith →
/// LIKE with escaped constant patterns (a SUBSTR comparison for non-constant ones), IsNullOrEmpty.
/// </summary>
public class LightningStringMethodTranslator(ISqlExpressionFactory sql) : IMethodCallTranslator
{
    private const char Escape = '\\';

    /// <inheritdoc />
    public SqlExpression? Translate(SqlExpression? instance, MethodInfo method, IReadOnlyList<SqlExpression> arguments,
        IDiagnosticsLogger<DbLoggerCategory.Query> logger)
    {
        if (method.DeclaringType != typeof(string)) return null;
        if (instance is null)
        {
            if (method.Name == nameof(string.IsNullOrEmpty) && arguments.Count == 1)
                return sql.OrElse(sql.IsNull(arguments[0]), sql.Equal(arguments[0], sql.Constant(string.Empty)));
            return null;
        }
        int parameters = method.GetParameters().Length;
        switch (method.Name)
        {
            case nameof(string.ToUpper) when parameters == 0:
                return Function("UPPER", instance);
            case nameof(string.ToLower) when parameters == 0:
                return Function("LOWER", instance);
            case nameof(string.Trim) when parameters == 0:
                return Function("TRIM", instance);
            case nameof(string.TrimStart) when parameters == 0:
                return Function("LTRIM", instance);
            case nameof(string.TrimEnd) when parameters == 0:
                return Function("RTRIM", instance);
            case nameof(string.Substring) when arguments.Count is 1 or 2:
            {
                SqlExpression start = sql.Add(arguments[0], sql.Constant(1));
                return arguments.Count == 1
                    ? Function("SUBSTR", instance, start)
                    : Function("SUBSTR", instance, start, arguments[1]);
            }
            case nameof(string.Replace) when arguments.Count == 2 && arguments[0].Type == typeof(string):
                return Function("REPLACE", instance, arguments[0], arguments[1]);
            case nameof(string.IndexOf) when arguments.Count == 1 && arguments[0].Type == typeof(string):
                return sql.Subtract(IntFunction("INSTR", instance, arguments[0]), sql.Constant(1));
            case nameof(string.Contains) when arguments.Count == 1 && arguments[0].Type == typeof(string):
                return sql.GreaterThan(IntFunction("INSTR", instance, arguments[0]), sql.Constant(0));
            case nameof(string.StartsWith) when arguments.Count == 1 && arguments[0].Type == typeof(string):
                return StartsOrEnds(instance, arguments[0], start: true);
            case nameof(string.EndsWith) when arguments.Count == 1 && arguments[0].Type == typeof(string):
                return StartsOrEnds(instance, arguments[0], start: false);
        }
        return null;
    }

    private SqlExpression StartsOrEnds(SqlExpression instance, SqlExpression pattern, bool start)
    {
        if (pattern is SqlConstantExpression { Value: string text })
        {
            // KV-SQL's LIKE ignores ASCII case (as SQLite's does); .NET's StartsWith is ordinal, so the LIKE narrows the
            // rows and an exact SUBSTR comparison decides.
            string escaped = EscapeLike(text);
            SqlExpression like = sql.Like(instance, sql.Constant(start ? escaped + "%" : "%" + escaped), sql.Constant(Escape.ToString()));
            return text.Length == 0 ? like : sql.AndAlso(like, Exact(instance, pattern, start));
        }
        return sql.AndAlso(sql.IsNotNull(pattern), Exact(instance, pattern, start));
    }

    private SqlExpression Exact(SqlExpression instance, SqlExpression pattern, bool start)
    {
        SqlExpression length = IntFunction("LENGTH", pattern);
        SqlExpression part = start
            ? Function("SUBSTR", instance, sql.Constant(1), length)
            : Function("SUBSTR", instance, sql.Negate(length));
        return sql.OrElse(sql.Equal(part, pattern), sql.Equal(pattern, sql.Constant(string.Empty)));
    }

    private static string EscapeLike(string text)
    {
        var builder = new System.Text.StringBuilder(text.Length);
        foreach (char c in text)
        {
            if (c is '%' or '_' or Escape) builder.Append(Escape);
            builder.Append(c);
        }
        return builder.ToString();
    }

    private SqlExpression Function(string name, SqlExpression instance, params SqlExpression[] rest) =>
        sql.Function(name, [instance, .. rest], nullable: true, argumentsPropagateNullability: Propagate(rest.Length + 1), typeof(string), instance.TypeMapping);

    private SqlExpression IntFunction(string name, params SqlExpression[] arguments) =>
        sql.Function(name, arguments, nullable: true, argumentsPropagateNullability: Propagate(arguments.Length), typeof(int));

    private static bool[] Propagate(int count)
    {
        var flags = new bool[count];
        Array.Fill(flags, true);
        return flags;
    }
}
