using System.Globalization;
using System.Text;

namespace Lightning.Data.Execution.Expressions;

/// <summary>
/// SQLite's <c>strftime</c> substitutions: <c>%d %e %f %F %H %I %j %J %k %l %m %M %p %P %R %s %S %T %u %w %W %Y %%</c>.
/// <c>%f</c> is seconds with milliseconds (<c>SS.SSS</c>, truncated, as SQLite keeps milliseconds).
/// </summary>
internal static class StrftimeFormat
{
    /// <summary>Formats <paramref name="time"/>; throws <see cref="FormatException"/> naming an unknown substitution.</summary>
    public static string Format(string format, in TimeValue time)
    {
        DateTime t = time.Value;
        var builder = new StringBuilder(format.Length + 16);
        for (int i = 0; i < format.Length; i++)
        {
            char c = format[i];
            if (c != '%')
            {
                builder.Append(c);
                continue;
            }
            if (++i == format.Length) throw new FormatException("a '%' at the end of the format");
            switch (format[i])
            {
                case 'd': Two(builder, t.Day); break;
                case 'e': Space(builder, t.Day); break;
                case 'f':
                    Two(builder, t.Second);
                    builder.Append('.');
                    Three(builder, t.Millisecond);
                    break;
                case 'F':
                    Four(builder, t.Year);
                    builder.Append('-');
                    Two(builder, t.Month);
                    builder.Append('-');
                    Two(builder, t.Day);
                    break;
                case 'H': Two(builder, t.Hour); break;
                case 'I': Two(builder, Hour12(t.Hour)); break;
                case 'k': Space(builder, t.Hour); break;
                case 'l': Space(builder, Hour12(t.Hour)); break;
                case 'j': Three(builder, t.DayOfYear); break;
                case 'J': builder.Append(time.JulianDay.ToString("0.0#########", CultureInfo.InvariantCulture)); break;
                case 'm': Two(builder, t.Month); break;
                case 'M': Two(builder, t.Minute); break;
                case 'p': builder.Append(t.Hour < 12 ? "AM" : "PM"); break;
                case 'P': builder.Append(t.Hour < 12 ? "am" : "pm"); break;
                case 'R':
                    Two(builder, t.Hour);
                    builder.Append(':');
                    Two(builder, t.Minute);
                    break;
                case 's': builder.Append(time.UnixSeconds.ToString(CultureInfo.InvariantCulture)); break;
                case 'S': Two(builder, t.Second); break;
                case 'T':
                    Two(builder, t.Hour);
                    builder.Append(':');
                    Two(builder, t.Minute);
                    builder.Append(':');
                    Two(builder, t.Second);
                    break;
                case 'u': builder.Append(t.DayOfWeek == DayOfWeek.Sunday ? 7 : (int)t.DayOfWeek); break;
                case 'w': builder.Append((int)t.DayOfWeek); break;
                case 'W':
                {
                    // Week of the year, weeks starting on Monday; days before the first Monday are week 00.
                    int mondayBased = ((int)t.DayOfWeek + 6) % 7;
                    Two(builder, (t.DayOfYear - 1 + 7 - mondayBased) / 7);
                    break;
                }
                case 'Y': Four(builder, t.Year); break;
                case '%': builder.Append('%'); break;
                default: throw new FormatException($"the substitution '%{format[i]}'");
            }
        }
        return builder.ToString();
    }

    private static int Hour12(int hour) => hour % 12 == 0 ? 12 : hour % 12;

    private static void Two(StringBuilder b, int value) => b.Append((char)('0' + value / 10)).Append((char)('0' + value % 10));

    private static void Space(StringBuilder b, int value) => b.Append(value < 10 ? ' ' : (char)('0' + value / 10)).Append((char)('0' + value % 10));

    private static void Three(StringBuilder b, int value) => b.Append((char)('0' + value / 100)).Append((char)('0' + value / 10 % 10)).Append((char)('0' + value % 10));

    private static void Four(StringBuilder b, int value) => b.Append((char)('0' + value / 1000)).Append((char)('0' + value / 100 % 10)).Append((char)('0' + value / 10 % 10)).Append((char)('0' + value % 10));
}
