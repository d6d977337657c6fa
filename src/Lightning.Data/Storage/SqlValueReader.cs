using System.Globalization;

namespace Lightning.Data.Storage;

/// <summary>Converts KV-SQL values to the CLR types the data reader's getters return (the one place this conversion lives).
/// Impossible conversions throw <see cref="InvalidCastException"/>, the ADO.NET convention.</summary>
internal static class SqlValueReader
{
    public static long GetInt64(in SqlValue v) => v.Type switch
    {
        SqlType.Integer => v.Integer,
        SqlType.Real => checked((long)v.Real),
        SqlType.Text when long.TryParse(v.Text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long l) => l,
        _ => throw Cast(v, typeof(long)),
    };

    public static double GetDouble(in SqlValue v) => v.Type switch
    {
        SqlType.Real => v.Real,
        SqlType.Integer => v.Integer,
        SqlType.Text when double.TryParse(v.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) => d,
        _ => throw Cast(v, typeof(double)),
    };

    public static decimal GetDecimal(in SqlValue v) => v.Type switch
    {
        SqlType.Integer => v.Integer,
        SqlType.Real => (decimal)v.Real,
        SqlType.Text when decimal.TryParse(v.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out decimal m) => m,
        _ => throw Cast(v, typeof(decimal)),
    };

    public static string GetString(in SqlValue v) => v.Type switch
    {
        SqlType.Null => throw Cast(v, typeof(string)),
        _ => SqlConvert.ToText(v),
    };

    public static bool GetBoolean(in SqlValue v) => v.Type switch
    {
        SqlType.Integer => v.Integer != 0,
        SqlType.Real => v.Real != 0,
        SqlType.Text when bool.TryParse(v.Text, out bool b) => b,
        SqlType.Text when long.TryParse(v.Text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long l) => l != 0,
        _ => throw Cast(v, typeof(bool)),
    };

    public static Guid GetGuid(in SqlValue v) => v.Type switch
    {
        SqlType.Text when Guid.TryParse(v.Text, out Guid g) => g,
        SqlType.Blob when v.Blob.Length == 16 => new Guid(v.Blob),
        _ => throw Cast(v, typeof(Guid)),
    };

    public static DateTime GetDateTime(in SqlValue v) => v.Type switch
    {
        // The form DateTime parameters are stored in, parsed by hand; other text goes to the general parser.
        SqlType.Text when DateTimeText.TryParse(v.Text, out DateTime canonical) => canonical,
        SqlType.Text when DateTime.TryParse(v.Text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out DateTime d)
            => v.Text.Length > 19 && (v.Text.EndsWith('Z') || v.Text.Contains('+', StringComparison.Ordinal) || v.Text.LastIndexOf('-') > 9) ? d : DateTime.SpecifyKind(d, DateTimeKind.Unspecified),
        SqlType.Real or SqlType.Integer => FromJulianDay(v.AsDouble),
        _ => throw Cast(v, typeof(DateTime)),
    };

    /// <summary>A REAL or INTEGER date is a Julian day number, as in SQLite (2451545.0 = 2000-01-01 12:00).</summary>
    private static DateTime FromJulianDay(double julianDay)
    {
        double milliseconds = Math.Round((julianDay - 2451545.0) * 86_400_000.0);
        DateTime epoch = new(2000, 1, 1, 12, 0, 0, DateTimeKind.Unspecified);
        if (double.IsNaN(milliseconds) || milliseconds < (DateTime.MinValue - epoch).TotalMilliseconds || milliseconds > (DateTime.MaxValue - epoch).TotalMilliseconds)
            throw new InvalidCastException($"The Julian day {julianDay.ToString(CultureInfo.InvariantCulture)} is outside the DateTime range.");
        return epoch.AddMilliseconds(milliseconds);
    }

    public static DateTimeOffset GetDateTimeOffset(in SqlValue v) => v.Type switch
    {
        SqlType.Text when DateTimeOffset.TryParse(v.Text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset d) => d,
        _ => throw Cast(v, typeof(DateTimeOffset)),
    };

