using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using Lightning.Data.Storage;

namespace Lightning.Data;

/// <summary>A parameter of a <see cref="LightningCommand"/>: <c>@name</c>, <c>:name</c>, <c>$name</c> or positional <c>?</c>.
/// Values convert to KV-SQL storage classes as docs/sql.md describes (decimal, Guid and date/time values become TEXT).</summary>
public sealed class LightningParameter : DbParameter
{
    private DbType? _dbType;

    /// <summary>Creates an unnamed parameter.</summary>
    public LightningParameter()
    {
    }

    /// <summary>Creates a parameter with a name and value.</summary>
    public LightningParameter(string? name, object? value)
    {
        ParameterName = name ?? "";
        Value = value;
    }

    /// <summary>Creates a parameter with a name and type.</summary>
    public LightningParameter(string? name, DbType dbType)
    {
        ParameterName = name ?? "";
        DbType = dbType;
    }

    /// <summary>The parameter's type: set explicitly, or inferred from <see cref="Value"/>.</summary>
    public override DbType DbType
    {
        get => _dbType ?? Infer(Value);
        set => _dbType = value;
    }
    /// <summary>Only <see cref="ParameterDirection.Input"/> is supported: a command with a parameter of another direction
    /// fails with <see cref="InvalidOperationException"/> when it runs.</summary>
    public override ParameterDirection Direction { get; set; } = ParameterDirection.Input;
    /// <inheritdoc />
    public override bool IsNullable { get; set; }
    /// <inheritdoc />
    [AllowNull] public override string ParameterName { get => _name; set => _name = value ?? ""; }
    private string _name = "";
    /// <summary>The maximum size: set explicitly (-1 or more), else the length of a string or byte[] value, else 0.
    /// Informational only: values are never truncated.</summary>
    public override int Size
    {
        get => _size ?? Value switch { string s => s.Length, byte[] b => b.Length, _ => 0 };
        set => _size = value >= -1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "Size must be -1 or more.");
    }
    private int? _size;
    /// <inheritdoc />
    [AllowNull] public override string SourceColumn { get => _sourceColumn; set => _sourceColumn = value ?? ""; }
    private string _sourceColumn = "";
    /// <inheritdoc />
    public override bool SourceColumnNullMapping { get; set; }
    /// <inheritdoc />
    public override object? Value { get; set; }

    /// <inheritdoc />
    public override DataRowVersion SourceVersion { get; set; } = DataRowVersion.Current;
    /// <inheritdoc />
    public override void ResetDbType() => _dbType = null;

    /// <summary>The value converted to KV-SQL (see <see cref="SqlValueWriter"/>).</summary>
    /// <exception cref="InvalidOperationException">Value is null (use DBNull.Value), the direction is not Input, or the value's type cannot be stored.</exception>
    internal SqlValue GetSqlValue()
    {
        if (Direction != ParameterDirection.Input)
            throw new InvalidOperationException($"Parameter '{ParameterName}': only ParameterDirection.Input is supported.");
        if (Value is null)
            throw new InvalidOperationException($"Parameter '{ParameterName}' has no value: set Value (DBNull.Value for NULL).");
        return SqlValueWriter.FromObject(Value, _dbType, ParameterName);
    }

    private static DbType Infer(object? value) => value switch
    {
        bool => DbType.Boolean,
        byte => DbType.Byte,
        sbyte => DbType.SByte,
        short => DbType.Int16,
        ushort => DbType.UInt16,
        int => DbType.Int32,
        uint => DbType.UInt32,
        long => DbType.Int64,
        ulong => DbType.UInt64,
        float => DbType.Single,
        double => DbType.Double,
        decimal => DbType.Decimal,
        Guid => DbType.Guid,
        DateTime => DbType.DateTime,
        DateTimeOffset => DbType.DateTimeOffset,
        DateOnly => DbType.Date,
        TimeOnly or TimeSpan => DbType.Time,
        byte[] or ReadOnlyMemory<byte> or Memory<byte> or ArraySegment<byte> or Stream => DbType.Binary,
        Enum e => Infer(Convert.ChangeType(e, e.GetTypeCode(), System.Globalization.CultureInfo.InvariantCulture)),
        null or DBNull => DbType.String,
        _ => DbType.String,
    };
}
