using Microsoft.EntityFrameworkCore.Query;
using Microsoft.EntityFrameworkCore.Query.SqlExpressions;
using Microsoft.EntityFrameworkCore.Storage;

namespace Lightning.EFCore.Query.Internal;

/// <summary>
/// Builds the KV-SQL date/time expressions the DateTime, DateOnly and TimeOnly translators share. Values are stored as
/// text (<c>yyyy-MM-dd HH:mm:ss.FFFFFFF</c>, <c>yyyy-MM-dd</c>, <c>HH:mm:ss.FFFFFFF</c>); a computed DateTime or TimeOnly is
/// written back in that form (trailing fraction zeros and a bare '.' trimmed) so it compares with stored values as text.
/// </summary>
internal sealed class LightningDateTimeSql(ISqlExpressionFactory sql)
{
    /// <summary><c>STRFTIME(format, value, modifiers…)</c> as text.</summary>
    public SqlExpression Strftime(string format, SqlExpression value, Type type, RelationalTypeMapping? mapping, params SqlExpression[] modifiers)
    {
        var propagate = new bool[modifiers.Length + 2];
        Array.Fill(propagate, true);
        return sql.Function("STRFTIME", [sql.Constant(format), value, .. modifiers], nullable: true, argumentsPropagateNullability: propagate, type, mapping);
    }

    /// <summary>One numeric part: <c>CAST(STRFTIME('%Y', value) AS INTEGER)</c>.</summary>
    public SqlExpression Part(string format, SqlExpression value, Type returnType) =>
        sql.Convert(Strftime(format, value, typeof(string), null), returnType);

    /// <summary>Milliseconds: the three digits after the point of <c>%f</c> (<c>SS.SSS</c>), exact where a REAL product would round.</summary>
    public SqlExpression Millisecond(SqlExpression value, Type returnType) =>
        sql.Convert(sql.Function("SUBSTR", [Strftime("%f", value, typeof(string), null), sql.Constant(4)], nullable: true,
            argumentsPropagateNullability: [true, true], typeof(string)), returnType);

    /// <summary>A DateTime in the stored text form: <c>RTRIM(RTRIM(STRFTIME('%Y-%m-%d %H:%M:%f', value, modifiers…), '0'), '.')</c>.</summary>
    public SqlExpression DateTime(SqlExpression value, Type type, RelationalTypeMapping? mapping, params SqlExpression[] modifiers) =>
        Trimmed(Strftime("%Y-%m-%d %H:%M:%f", value, type, mapping, modifiers), type, mapping);

    /// <summary>A time of day in the stored text form (<c>HH:mm:ss[.fff]</c>).</summary>
    public SqlExpression Time(SqlExpression value, Type type, RelationalTypeMapping? mapping, params SqlExpression[] modifiers) =>
        Trimmed(Strftime("%H:%M:%f", value, type, mapping, modifiers), type, mapping);

    /// <summary><c>DATE(value, modifiers…)</c>: the <c>yyyy-MM-dd</c> form of DateOnly.</summary>
    public SqlExpression Date(SqlExpression value, Type type, RelationalTypeMapping? mapping, params SqlExpression[] modifiers)
    {
        var propagate = new bool[modifiers.Length + 1];
        Array.Fill(propagate, true);
        return sql.Function("DATE", [value, .. modifiers], nullable: true, argumentsPropagateNullability: propagate, type, mapping);
    }

    /// <summary>A modifier <c>CAST(amount AS TEXT) || ' unit'</c>, folded to a constant when the amount is one.</summary>
    public SqlExpression Modifier(SqlExpression amount, string unit)
    {
        if (amount is SqlConstantExpression { Value: { } constant })
            return sql.Constant(Convert.ToString(constant, System.Globalization.CultureInfo.InvariantCulture) + " " + unit);
        return sql.Add(sql.Convert(amount, typeof(string)), sql.Constant(" " + unit));
    }

    private SqlExpression Trimmed(SqlExpression text, Type type, RelationalTypeMapping? mapping) =>
        sql.Function("RTRIM", [sql.Function("RTRIM", [text, sql.Constant("0")], nullable: true, argumentsPropagateNullability: [true, false], type, mapping), sql.Constant(".")],
            nullable: true, argumentsPropagateNullability: [true, false], type, mapping);
}
