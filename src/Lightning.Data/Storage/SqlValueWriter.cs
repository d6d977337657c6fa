using System.Globalization;
using Lightning.Kv;

namespace Lightning.Data.Storage;

/// <summary>Converts CLR parameter values to KV-SQL values (the one place this conversion lives): null/DBNull → NULL;
/// bool, integers and enums → INTEGER; float/double → REAL; decimal, string, char, Guid and date/time values → TEXT
/// (invariant culture, ISO-8601 / canonical forms); byte[] and byte memory → BLOB (a Guid too when DbType is Binary).</summary>
internal static class SqlValueWriter
{
    public static SqlValue FromObject(object? value, System.Data.DbType? dbType, string parameterName)
    {
        switch (value)
        {
            // The common types first, without the IConvertible round trip the general integer case takes.
            case long l: return SqlValue.FromInteger(l);
            case int i: return SqlValue.FromInteger(i);
            case string s: return SqlValue.FromText(s);
            case double d: return SqlValue.FromReal(d);
            case null or DBNull: return SqlValue.Null;
            case bool b: return SqlValue.FromBoolean(b);
            case byte or sbyte or short or ushort or uint: return SqlValue.FromInteger(Convert.ToInt64(value, CultureInfo.InvariantCulture));
            case ulong u:
                if (u > long.MaxValue)
                    throw new LightningSqlException(LightningErrorCode.SqlTypeMismatch, $"Parameter '{parameterName}' has the UInt64 value {u}, above the INTEGER range (Int64.MaxValue).");
                return SqlValue.FromInteger((long)u);
            case Enum e: return FromObject(Convert.ChangeType(e, e.GetTypeCode(), CultureInfo.InvariantCulture), dbType, parameterName);
            case float f: return SqlValue.FromReal(f);
            case decimal m: return SqlValue.FromText(m.ToString(CultureInfo.InvariantCulture));
            case char c: return SqlValue.FromText(c.ToString());
            case Guid g: return dbType == System.Data.DbType.Binary ? SqlValue.FromBlob(g.ToByteArray()) : SqlValue.FromText(g.ToString("D"));
            case DateTime dt: return SqlValue.FromText(DateTimeText.Format(dt)); // yyyy-MM-dd HH:mm:ss.FFFFFFF
            case DateTimeOffset dto: return SqlValue.FromText(dto.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture).Replace(". ", " ", StringComparison.Ordinal));
            case DateOnly date: return SqlValue.FromText(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            case TimeOnly time: return SqlValue.FromText(time.ToString("HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture).TrimEnd('.'));
            case TimeSpan span: return SqlValue.FromText(span.ToString("c", CultureInfo.InvariantCulture));
            case byte[] bytes: return SqlValue.FromBlob(bytes);
            case ReadOnlyMemory<byte> rom: return SqlValue.FromBlob(rom.ToArray());
            case Memory<byte> mem: return SqlValue.FromBlob(mem.ToArray());
            case ArraySegment<byte> segment: return SqlValue.FromBlob(segment.ToArray());
            case Stream stream:
                using (var copy = new MemoryStream())
                {
                    stream.CopyTo(copy);
                    return SqlValue.FromBlob(copy.ToArray());
                }
            default: throw Mismatch(parameterName, $"a value of type {value.GetType().Name}");
        }
    }

    /// <summary>An unsupported CLR type is a programming error, reported the ADO.NET way (as Microsoft.Data.Sqlite does).</summary>
    private static InvalidOperationException Mismatch(string name, string what) =>
        new($"Parameter '{name}' has {what}, which Lightning.Data cannot store.");
}
