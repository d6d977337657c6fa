using System.Globalization;
using Lightning.Data.Storage;

namespace Lightning.Data.Execution.Expressions;

/// <summary>
/// A point in time as SQLite's date and time functions see it: parsed from a time value (ISO-8601 text such as
/// <c>yyyy-MM-dd HH:mm:ss.FFFFFFF</c>, <c>yyyy-MM-dd</c>, <c>HH:mm:ss</c>, <c>'now'</c>, or a number of Julian days) and
/// moved by modifiers (<c>'+1 days'</c>, <c>'start of month'</c>, <c>'weekday 0'</c>, <c>'unixepoch'</c>…). Held as .NET
/// ticks, so the 100 ns precision of stored values survives arithmetic.
/// </summary>
internal struct TimeValue
{
    /// <summary>Julian day number of 0001-01-01 00:00 (DateTime.MinValue).</summary>
    private const double JulianDayOfMinValue = 1721425.5;

    /// <summary>Unix epoch in Julian days.</summary>
    private const double JulianDayOfUnixEpoch = 2440587.5;

    public DateTime Value;

    /// <summary>Set by the 'subsec' modifier: time(), datetime() and unixepoch() then show fractional seconds.</summary>
    public bool Subsecond;

    /// <summary>The number the value was given as, when it was numeric (the 'unixepoch' modifier reinterprets it).</summary>
    private double? _number;

