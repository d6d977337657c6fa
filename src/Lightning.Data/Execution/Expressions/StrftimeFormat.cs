using System.Globalization;

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
        // Every substitution writes at most 20 characters (%J, %s), so this bound never overflows; a stack buffer
        // keeps the common short formats (EF Core's '%Y', '%Y-%m-%d %H:%M:%f') to the one string they return.
        int bound = format.Length * 10 + 2;
        char[]? rented = bound > 256 ? System.Buffers.ArrayPool<char>.Shared.Rent(bound) : null;
        Span<char> buffer = rented is null ? stackalloc char[256] : rented;
        var builder = new CharWriter(buffer);
        try
        {
            Write(ref builder, format, time);
            return builder.ToString();
        }
        finally
        {
            if (rented is not null) System.Buffers.ArrayPool<char>.Shared.Return(rented);
        }
    }

    private static void Write(ref CharWriter builder, string format, in TimeValue time)
    {
        DateTime t = time.Value;
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
                case 'd': Two(ref builder, t.Day); break;
                case 'e': Space(ref builder, t.Day); break;
                case 'f':
                    Two(ref builder, t.Second);
                    builder.Append('.');
                    Three(ref builder, t.Millisecond);
                    break;
                case 'F':
                    Four(ref builder, t.Year);
                    builder.Append('-');
                    Two(ref builder, t.Month);
                    builder.Append('-');
                    Two(ref builder, t.Day);
                    break;
                case 'H': Two(ref builder, t.Hour); break;
                case 'I': Two(ref builder, Hour12(t.Hour)); break;
                case 'k': Space(ref builder, t.Hour); break;
                case 'l': Space(ref builder, Hour12(t.Hour)); break;
                case 'j': Three(ref builder, t.DayOfYear); break;
                case 'J': builder.Append(time.JulianDay, "0.0#########"); break;
                case 'm': Two(ref builder, t.Month); break;
                case 'M': Two(ref builder, t.Minute); break;
                case 'p': builder.Append(t.Hour < 12 ? "AM" : "PM"); break;
                case 'P': builder.Append(t.Hour < 12 ? "am" : "pm"); break;
                case 'R':
                    Two(ref builder, t.Hour);
                    builder.Append(':');
                    Two(ref builder, t.Minute);
                    break;
                case 's': builder.Append(time.UnixSeconds); break;
                case 'S': Two(ref builder, t.Second); break;
                case 'T':
                    Two(ref builder, t.Hour);
                    builder.Append(':');
                    Two(ref builder, t.Minute);
                    builder.Append(':');
                    Two(ref builder, t.Second);
                    break;
                case 'u': builder.Append((char)('0' + (t.DayOfWeek == DayOfWeek.Sunday ? 7 : (int)t.DayOfWeek))); break;
                case 'w': builder.Append((char)('0' + (int)t.DayOfWeek)); break;
                case 'W':
                {
                    // Week of the year, weeks starting on Monday; days before the first Monday are week 00.
                    int mondayBased = ((int)t.DayOfWeek + 6) % 7;
                    Two(ref builder, (t.DayOfYear - 1 + 7 - mondayBased) / 7);
                    break;
                }
                case 'Y': Four(ref builder, t.Year); break;
                case '%': builder.Append('%'); break;
                default: throw new FormatException($"the substitution '%{format[i]}'");
            }
        }
    }

    private static int Hour12(int hour) => hour % 12 == 0 ? 12 : hour % 12;

    private static void Two(ref CharWriter b, int value)
    {
        b.Append((char)('0' + value / 10));
        b.Append((char)('0' + value % 10));
    }

    private static void Space(ref CharWriter b, int value)
    {
        b.Append(value < 10 ? ' ' : (char)('0' + value / 10));
        b.Append((char)('0' + value % 10));
    }

    private static void Three(ref CharWriter b, int value)
    {
        b.Append((char)('0' + value / 100));
        Two(ref b, value % 100);
    }

    private static void Four(ref CharWriter b, int value)
    {
        Two(ref b, value / 100);
        Two(ref b, value % 100);
    }

    /// <summary>Appends into a caller-provided buffer sized for the worst case of the format.</summary>
    private ref struct CharWriter(Span<char> buffer)
    {
        private readonly Span<char> _buffer = buffer;
        private int _length;

        public void Append(char c) => _buffer[_length++] = c;

        public void Append(long value)
        {
            value.TryFormat(_buffer[_length..], out int written, default, CultureInfo.InvariantCulture);
            _length += written;
        }

        public void Append(double value, string format)
        {
            value.TryFormat(_buffer[_length..], out int written, format, CultureInfo.InvariantCulture);
            _length += written;
        }

        public void Append(string text)
        {
            text.AsSpan().CopyTo(_buffer[_length..]);
            _length += text.Length;
        }

        public override readonly string ToString() => new(_buffer[.._length]);
    }
}
