using System.Data;
using System.Data.Common;
using System.Reflection;
using Microsoft.EntityFrameworkCore.Storage;

namespace Lightning.EFCore.Storage.Internal;

/// <summary>float in a REAL column: read as double (KV-SQL has one real class) and narrowed by EF Core's shaper.</summary>
public class LightningFloatTypeMapping : FloatTypeMapping
{
    private static readonly MethodInfo GetDouble = typeof(DbDataReader).GetMethod(nameof(DbDataReader.GetDouble), [typeof(int)])!;

    /// <summary>Creates the mapping for <paramref name="storeType"/>.</summary>
    public LightningFloatTypeMapping(string storeType) : base(storeType, System.Data.DbType.Single)
    {
    }

    /// <summary>Copy constructor for the <c>With…</c> methods.</summary>
    protected LightningFloatTypeMapping(RelationalTypeMappingParameters parameters) : base(parameters)
    {
    }

    /// <inheritdoc />
    public override MethodInfo GetDataReaderMethod() => GetDouble;

    /// <inheritdoc />
    protected override RelationalTypeMapping Clone(RelationalTypeMappingParameters parameters) => new LightningFloatTypeMapping(parameters);

    /// <inheritdoc />
    protected override void ConfigureParameter(DbParameter parameter)
    {
        // Sent as double so the stored REAL is exactly the float's value.
        if (parameter.Value is float f) parameter.Value = (double)f;
        parameter.DbType = System.Data.DbType.Double;
    }
}

/// <summary>decimal as exact invariant text (KV-SQL's DECIMAL); literals in the same form as parameters.</summary>
public class LightningDecimalTypeMapping : DecimalTypeMapping
{
    /// <summary>Creates the mapping for <paramref name="storeType"/>.</summary>
    public LightningDecimalTypeMapping(string storeType) : base(storeType, System.Data.DbType.Decimal)
    {
    }

    /// <summary>Copy constructor for the <c>With…</c> methods.</summary>
    protected LightningDecimalTypeMapping(RelationalTypeMappingParameters parameters) : base(parameters)
    {
    }

    /// <inheritdoc />
    protected override RelationalTypeMapping Clone(RelationalTypeMappingParameters parameters) => new LightningDecimalTypeMapping(parameters);

    /// <inheritdoc />
    protected override string GenerateNonNullSqlLiteral(object value) => LightningLiterals.Text(value);
}

/// <summary>Guid as canonical text (KV-SQL's GUID).</summary>
public class LightningGuidTypeMapping : GuidTypeMapping
{
    /// <summary>Creates the mapping for <paramref name="storeType"/>.</summary>
    public LightningGuidTypeMapping(string storeType) : base(storeType, System.Data.DbType.Guid)
    {
    }

    /// <summary>Copy constructor for the <c>With…</c> methods.</summary>
    protected LightningGuidTypeMapping(RelationalTypeMappingParameters parameters) : base(parameters)
    {
    }

    /// <inheritdoc />
    protected override RelationalTypeMapping Clone(RelationalTypeMappingParameters parameters) => new LightningGuidTypeMapping(parameters);

    /// <inheritdoc />
    protected override string GenerateNonNullSqlLiteral(object value) => LightningLiterals.Text(value);
}

/// <summary>DateTime as ISO-8601 text, the form Lightning.Data stores for DateTime parameters (sorts chronologically).</summary>
public class LightningDateTimeTypeMapping : DateTimeTypeMapping
{
    /// <summary>Creates the mapping for <paramref name="storeType"/>.</summary>
    public LightningDateTimeTypeMapping(string storeType) : base(storeType, System.Data.DbType.DateTime)
    {
    }

    /// <summary>Copy constructor for the <c>With…</c> methods.</summary>
    protected LightningDateTimeTypeMapping(RelationalTypeMappingParameters parameters) : base(parameters)
    {
    }

