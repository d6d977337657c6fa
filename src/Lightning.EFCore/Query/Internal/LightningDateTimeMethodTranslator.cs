using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Query;
using Microsoft.EntityFrameworkCore.Query.SqlExpressions;

namespace Lightning.EFCore.Query.Internal;

/// <summary>
/// Date arithmetic → KV-SQL date/time modifiers: <c>DateTime.AddYears/AddMonths/AddDays/AddHours/AddMinutes/AddSeconds/
/// AddMilliseconds</c>, <c>DateOnly.AddYears/AddMonths/AddDays</c>, <c>TimeOnly.AddHours/AddMinutes</c>. Results keep
/// millisecond precision (STRFTIME's <c>%f</c>); months and years follow SQLite (an overflowing day rolls into the next
/// month, where .NET clamps to the month's last day).
/// </summary>
public class LightningDateTimeMethodTranslator(ISqlExpressionFactory sql) : IMethodCallTranslator
{
    private readonly LightningDateTimeSql _dates = new(sql);

    /// <inheritdoc />
    public SqlExpression? Translate(SqlExpression? instance, MethodInfo method, IReadOnlyList<SqlExpression> arguments,
        IDiagnosticsLogger<DbLoggerCategory.Query> logger)
    {
        if (instance is null || arguments.Count != 1) return null;
        Type? declaring = method.DeclaringType;
        if (declaring == typeof(DateTime))
        {
            SqlExpression? modifier = method.Name switch
            {
                nameof(DateTime.AddYears) => _dates.Modifier(arguments[0], "years"),
                nameof(DateTime.AddMonths) => _dates.Modifier(arguments[0], "months"),
                nameof(DateTime.AddDays) => _dates.Modifier(arguments[0], "days"),
                nameof(DateTime.AddHours) => _dates.Modifier(arguments[0], "hours"),
                nameof(DateTime.AddMinutes) => _dates.Modifier(arguments[0], "minutes"),
                nameof(DateTime.AddSeconds) => _dates.Modifier(arguments[0], "seconds"),
                nameof(DateTime.AddMilliseconds) => _dates.Modifier(sql.Divide(arguments[0], sql.Constant(1000.0)), "seconds"),
                _ => null,
            };
            return modifier is null ? null : _dates.DateTime(instance, method.ReturnType, instance.TypeMapping, modifier);
        }
        if (declaring == typeof(DateOnly))
        {
            SqlExpression? modifier = method.Name switch
            {
                nameof(DateOnly.AddYears) => _dates.Modifier(arguments[0], "years"),
                nameof(DateOnly.AddMonths) => _dates.Modifier(arguments[0], "months"),
                nameof(DateOnly.AddDays) => _dates.Modifier(arguments[0], "days"),
                _ => null,
            };
            return modifier is null ? null : _dates.Date(instance, method.ReturnType, instance.TypeMapping, modifier);
        }
        if (declaring == typeof(TimeOnly) && arguments[0].Type == typeof(double))
        {
            SqlExpression? modifier = method.Name switch
            {
                nameof(TimeOnly.AddHours) => _dates.Modifier(arguments[0], "hours"),
                nameof(TimeOnly.AddMinutes) => _dates.Modifier(arguments[0], "minutes"),
                _ => null,
            };
            return modifier is null ? null : _dates.Time(instance, method.ReturnType, instance.TypeMapping, modifier);
        }
        return null;
    }
}
