using System.Globalization;
using System.Runtime.CompilerServices;

namespace Lightning.Data.Storage;

/// <summary>
/// One KV-SQL value: NULL, a 64-bit integer, a double, a string or a byte array. A struct, so numbers
/// never box; TEXT is held as a .NET string and encoded to UTF-8 only on its way to storage.
/// </summary>
internal readonly struct SqlValue
{
    private readonly long _bits;
    private readonly object? _reference;

    private SqlValue(SqlType type, long bits, object? reference)
    {
        Type = type;
        _bits = bits;
        _reference = reference;
    }

    /// <summary>The storage class.</summary>
    public SqlType Type { get; }

    public static SqlValue Null => default;
    public static readonly SqlValue True = new(SqlType.Integer, 1, null);
    public static readonly SqlValue False = new(SqlType.Integer, 0, null);

    public bool IsNull => Type == SqlType.Null;
    public bool IsNumeric => Type is SqlType.Integer or SqlType.Real;

    public static SqlValue FromInteger(long value) => new(SqlType.Integer, value, null);
    public static SqlValue FromReal(double value) => new(SqlType.Real, BitConverter.DoubleToInt64Bits(value), null);
    public static SqlValue FromBoolean(bool value) => value ? True : False;
    public static SqlValue FromText(string? value) => value is null ? Null : new(SqlType.Text, 0, value);
    public static SqlValue FromBlob(byte[]? value) => value is null ? Null : new(SqlType.Blob, 0, value);

    /// <summary>The integer; only valid when <see cref="Type"/> is Integer.</summary>
    public long Integer => _bits;

    /// <summary>The double; only valid when <see cref="Type"/> is Real.</summary>
    public double Real => BitConverter.Int64BitsToDouble(_bits);

    /// <summary>The string; only valid when <see cref="Type"/> is Text.</summary>
    public string Text => Unsafe.As<string>(_reference!);

    /// <summary>The bytes; only valid when <see cref="Type"/> is Blob.</summary>
    public byte[] Blob => Unsafe.As<byte[]>(_reference!);

    /// <summary>The value as a double (integers widen); only valid for numeric values.</summary>
    public double AsDouble => Type == SqlType.Integer ? _bits : Real;

    /// <summary>SQL truthiness: NULL is unknown (null), numbers are true when non-zero.</summary>
    public bool? AsBoolean => Type switch
    {
        SqlType.Null => null,
        SqlType.Integer => _bits != 0,
        SqlType.Real => Real != 0,
        SqlType.Text => double.TryParse(Text, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && d != 0,
        _ => false,
    };

    /// <summary>The value as a CLR object (DBNull for NULL): long, double, string or byte[].</summary>
    public object ToObject() => Type switch
    {
        SqlType.Null => DBNull.Value,
        SqlType.Integer => _bits,
        SqlType.Real => Real,
        _ => _reference!,
    };

    /// <summary>The SQL literal form, used by EXPLAIN and error messages.</summary>
    public override string ToString() => Type switch
    {
        SqlType.Null => "NULL",
        SqlType.Integer => _bits.ToString(CultureInfo.InvariantCulture),
        SqlType.Real => Real.ToString("R", CultureInfo.InvariantCulture),
        SqlType.Text => "'" + Text.Replace("'", "''", StringComparison.Ordinal) + "'",
        _ => "X'" + Convert.ToHexString(Blob) + "'",
    };
}