    /// <summary>Parses a time value; false when it is not one (the function then returns NULL, as SQLite does).</summary>
    public static bool TryParse(in SqlValue value, DateTime utcNow, out TimeValue result)
    {
        result = default;
        switch (value.Type)
        {
            case SqlType.Integer or SqlType.Real:
                return FromJulianDay(value.AsDouble, ref result);
            case SqlType.Text:
            {
                ReadOnlySpan<char> text = value.Text.AsSpan().Trim();
                if (text.Equals("now", StringComparison.OrdinalIgnoreCase))
                {
                    result.Value = utcNow;
                    return true;
                }
                if (TryParseText(text, out result.Value)) return true;
                return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double number) && FromJulianDay(number, ref result);
            }
            default:
                return false;
        }
    }

    private static bool FromJulianDay(double julianDay, ref TimeValue result)
    {
        if (double.IsNaN(julianDay)) return false;
        result._number = julianDay;
        double ticks = Math.Round((julianDay - JulianDayOfMinValue) * TimeSpan.TicksPerDay);
        // Outside years 1–9999 as a Julian day, the number may still be seconds for a following 'unixepoch'.
        if (ticks >= 0 && ticks <= DateTime.MaxValue.Ticks) result.Value = new DateTime((long)ticks);
        else result.OutOfRange = true;
        return true;
    }

    /// <summary>True while the value is a number outside the Julian days of years 1–9999 (NULL unless 'unixepoch' follows).</summary>
    public bool OutOfRange;

    /// <summary><c>[yyyy-MM-dd][( |T)HH:mm[:ss[.fffffff]]][Z|±HH:MM]</c>; a time alone falls on 2000-01-01 (SQLite's rule).</summary>
    private static bool TryParseText(ReadOnlySpan<char> s, out DateTime value)
    {
        value = default;
        int year = 2000, month = 1, day = 1, p = 0;
        bool hasDate = s.Length >= 10 && s[4] == '-' && s[7] == '-';
        if (hasDate)
        {
            if (!Digits(s, 0, 4, out year) || !Digits(s, 5, 2, out month) || !Digits(s, 8, 2, out day)) return false;
            p = 10;
            if (p == s.Length) return TryMake(year, month, day, 0, out value);
            if (s[p] is not (' ' or 'T')) return false;
            p++;
            while (p < s.Length && s[p] == ' ') p++;
        }
        if (p + 5 > s.Length || s[p + 2] != ':' || !Digits(s, p, 2, out int hour) || !Digits(s, p + 3, 2, out int minute)) return false;
        p += 5;
        long fractionTicks = 0;
        int second = 0;
        if (p < s.Length && s[p] == ':')
        {
            if (!Digits(s, p + 1, 2, out second)) return false;
            p += 3;
            if (p < s.Length && s[p] == '.')
            {
                p++;
                long scale = TimeSpan.TicksPerSecond / 10;
                int start = p;
                for (; p < s.Length && char.IsAsciiDigit(s[p]); p++, scale /= 10) fractionTicks += (s[p] - '0') * scale;
                if (p == start) return false;
            }
        }
        if (hour > 23 || minute > 59 || second > 59 || !TryMake(year, month, day, 0, out value)) return false;
        value = value.AddTicks(((hour * 60L + minute) * 60 + second) * TimeSpan.TicksPerSecond + fractionTicks);
        while (p < s.Length && s[p] == ' ') p++;
        if (p == s.Length) return true;
        if (s[p] is 'Z' or 'z') return p + 1 == s.Length;
        // A time-zone offset: the value is converted to UTC, as SQLite does.
        if (s[p] is not ('+' or '-') || p + 6 != s.Length || s[p + 3] != ':' || !Digits(s, p + 1, 2, out int offsetHours) || !Digits(s, p + 4, 2, out int offsetMinutes))
            return false;
        long offset = (offsetHours * 60L + offsetMinutes) * TimeSpan.TicksPerMinute;
        return TryAddTicks(ref value, s[p] == '+' ? -offset : offset);
    }

    private static bool Digits(ReadOnlySpan<char> s, int start, int count, out int value)
    {
        value = 0;
        if (start + count > s.Length) return false;
        for (int i = start; i < start + count; i++)
        {
            if (!char.IsAsciiDigit(s[i])) return false;
            value = value * 10 + (s[i] - '0');
        }
        return true;
    }

    private static bool TryMake(int year, int month, int day, long ticks, out DateTime value)
    {
        value = default;
        if (year < 1 || month < 1 || month > 12 || day < 1 || day > 31) return false;
        // SQLite accepts day 31 of a 30-day month and rolls over; so do we.
        value = new DateTime(year, month, 1).AddDays(day - 1);
        return TryAddTicks(ref value, ticks);
    }

    private static bool TryAddTicks(ref DateTime value, long ticks)
    {
        long result = value.Ticks + ticks;
        if (result < 0 || result > DateTime.MaxValue.Ticks) return false;
        value = new DateTime(result);
        return true;
    }

    /// <summary>Applies one modifier. Returns false when the result leaves years 1–9999 or the modifier does not apply
    /// here (NULL result); throws <see cref="FormatException"/> for text that is no modifier at all.</summary>
    public bool TryApply(string modifier, bool isFirst)
    {
        ReadOnlySpan<char> m = modifier.AsSpan().Trim();
        double? number = _number;
        _number = null;
        if (m.Equals("unixepoch", StringComparison.OrdinalIgnoreCase))
        {
            if (!isFirst || number is null) return false;
            double ticks = Math.Round(number.Value * TimeSpan.TicksPerSecond) + (JulianDayOfUnixEpoch - JulianDayOfMinValue) * TimeSpan.TicksPerDay;
            if (!(ticks >= 0 && ticks <= DateTime.MaxValue.Ticks)) return false;
            Value = new DateTime((long)ticks);
            OutOfRange = false;
            return true;
        }
        if (OutOfRange) return false;
        if (m.Equals("julianday", StringComparison.OrdinalIgnoreCase)) return isFirst && number is not null;
        if (m.Equals("subsec", StringComparison.OrdinalIgnoreCase) || m.Equals("subsecond", StringComparison.OrdinalIgnoreCase))
        {
            Subsecond = true;
            return true;
        }
        if (m.Equals("start of day", StringComparison.OrdinalIgnoreCase))
        {
            Value = Value.Date;
            return true;
        }
        if (m.Equals("start of month", StringComparison.OrdinalIgnoreCase))
        {
            Value = new DateTime(Value.Year, Value.Month, 1);
            return true;
        }
        if (m.Equals("start of year", StringComparison.OrdinalIgnoreCase))
        {
            Value = new DateTime(Value.Year, 1, 1);
            return true;
        }
        if (m.Equals("localtime", StringComparison.OrdinalIgnoreCase))
        {
            Value = DateTime.SpecifyKind(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(Value, DateTimeKind.Utc), TimeZoneInfo.Local), DateTimeKind.Unspecified);
            return true;
        }
        if (m.Equals("utc", StringComparison.OrdinalIgnoreCase))
        {
            Value = DateTime.SpecifyKind(TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(Value, DateTimeKind.Unspecified), TimeZoneInfo.Local), DateTimeKind.Unspecified);
            return true;
        }
        if (m.StartsWith("weekday ", StringComparison.OrdinalIgnoreCase)
            && int.TryParse(m[8..].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int weekday) && weekday <= 6)
        {
            int ahead = (weekday - (int)Value.DayOfWeek + 7) % 7;
            return TryAddTicks(ref Value, ahead * TimeSpan.TicksPerDay);
        }
        return TryApplyAmount(m);
    }

    /// <summary><c>±N days|hours|minutes|seconds|months|years</c> (singular forms too) and <c>±HH:MM[:SS[.fff]]</c>.</summary>
    private bool TryApplyAmount(ReadOnlySpan<char> m)
    {
        int space = m.IndexOf(' ');
        if (space < 0)
        {
            if (m.Length > 1 && m[0] is ('+' or '-') && TryParseText(m[1..], out DateTime clock) && clock.Date == new DateTime(2000, 1, 1))
            {
                long ticks = clock.TimeOfDay.Ticks;
                return TryAddTicks(ref Value, m[0] == '-' ? -ticks : ticks);
            }
            throw new FormatException();
        }
        if (!double.TryParse(m[..space], NumberStyles.Float, CultureInfo.InvariantCulture, out double amount)) throw new FormatException();
        ReadOnlySpan<char> unit = m[(space + 1)..].Trim();
        if (unit.Length > 1 && (unit[^1] is 's' or 'S')) unit = unit[..^1];
        long unitTicks;
        if (unit.Equals("day", StringComparison.OrdinalIgnoreCase)) unitTicks = TimeSpan.TicksPerDay;
        else if (unit.Equals("hour", StringComparison.OrdinalIgnoreCase)) unitTicks = TimeSpan.TicksPerHour;
        else if (unit.Equals("minute", StringComparison.OrdinalIgnoreCase)) unitTicks = TimeSpan.TicksPerMinute;
        else if (unit.Equals("second", StringComparison.OrdinalIgnoreCase)) unitTicks = TimeSpan.TicksPerSecond;
        else if (unit.Equals("month", StringComparison.OrdinalIgnoreCase)) return TryAddMonths(amount, 1, 30);
        else if (unit.Equals("year", StringComparison.OrdinalIgnoreCase)) return TryAddMonths(amount, 12, 365);
        else throw new FormatException();
        double delta = Math.Round(amount * unitTicks);
        if (!(Math.Abs(delta) <= DateTime.MaxValue.Ticks)) return false;
        return TryAddTicks(ref Value, (long)delta);
    }

    /// <summary>SQLite's month arithmetic: whole months move the month number and an overflowing day rolls into the next
    /// month (2024-01-31 +1 month = 2024-03-02); a fractional part adds days (30 a month, 365 a year).</summary>
    private bool TryAddMonths(double amount, int monthsPerUnit, int daysPerUnit)
    {
        double whole = Math.Truncate(amount);
        if (Math.Abs(whole) > 120000) return false;
        long months = (long)whole * monthsPerUnit + (Value.Month - 1);
        long year = Value.Year + Math.DivRem(months, 12L, out long month);
        if (month < 0)
        {
            month += 12;
            year--;
        }
        if (year < 1 || year > 9999) return false;
        DateTime moved = new DateTime((int)year, (int)month + 1, 1).Add(Value.TimeOfDay);
        if (!TryAddTicks(ref moved, (Value.Day - 1) * TimeSpan.TicksPerDay)) return false;
        Value = moved;
        double fraction = amount - whole;
        return fraction == 0 || TryAddTicks(ref Value, (long)Math.Round(fraction * daysPerUnit * TimeSpan.TicksPerDay));
    }

    /// <summary>The Julian day number (SQLite's julianday()).</summary>
    public readonly double JulianDay => JulianDayOfMinValue + Value.Ticks / (double)TimeSpan.TicksPerDay;

    /// <summary>Seconds since 1970-01-01 (SQLite's unixepoch()), truncated toward negative infinity.</summary>
    public readonly long UnixSeconds => (long)Math.Floor((Value.Ticks - (long)((JulianDayOfUnixEpoch - JulianDayOfMinValue) * TimeSpan.TicksPerDay)) / (double)TimeSpan.TicksPerSecond);

    /// <summary>Seconds since 1970-01-01 with the fraction (unixepoch() with 'subsec').</summary>
    public readonly double UnixSecondsExact => (Value.Ticks - (long)((JulianDayOfUnixEpoch - JulianDayOfMinValue) * TimeSpan.TicksPerDay)) / (double)TimeSpan.TicksPerSecond;
}
