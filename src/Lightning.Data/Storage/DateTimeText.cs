namespace Lightning.Data.Storage;

/// <summary>
/// The canonical text form of a DateTime value, <c>yyyy-MM-dd HH:mm:ss[.fffffff]</c> (fraction without trailing zeros,
/// no offset): what a DateTime parameter is stored as, written and recognised here by hand. The general
/// <c>DateTime.ToString(format)</c>/<c>DateTime.TryParse</c> cost a few hundred nanoseconds per value, which EF Core
/// pays for every DateTime column of every row it reads and every entity it saves. Anything else (offsets, 'Z', other
/// layouts) is left to the general parser by the caller.
/// </summary>
internal static class DateTimeText
{
    private const int DateAndTimeLength = 19; // yyyy-MM-dd HH:mm:ss

    /// <summary>Formats like <c>ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", InvariantCulture)</c>: the kind is ignored, the
    /// fraction drops its trailing zeros and, when zero, its point.</summary>
    public static string Format(DateTime value)
    {
        int fraction = (int)(value.Ticks % TimeSpan.TicksPerSecond);
        int fractionDigits = 0;
        if (fraction != 0)
        {
            fractionDigits = 7;
            while (fraction % 10 == 0)
            {
                fraction /= 10;
                fractionDigits--;
            }
        }
        int length = DateAndTimeLength + (fractionDigits == 0 ? 0 : 1 + fractionDigits);
        return string.Create(length, (value, fraction, fractionDigits), static (chars, state) =>
        {
            DateTime v = state.value;
            WriteDigits(chars[..4], v.Year);
            chars[4] = '-';
            WriteDigits(chars.Slice(5, 2), v.Month);
            chars[7] = '-';
            WriteDigits(chars.Slice(8, 2), v.Day);
            chars[10] = ' ';
            WriteDigits(chars.Slice(11, 2), v.Hour);
            chars[13] = ':';
            WriteDigits(chars.Slice(14, 2), v.Minute);
            chars[16] = ':';
            WriteDigits(chars.Slice(17, 2), v.Second);
            if (state.fractionDigits == 0) return;
            chars[19] = '.';
            WriteDigits(chars[20..], state.fraction);
        });
    }

    private static void WriteDigits(Span<char> destination, int value)
    {
        for (int i = destination.Length - 1; i >= 0; i--)
        {
            destination[i] = (char)('0' + value % 10);
            value /= 10;
        }
    }

    /// <summary>
    /// Parses exactly <c>yyyy-MM-dd HH:mm:ss</c> or <c>yyyy-MM-ddTHH:mm:ss</c>, optionally followed by <c>.</c> and 1–7
    /// fraction digits, into a <see cref="DateTimeKind.Unspecified"/> value (what the general parser yields for text
    /// without an offset). False for any other text or an impossible date or time.
    /// </summary>
    public static bool TryParse(string text, out DateTime value)
    {
        value = default;
        int length = text.Length;
        if (length < DateAndTimeLength || length == DateAndTimeLength + 1 || length > DateAndTimeLength + 8) return false;
        if (text[4] != '-' || text[7] != '-' || text[10] is not (' ' or 'T') || text[13] != ':' || text[16] != ':') return false;
        if (!TryDigits(text, 0, 4, out int year) || !TryDigits(text, 5, 2, out int month) || !TryDigits(text, 8, 2, out int day)
            || !TryDigits(text, 11, 2, out int hour) || !TryDigits(text, 14, 2, out int minute) || !TryDigits(text, 17, 2, out int second))
            return false;
        long fractionTicks = 0;
        if (length > DateAndTimeLength)
        {
            if (text[DateAndTimeLength] != '.') return false;
            int digits = length - DateAndTimeLength - 1;
            if (!TryDigits(text, DateAndTimeLength + 1, digits, out int fraction)) return false;
            fractionTicks = fraction;
            for (int i = digits; i < 7; i++) fractionTicks *= 10;
        }
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
            return false;
        value = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified).AddTicks(fractionTicks);
        return true;
    }

    private static bool TryDigits(string text, int start, int count, out int value)
    {
        value = 0;
        for (int i = start; i < start + count; i++)
        {
            int digit = text[i] - '0';
            if ((uint)digit > 9) return false;
            value = value * 10 + digit;
        }
        return true;
    }
}