    public static byte[] GetBlob(in SqlValue v) => v.Type switch
    {
        SqlType.Blob => v.Blob,
        SqlType.Text => System.Text.Encoding.UTF8.GetBytes(v.Text),
        _ => throw Cast(v, typeof(byte[])),
    };

    /// <summary>GetFieldValue&lt;T&gt; for every supported T (including Nullable&lt;T&gt;).</summary>
    public static T Get<T>(in SqlValue v)
    {
        Type type = typeof(T);
        Type? underlying = Nullable.GetUnderlyingType(type);
        if (v.IsNull)
        {
            if (underlying is not null) return default!;
            if (type == typeof(object)) return (T)(object)DBNull.Value;
            throw new InvalidCastException($"The value is NULL; it cannot be read as {type.Name}. Use a nullable type or check IsDBNull.");
        }
        return (T)Convert(v, underlying ?? type);
    }

    public static object Convert(in SqlValue v, Type type)
    {
        if (type == typeof(object)) return v.ToObject();
        if (type == typeof(long)) return GetInt64(v);
        if (type == typeof(int)) return checked((int)GetInt64(v));
        if (type == typeof(short)) return checked((short)GetInt64(v));
        if (type == typeof(byte)) return checked((byte)GetInt64(v));
        if (type == typeof(sbyte)) return checked((sbyte)GetInt64(v));
        if (type == typeof(ushort)) return checked((ushort)GetInt64(v));
        if (type == typeof(uint)) return checked((uint)GetInt64(v));
        if (type == typeof(ulong)) return checked((ulong)GetInt64(v));
        if (type == typeof(bool)) return GetBoolean(v);
        if (type == typeof(double)) return GetDouble(v);
        if (type == typeof(float)) return (float)GetDouble(v);
        if (type == typeof(decimal)) return GetDecimal(v);
        if (type == typeof(string)) return GetString(v);
        if (type == typeof(char))
        {
            if (v.Type == SqlType.Integer) return checked((char)v.Integer);
            return v.Type == SqlType.Text && v.Text.Length == 1 ? v.Text[0] : throw Cast(v, typeof(char));
        }
        if (type == typeof(Guid)) return GetGuid(v);
        if (type == typeof(DateTime)) return GetDateTime(v);
        if (type == typeof(DateTimeOffset)) return GetDateTimeOffset(v);
        if (type == typeof(DateOnly))
            return v.Type == SqlType.Text && DateOnly.TryParseExact(v.Text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateOnly date)
                ? date
                : DateOnly.FromDateTime(GetDateTime(v));
        if (type == typeof(TimeOnly))
            return v.Type == SqlType.Text && TimeOnly.TryParse(v.Text, CultureInfo.InvariantCulture, out TimeOnly t) ? t : throw Cast(v, type);
        if (type == typeof(TimeSpan))
        {
            if (v.Type == SqlType.Text && TimeSpan.TryParse(v.Text, CultureInfo.InvariantCulture, out TimeSpan ts)) return ts;
            if (v.IsNumeric && Math.Abs(v.AsDouble) < TimeSpan.MaxValue.TotalDays) return TimeSpan.FromDays(v.AsDouble); // days, as SQLite
            throw Cast(v, type);
        }
        if (type == typeof(byte[])) return GetBlob(v);
        if (type == typeof(Stream)) return new MemoryStream(GetBlob(v), writable: false);
        if (type == typeof(TextReader)) return new StringReader(GetString(v));
        if (type.IsEnum)
        {
            if (v.Type != SqlType.Text) return Enum.ToObject(type, GetInt64(v));
            return Enum.TryParse(type, v.Text, ignoreCase: true, out object? parsed) ? parsed : throw Cast(v, type);
        }
        throw Cast(v, type);
    }

    public static Type ClrType(SqlType type) => type switch
    {
        SqlType.Integer => typeof(long),
        SqlType.Real => typeof(double),
        SqlType.Blob => typeof(byte[]),
        _ => typeof(string),
    };

    private static InvalidCastException Cast(in SqlValue v, Type type) =>
        new($"Cannot read a {v.Type.ToString().ToUpperInvariant()} value as {type.Name}.");
}
