using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Query;
using Microsoft.EntityFrameworkCore.Query.SqlExpressions;

namespace Lightning.EFCore.Query.Internal;

/// <summary>
/// <c>x.ToString()</c> on numbers, strings, chars, Guids and decimals → <c>CAST(x AS TEXT)</c>; on bool → <c>'True'</c>/<c>'False'</c>.
/// A nullable value's null gives <c>''</c>, as <c>Nullable&lt;T&gt;.ToString()</c> does. Integers print exactly as .NET does;
/// doubles print in KV-SQL's round-trip form (a whole number keeps its <c>.0</c>).
/// </summary>
public class LightningObjectToStringTranslator(ISqlExpressionFactory sql) : IMethodCallTranslator
{
    private static readonly HashSet<Type> CastToText =
    [
        typeof(int), typeof(long), typeof(short), typeof(byte), typeof(sbyte), typeof(uint), typeof(ushort), typeof(ulong),
        typeof(double), typeof(float), typeof(decimal), typeof(char), typeof(string), typeof(Guid),
    ];

    /// <inheritdoc />
    public SqlExpression? Translate(SqlExpression? instance, MethodInfo method, IReadOnlyList<SqlExpression> arguments,
        IDiagnosticsLogger<DbLoggerCategory.Query> logger)
    {
        if (instance is null || method.Name != nameof(ToString) || arguments.Count != 0) return null;
        Type type = Nullable.GetUnderlyingType(instance.Type) ?? instance.Type;
        SqlExpression text;
        if (type == typeof(bool))
        {
            text = sql.Case([new CaseWhenClause(sql.Equal(instance, sql.Constant(false)), sql.Constant("False")),
                             new CaseWhenClause(sql.Equal(instance, sql.Constant(true)), sql.Constant("True"))], elseResult: null);
        }
        else if (CastToText.Contains(type))
        {
            text = type == typeof(string) ? instance : sql.Convert(instance, typeof(string));
        }
        else return null;
        return instance.Type != type ? sql.Coalesce(text, sql.Constant(string.Empty)) : text;
    }
}