    /// <inheritdoc />
    protected override RelationalTypeMapping Clone(RelationalTypeMappingParameters parameters) => new LightningDateTimeTypeMapping(parameters);

    /// <inheritdoc />
    protected override string GenerateNonNullSqlLiteral(object value) => LightningLiterals.Text(value);
}

/// <summary>DateOnly as <c>yyyy-MM-dd</c> text.</summary>
public class LightningDateOnlyTypeMapping : DateOnlyTypeMapping
{
    /// <summary>Creates the mapping for <paramref name="storeType"/>.</summary>
    public LightningDateOnlyTypeMapping(string storeType) : base(storeType, System.Data.DbType.Date)
    {
    }

    /// <summary>Copy constructor for the <c>With…</c> methods.</summary>
    protected LightningDateOnlyTypeMapping(RelationalTypeMappingParameters parameters) : base(parameters)
    {
    }

    /// <inheritdoc />
    protected override RelationalTypeMapping Clone(RelationalTypeMappingParameters parameters) => new LightningDateOnlyTypeMapping(parameters);

    /// <inheritdoc />
    protected override string GenerateNonNullSqlLiteral(object value) => LightningLiterals.Text(value);
}

/// <summary>DateTimeOffset as ISO-8601 text with its offset.</summary>
public class LightningDateTimeOffsetTypeMapping : DateTimeOffsetTypeMapping
{
    /// <summary>Creates the mapping for <paramref name="storeType"/>.</summary>
    public LightningDateTimeOffsetTypeMapping(string storeType) : base(storeType, System.Data.DbType.DateTimeOffset)
    {
    }

    /// <summary>Copy constructor for the <c>With…</c> methods.</summary>
    protected LightningDateTimeOffsetTypeMapping(RelationalTypeMappingParameters parameters) : base(parameters)
    {
    }

    /// <inheritdoc />
    protected override RelationalTypeMapping Clone(RelationalTypeMappingParameters parameters) => new LightningDateTimeOffsetTypeMapping(parameters);

    /// <inheritdoc />
    protected override string GenerateNonNullSqlLiteral(object value) => LightningLiterals.Text(value);
}

/// <summary>TimeOnly as <c>HH:mm:ss.FFFFFFF</c> text.</summary>
public class LightningTimeOnlyTypeMapping : TimeOnlyTypeMapping
{
    /// <summary>Creates the mapping for <paramref name="storeType"/>.</summary>
    public LightningTimeOnlyTypeMapping(string storeType) : base(storeType, System.Data.DbType.Time)
    {
    }

    /// <summary>Copy constructor for the <c>With…</c> methods.</summary>
    protected LightningTimeOnlyTypeMapping(RelationalTypeMappingParameters parameters) : base(parameters)
    {
    }

    /// <inheritdoc />
    protected override RelationalTypeMapping Clone(RelationalTypeMappingParameters parameters) => new LightningTimeOnlyTypeMapping(parameters);

    /// <inheritdoc />
    protected override string GenerateNonNullSqlLiteral(object value) => LightningLiterals.Text(value);
}

/// <summary>TimeSpan as constant-format (<c>c</c>) text.</summary>
public class LightningTimeSpanTypeMapping : TimeSpanTypeMapping
{
    /// <summary>Creates the mapping for <paramref name="storeType"/>.</summary>
    public LightningTimeSpanTypeMapping(string storeType) : base(storeType, System.Data.DbType.Time)
    {
    }

    /// <summary>Copy constructor for the <c>With…</c> methods.</summary>
    protected LightningTimeSpanTypeMapping(RelationalTypeMappingParameters parameters) : base(parameters)
    {
    }

    /// <inheritdoc />
    protected override RelationalTypeMapping Clone(RelationalTypeMappingParameters parameters) => new LightningTimeSpanTypeMapping(parameters);

    /// <inheritdoc />
    protected override string GenerateNonNullSqlLiteral(object value) => LightningLiterals.Text(value);
}
