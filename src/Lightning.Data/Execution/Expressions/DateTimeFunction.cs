using System.Globalization;
using Lightning.Data.Storage;
using Lightning.Kv;

namespace Lightning.Data.Execution.Expressions;

/// <summary>SQLite's date and time functions.</summary>
internal enum DateTimeFunctionKind { Date, Time, DateTime, JulianDay, UnixEpoch, Strftime }

/// <summary>
/// <c>DATE TIME DATETIME JULIANDAY UNIXEPOCH</c> <c>(time-value, modifier…)</c> and <c>STRFTIME(format, time-value, modifier…)</c>
/// over the TEXT forms Lightning.Data stores (<c>yyyy-MM-dd HH:mm:ss.FFFFFFF</c>, <c>yyyy-MM-dd</c>, <c>HH:mm:ss.FFFFFFF</c>).
/// Without a time value the time is 'now' (UTC, fixed for the statement). NULL in any argument, or a time value that is
/// not a date, gives NULL (SQLite's behaviour); a BLOB argument, an unknown modifier or an unknown <c>%</c> substitution
/// fails with the call's position.
/// </summary>
internal sealed class DateTimeFunction(DateTimeFunctionKind kind, string name, BoundExpression[] arguments, int line, int column) : BoundExpression
{
    /// <summary>Resolves a name to a date/time function and checks its argument count.</summary>
    public static bool TryResolve(string name, int count, out DateTimeFunctionKind kind, out bool countMatches)
    {
        (kind, int min) = name switch
        {
            "DATE" => (DateTimeFunctionKind.Date, 0),
            "TIME" => (DateTimeFunctionKind.Time, 0),
            "DATETIME" => (DateTimeFunctionKind.DateTime, 0),
            "JULIANDAY" => (DateTimeFunctionKind.JulianDay, 0),
            "UNIXEPOCH" => (DateTimeFunctionKind.UnixEpoch, 0),
            "STRFTIME" => (DateTimeFunctionKind.Strftime, 1),
            _ => (default(DateTimeFunctionKind), -1),
        };
        countMatches = count >= min;
        return min >= 0;
    }

    /// <summary>Checks constant arguments at bind time (a format's substitutions, modifiers), so a typo fails even over no rows.</summary>
    public static string? CheckConstant(DateTimeFunctionKind kind, int index, in SqlValue value)
    {
        if (value.Type != SqlType.Text) return null;
        if (kind == DateTimeFunctionKind.Strftime && index == 0)
        {
            try
            {
                StrftimeFormat.Format(value.Text, new TimeValue { Value = new DateTime(2000, 1, 1) });
                return null;
            }
            catch (FormatException e)
            {
                return $"STRFTIME: unknown format: {e.Message}.";
            }
        }
        int firstModifier = kind == DateTimeFunctionKind.Strftime ? 2 : 1;
        if (index < firstModifier) return null;
        try
        {
            var probe = new TimeValue { Value = new DateTime(2000, 1, 1) };
            probe.TryApply(value.Text, isFirst: false);
            return null;
        }
        catch (FormatException)
        {
            return $"Unknown date/time modifier '{value.Text}'.";
        }
    }

    public override SqlType? ResultType => kind switch
    {
        DateTimeFunctionKind.JulianDay => SqlType.Real,
        DateTimeFunctionKind.UnixEpoch => null,
        _ => SqlType.Text,
    };

    public override SqlValue Evaluate(Frame frame)
    {
        int valueIndex = kind == DateTimeFunctionKind.Strftime ? 1 : 0;
        string? format = null;
        if (kind == DateTimeFunctionKind.Strftime)
        {
            SqlValue f = arguments[0].Evaluate(frame);
            if (f.IsNull) return f;
            format = Text(f);
        }
        TimeValue time;
        if (arguments.Length <= valueIndex) time = new TimeValue { Value = frame.Context.UtcNow };
        else
        {
            SqlValue input = arguments[valueIndex].Evaluate(frame);
            if (input.IsNull) return input;
            if (input.Type == SqlType.Blob) throw Mismatch("a BLOB");
            if (!TimeValue.TryParse(input, frame.Context.UtcNow, out time)) return SqlValue.Null;
        }
        for (int i = valueIndex + 1; i < arguments.Length; i++)
        {
            SqlValue modifier = arguments[i].Evaluate(frame);
            if (modifier.IsNull) return modifier;
            bool applied;
            try
            {
                applied = time.TryApply(Text(modifier), isFirst: i == valueIndex + 1);
            }
            catch (FormatException)
            {
                throw new LightningSqlException(LightningErrorCode.SqlInvalidOperation, $"Unknown date/time modifier {modifier} in {name}().", line, column);
            }
            if (!applied) return SqlValue.Null;
        }
        if (time.OutOfRange) return SqlValue.Null;
        DateTime t = time.Value;
        switch (kind)
        {
            case DateTimeFunctionKind.Date:
                return SqlValue.FromText(t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            case DateTimeFunctionKind.Time:
                return SqlValue.FromText(t.ToString(time.Subsecond ? "HH:mm:ss.fff" : "HH:mm:ss", CultureInfo.InvariantCulture));
            case DateTimeFunctionKind.DateTime:
                return SqlValue.FromText(t.ToString(time.Subsecond ? "yyyy-MM-dd HH:mm:ss.fff" : "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
            case DateTimeFunctionKind.JulianDay:
                return SqlValue.FromReal(time.JulianDay);
            case DateTimeFunctionKind.UnixEpoch:
                return time.Subsecond ? SqlValue.FromReal(Math.Floor(time.UnixSecondsExact * 1000) / 1000) : SqlValue.FromInteger(time.UnixSeconds);
            default:
                try
                {
                    return SqlValue.FromText(StrftimeFormat.Format(format!, time));
                }
                catch (FormatException e)
                {
                    throw new LightningSqlException(LightningErrorCode.SqlInvalidOperation, $"STRFTIME: unknown format: {e.Message}.", line, column);
                }
        }
    }

    private string Text(in SqlValue value)
    {
        if (value.Type == SqlType.Blob) throw Mismatch("a BLOB");
        return SqlConvert.ToText(value);
    }

    private LightningSqlException Mismatch(string what) =>
        new(LightningErrorCode.SqlTypeMismatch, $"{name}() needs a time value or text, got {what}.", line, column);

    public override string ToString() => $"{name}({string.Join(", ", (object[])arguments)})";
}
