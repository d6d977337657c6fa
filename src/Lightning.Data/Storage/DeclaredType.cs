namespace Lightning.Data.Storage;

/// <summary>
/// The .NET type a column's declared type stands for (SMALLINT → short, BOOLEAN → bool, GUID → Guid, DECIMAL → decimal,
/// DATETIME → DateTime…). The data reader returns that type from GetValue/GetFieldType and, as the ADO.NET specification
/// tests expect, refuses typed getters that do not fit it. Columns without one (expressions, untyped columns) are read
/// by their storage class, leniently.
/// </summary>
internal enum DeclaredType : byte
{
    None, Boolean, Byte, Int16, Int32, Int64, Double, Decimal, String, Guid, DateTime, Binary,
}

internal static class DeclaredTypes
{
    /// <summary>The declared type of each of <paramref name="columns"/>.</summary>
    public static DeclaredType[] For(IReadOnlyList<Execution.ResultColumn> columns)
    {
        var types = new DeclaredType[columns.Count];
        for (int i = 0; i < types.Length; i++) types[i] = Of(columns[i].DeclaredType);
        return types;
    }

    public static DeclaredType Of(string? declared)
    {
        if (declared is null) return DeclaredType.None;
        int paren = declared.IndexOf('(');
        string name = (paren >= 0 ? declared[..paren] : declared).Trim().ToUpperInvariant();
        return name switch
        {
            "BOOLEAN" or "BOOL" or "BIT" => DeclaredType.Boolean,
            "TINYINT" or "BYTE" => DeclaredType.Byte,
            "SMALLINT" or "INT2" => DeclaredType.Int16,
            "INT" or "INT4" or "MEDIUMINT" => DeclaredType.Int32,
            "INTEGER" or "BIGINT" or "INT8" or "LONG" or "UNSIGNED BIG INT" => DeclaredType.Int64,
            "REAL" or "DOUBLE" or "DOUBLE PRECISION" or "FLOAT" => DeclaredType.Double,
            "DECIMAL" or "NUMERIC" or "MONEY" => DeclaredType.Decimal,
            "TEXT" or "VARCHAR" or "CHAR" or "NVARCHAR" or "NCHAR" or "CLOB" or "STRING" or "CHARACTER" => DeclaredType.String,
            "GUID" or "UUID" or "UNIQUEIDENTIFIER" => DeclaredType.Guid,
            "DATETIME" or "TIMESTAMP" or "DATE" => DeclaredType.DateTime,
            "BLOB" or "BINARY" or "VARBINARY" or "BYTEA" => DeclaredType.Binary,
            _ => DeclaredType.None,
        };
    }

    public static Type? ClrType(DeclaredType type) => type switch
    {
        DeclaredType.Boolean => typeof(bool),
        DeclaredType.Byte => typeof(byte),
        DeclaredType.Int16 => typeof(short),
        DeclaredType.Int32 => typeof(int),
        DeclaredType.Int64 => typeof(long),
        DeclaredType.Double => typeof(double),
        DeclaredType.Decimal => typeof(decimal),
        DeclaredType.String => typeof(string),
        DeclaredType.Guid => typeof(Guid),
        DeclaredType.DateTime => typeof(DateTime),
        DeclaredType.Binary => typeof(byte[]),
        _ => null,
    };

    /// <summary>True when a typed read as <paramref name="target"/> fits a column declared as <paramref name="declared"/>.</summary>
    public static bool Allows(DeclaredType declared, Type target)
    {
        if (declared == DeclaredType.None || target == typeof(object)) return true;
        bool integer = target == typeof(short) || target == typeof(int) || target == typeof(long) || target == typeof(ushort) || target == typeof(uint) || target == typeof(ulong) || target == typeof(sbyte);
        bool number = integer || target == typeof(double) || target == typeof(float) || target == typeof(decimal);
        return declared switch
        {
            DeclaredType.Boolean => target == typeof(bool),
            DeclaredType.Byte or DeclaredType.Int16 or DeclaredType.Int32 or DeclaredType.Int64 => number || target == typeof(byte) && declared == DeclaredType.Byte || target.IsEnum,
            DeclaredType.Double => target == typeof(double) || integer,
            DeclaredType.Decimal => target == typeof(decimal) || target == typeof(double) || target == typeof(float) || integer,
            DeclaredType.String => !number && target != typeof(bool) && target != typeof(byte),
            DeclaredType.Guid => target == typeof(Guid) || target == typeof(byte[]),
            DeclaredType.DateTime => target == typeof(DateTime) || target == typeof(DateTimeOffset) || target == typeof(DateOnly) || target == typeof(string),
            DeclaredType.Binary => target == typeof(byte[]) || target == typeof(Stream) || target == typeof(Guid) || target == typeof(string),
            _ => true,
        };
    }
}
