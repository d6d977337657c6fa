using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using Lightning.Data.Storage;

namespace Lightning.Data;

// STUB: replaced by the full implementation.
/// <summary>A parameter of a <see cref="LightningCommand"/>.</summary>
public sealed class LightningParameter : DbParameter
{
    /// <inheritdoc />
    public override DbType DbType { get; set; }
    /// <inheritdoc />
    public override ParameterDirection Direction { get; set; }
    /// <inheritdoc />
    public override bool IsNullable { get; set; }
    /// <inheritdoc />
    [AllowNull] public override string ParameterName { get; set; } = "";
    /// <inheritdoc />
    public override int Size { get; set; }
    /// <inheritdoc />
    [AllowNull] public override string SourceColumn { get; set; } = "";
    /// <inheritdoc />
    public override bool SourceColumnNullMapping { get; set; }
    /// <inheritdoc />
    public override object? Value { get; set; }
    /// <inheritdoc />
    public override void ResetDbType() { }

    internal SqlValue GetSqlValue() => SqlValue.Null;
}
