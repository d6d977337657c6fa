using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Query;
using Microsoft.EntityFrameworkCore.Query.SqlExpressions;

namespace Lightning.EFCore.Query.Internal;

/// <summary>
/// <c>DateTime</c>, <c>DateOnly</c> and <c>TimeOnly</c> members → KV-SQL's <c>STRFTIME</c>: Year, Month, Day, Hour, Minute,
/// Second, Millisecond, DayOfYear, DayOfWeek, Date, TimeOfDay; <c>DateTime.Now</c>/<c>UtcNow</c>/<c>Today</c> (milliseconds
/// kept, as STRFTIME's <c>%f</c> has them).
/// </summary>
public class LightningDateTimeMemberTranslator(ISqlExpressionFactory sql) : IMemberTranslator
{
    private readonly LightningDateTimeSql _dates = new(sql);

    /// <inheritdoc />
    public SqlExpression? Translate(SqlExpression? instance, MemberInfo member, Type returnType, IDiagnosticsLogger<DbLoggerCategory.Query> logger)
    {
        Type? declaring = member.DeclaringType;
        if (declaring != typeof(DateTime) && declaring != typeof(DateOnly) && declaring != typeof(TimeOnly)) return null;
        if (instance is null)
        {
            if (declaring != typeof(DateTime)) return null;
            return member.Name switch
            {
                nameof(DateTime.UtcNow) => _dates.DateTime(sql.Constant("now"), returnType, null),
                nameof(DateTime.Now) => _dates.DateTime(sql.Constant("now"), returnType, null, sql.Constant("localtime")),
                nameof(DateTime.Today) => _dates.DateTime(sql.Constant("now"), returnType, null, sql.Constant("localtime"), sql.Constant("start of day")),
                _ => null,
            };
        }
        switch (member.Name)
        {
            case nameof(DateTime.Year): return _dates.Part("%Y", instance, returnType);
            case nameof(DateTime.Month): return _dates.Part("%m", instance, returnType);
            case nameof(DateTime.Day): return _dates.Part("%d", instance, returnType);
            case nameof(DateTime.DayOfYear): return _dates.Part("%j", instance, returnType);
            case nameof(DateTime.DayOfWeek): return _dates.Part("%w", instance, returnType);
            case nameof(DateTime.Hour): return _dates.Part("%H", instance, returnType);
            case nameof(DateTime.Minute): return _dates.Part("%M", instance, returnType);
            case nameof(DateTime.Second): return _dates.Part("%S", instance, returnType);
            case nameof(DateTime.Millisecond): return _dates.Millisecond(instance, returnType);
            case nameof(DateTime.Date) when declaring == typeof(DateTime):
                return _dates.DateTime(instance, returnType, instance.TypeMapping, sql.Constant("start of day"));
            case nameof(DateTime.TimeOfDay) when declaring == typeof(DateTime):
                return _dates.Time(instance, returnType, null);
        }
        return null;
    }
}
