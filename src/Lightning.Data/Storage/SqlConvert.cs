using System.Globalization;

namespace Lightning.Data.Storage;

/// <summary>The conversions expressions apply (CAST, arithmetic on text, concatenation), in invariant culture like SQLite.</summary>
internal static class SqlConvert
{
    /// <summary>The TEXT form of a value: integers as digits, reals round-trippable with a decimal point, BLOBs as UTF-8.</summary>
    public static string ToText(in SqlValue value) => value.Type switch
    {
        SqlType.Integer => value.Integer.ToString(CultureInfo.InvariantCulture),
        SqlType.Real => FormatReal(value.Real),
        SqlType.Text => value.Text,
        SqlType.Blob => System.Text.Encoding.UTF8.GetString(value.Blob),
        _ => "",
    };

    public static string FormatReal(double d)
    {
        if (double.IsPositiveInfinity(d)) return "Inf";
        if (double.IsNegativeInfinity(d)) return "-Inf";
        string s = d.ToString("R", CultureInfo.InvariantCulture);
        return s.Contains('.') || s.Contains('E') || s.Contains('N') ? s : s + ".0";
    }

    /// <summary>The numeric value of a value for arithmetic: numbers as they are, TEXT parsed (leading numeric prefix, else 0), NULL stays NULL.</summary>
    public static SqlValue ToNumeric(in SqlValue value)
    {
        switch (value.Type)
        {
            case SqlType.Integer or SqlType.Real or SqlType.Null:
                return value;
            case SqlType.Text:
                return ParseNumericPrefix(value.Text);
            default:
                return ParseNumericPrefix(System.Text.Encoding.UTF8.GetString(value.Blob));
        }
    }

    /// <summary>SQLite's CAST(text AS NUMERIC-ish): the longest numeric prefix, 0 when there is none.</summary>
    public static SqlValue ParseNumericPrefix(string text)
    {
        ReadOnlySpan<char> s = text.AsSpan().Trim();
        if (long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long l)) return SqlValue.FromInteger(l);
        if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double d)) return SqlValue.FromReal(d);
        int end = 0;
        if (end < s.Length && s[end] is '+' or '-') end++;
        int digitsStart = end;
        while (end < s.Length && char.IsAsciiDigit(s[end])) end++;
        bool isReal = false;
        if (end < s.Length && s[end] == '.')
        {
            isReal = true;
            end++;
            while (end < s.Length && char.IsAsciiDigit(s[end])) end++;
        }
        if (end == digitsStart) return SqlValue.FromInteger(0);
        ReadOnlySpan<char> prefix = s[..end];
        if (!isReal && long.TryParse(prefix, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out l)) return SqlValue.FromInteger(l);
        return double.TryParse(prefix, NumberStyles.Float, CultureInfo.InvariantCulture, out d) ? SqlValue.FromReal(d) : SqlValue.FromInteger(0);
    }

    /// <summary>CAST(value AS type) following the declared type's storage class.</summary>
    public static SqlValue Cast(in SqlValue value, SqlAffinity affinity, bool numericNamed)
    {
        if (value.IsNull) return value;
        switch (affinity)
        {
            case SqlAffinity.Integer:
            {
                SqlValue n = ToNumeric(value);
                if (n.Type == SqlType.Real)
                {
                    double d = n.Real;
                    if (double.IsNaN(d)) return SqlValue.FromInteger(0);
                    if (d >= 9.2233720368547758E18) return SqlValue.FromInteger(long.MaxValue);
                    if (d <= -9.2233720368547758E18) return SqlValue.FromInteger(long.MinValue);
                    return SqlValue.FromInteger((long)d);
                }
                return n;
            }
            case SqlAffinity.Real:
            {
                SqlValue n = ToNumeric(value);
                return n.Type == SqlType.Integer ? SqlValue.FromReal(n.Integer) : n;
            }
            case SqlAffinity.Text:
                return numericNamed && value.IsNumeric ? SqlValue.FromText(ToText(value)) : SqlValue.FromText(ToText(value));
            case SqlAffinity.Blob:
                return value.Type switch
                {
                    SqlType.Blob => value,
                    SqlType.Text => SqlValue.FromBlob(System.Text.Encoding.UTF8.GetBytes(value.Text)),
                    _ => SqlValue.FromBlob(System.Text.Encoding.UTF8.GetBytes(ToText(value))),
                };
            default:
                return numericNamed ? ToNumeric(value) : value;
        }
    }
}
