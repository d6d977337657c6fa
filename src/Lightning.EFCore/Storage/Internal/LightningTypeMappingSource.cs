using System.Data;
using Microsoft.EntityFrameworkCore.Storage;

namespace Lightning.EFCore.Storage.Internal;

/// <summary>
/// Maps CLR types onto KV-SQL column types. Every mapping's declared type is one the Lightning.Data reader knows, so
/// the typed getter EF Core calls (GetBoolean, GetByte, GetGuid, GetDateTime…) is accepted for that column:
/// <c>INTEGER</c> (all integer widths except byte), <c>TINYINT</c> (byte), <c>BOOLEAN</c>, <c>REAL</c> (double and
/// float), <c>DECIMAL</c> (exact, stored as text), <c>TEXT</c>, <c>BLOB</c>, <c>GUID</c>, <c>DATETIME</c>, <c>DATE</c>,
/// and <c>TEXT</c> forms for DateTimeOffset, TimeOnly, TimeSpan and char. Literals use exactly the text forms
/// Lightning.Data stores for parameters, so a value compares equal whichever way it reaches the database.
/// </summary>
public class LightningTypeMappingSource(TypeMappingSourceDependencies dependencies, RelationalTypeMappingSourceDependencies relationalDependencies)
    : RelationalTypeMappingSource(dependencies, relationalDependencies)
{
    private static readonly LongTypeMapping Integer = new("INTEGER", DbType.Int64);
    private static readonly IntTypeMapping Int = new("INTEGER", DbType.Int32);
    private static readonly ShortTypeMapping Short = new("INTEGER", DbType.Int16);
    private static readonly SByteTypeMapping SByte = new("INTEGER", DbType.SByte);
    private static readonly UShortTypeMapping UShort = new("INTEGER", DbType.UInt16);
    private static readonly UIntTypeMapping UInt = new("INTEGER", DbType.UInt32);
    private static readonly ULongTypeMapping ULong = new("INTEGER", DbType.UInt64);
    private static readonly ByteTypeMapping Byte = new("TINYINT", DbType.Byte);
    private static readonly BoolTypeMapping Bool = new("BOOLEAN", DbType.Boolean);
    private static readonly DoubleTypeMapping Real = new("REAL", DbType.Double);
    private static readonly LightningFloatTypeMapping Float = new("REAL");
    private static readonly LightningDecimalTypeMapping Decimal = new("DECIMAL");
    private static readonly StringTypeMapping Text = new("TEXT", DbType.String);
    private static readonly ByteArrayTypeMapping Blob = new("BLOB", DbType.Binary);
    private static readonly LightningGuidTypeMapping Guid = new("GUID");
    private static readonly LightningDateTimeTypeMapping DateTime = new("DATETIME");
    private static readonly LightningDateOnlyTypeMapping DateOnly = new("DATE");
    private static readonly LightningDateTimeOffsetTypeMapping DateTimeOffset = new("TEXT");
    private static readonly LightningTimeOnlyTypeMapping TimeOnly = new("TEXT");
    private static readonly LightningTimeSpanTypeMapping TimeSpan = new("TEXT");
    private static readonly CharTypeMapping Char = new("TEXT", DbType.String);

    private static readonly Dictionary<Type, RelationalTypeMapping> ClrTypeMappings = new()
    {
        [typeof(long)] = Integer,
        [typeof(int)] = Int,
        [typeof(short)] = Short,
        [typeof(sbyte)] = SByte,
        [typeof(ushort)] = UShort,
        [typeof(uint)] = UInt,
        [typeof(ulong)] = ULong,
        [typeof(byte)] = Byte,
        [typeof(bool)] = Bool,
        [typeof(double)] = Real,
        [typeof(float)] = Float,
        [typeof(decimal)] = Decimal,
        [typeof(string)] = Text,
        [typeof(byte[])] = Blob,
        [typeof(Guid)] = Guid,
        [typeof(DateTime)] = DateTime,
        [typeof(DateOnly)] = DateOnly,
        [typeof(DateTimeOffset)] = DateTimeOffset,
        [typeof(TimeOnly)] = TimeOnly,
        [typeof(TimeSpan)] = TimeSpan,
        [typeof(char)] = Char,
    };

    private static readonly Dictionary<string, RelationalTypeMapping> StoreTypeMappings = new(StringComparer.OrdinalIgnoreCase)
    {
        ["INTEGER"] = Integer,
        ["BIGINT"] = Integer,
        ["INT"] = Int,
        ["SMALLINT"] = Short,
        ["TINYINT"] = Byte,
        ["BOOLEAN"] = Bool,
        ["REAL"] = Real,
        ["DOUBLE"] = Real,
        ["FLOAT"] = Real,
        ["DECIMAL"] = Decimal,
        ["NUMERIC"] = Decimal,
        ["TEXT"] = Text,
        ["VARCHAR"] = Text,
        ["NVARCHAR"] = Text,
        ["CHAR"] = Text,
        ["CLOB"] = Text,
        ["BLOB"] = Blob,
        ["GUID"] = Guid,
        ["UUID"] = Guid,
        ["DATETIME"] = DateTime,
        ["TIMESTAMP"] = DateTime,
        ["DATE"] = DateOnly,
    };

    /// <inheritdoc />
    protected override RelationalTypeMapping? FindMapping(in RelationalTypeMappingInfo mappingInfo)
    {
        Type? clrType = mappingInfo.ClrType;
        string? storeTypeName = mappingInfo.StoreTypeNameBase ?? mappingInfo.StoreTypeName;
        if (storeTypeName is not null)
        {
            if (StoreTypeMappings.TryGetValue(storeTypeName, out RelationalTypeMapping? byStore)
                && (clrType is null || byStore.ClrType == clrType))
                return byStore;
            // A store type that names another CLR type (e.g. TEXT for a DateTime): keep the CLR mapping, use the name given.
            if (clrType is not null && ClrTypeMappings.TryGetValue(clrType, out RelationalTypeMapping? byClr))
                return byClr.WithStoreTypeAndSize(mappingInfo.StoreTypeName!, mappingInfo.Size);
        }
        if (clrType is not null && ClrTypeMappings.TryGetValue(clrType, out RelationalTypeMapping? mapping))
            return mapping;
        return base.FindMapping(mappingInfo);
    }
}
